import { afterEach, describe, expect, it, vi } from "vitest";
import { Countdown } from "./countdown.svelte";

afterEach(() => vi.useRealTimers());

describe("Countdown", () => {
  it("counts whole seconds down to zero and stops", () => {
    vi.useFakeTimers();
    const c = new Countdown();
    c.start(3);
    expect(c.remaining).toBe(3);
    expect(c.running).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(c.remaining).toBe(2);
    vi.advanceTimersByTime(2000);
    expect(c.remaining).toBe(0);
    expect(c.running).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("does not run for zero seconds", () => {
    vi.useFakeTimers();
    const c = new Countdown();
    c.start(0);
    expect(c.running).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
