// The one way the front end calls Rust. Every generated command in bindings.ts goes through
// `invoke` here, so what any command's failure means for the whole window is handled once: the
// store locked itself (`locked`), or this is a supervisor's device (`supervisor_read_only`).
// Screens register what to do with `onError`; each failure still reaches its caller.
import { invoke as tauriInvoke } from "@tauri-apps/api/core";
import type { ErrorCode, ErrorDto } from "./bindings";
import { toErrorDto } from "$lib/forms/errors";

type Handler = (error: ErrorDto) => void;

const handlers = new Map<ErrorCode, Handler[]>();

/** Runs `handler` whenever a command fails with `code`. Returns a function that removes it. */
export function onError(code: ErrorCode, handler: Handler): () => void {
  const list = handlers.get(code) ?? [];
  list.push(handler);
  handlers.set(code, list);
  return () => {
    const remaining = (handlers.get(code) ?? []).filter((h) => h !== handler);
    handlers.set(code, remaining);
  };
}

/** Tells the registered handlers of `error`'s code; returns the error as an ErrorDto. */
function noteFailure(error: unknown): ErrorDto {
  const dto = toErrorDto(error);
  for (const handler of handlers.get(dto.code) ?? []) handler(dto);
  return dto;
}

/** Calls a Rust command; a failure is told to the handlers, then rejects as an ErrorDto. */
export async function invoke<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await tauriInvoke<T>(command, args);
  } catch (error) {
    throw noteFailure(error);
  }
}
