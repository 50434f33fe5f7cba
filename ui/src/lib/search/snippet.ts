// Search snippets arrive as plain text with `[` and `]` around each match. They are split into
// parts so that matches render as <mark> through normal (escaped) text interpolation.

export type SnippetPart = { text: string; mark: boolean };

/**
 * Splits a snippet into plain and marked parts. A `[` with no `]` after it, a stray `]` and an
 * empty `[]` are kept as literal text, so nothing in the note is dropped.
 */
export function splitSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const push = (text: string, mark: boolean) => {
    if (text === "") return;
    const last = parts[parts.length - 1];
    if (last !== undefined && last.mark === mark && !mark) last.text += text;
    else parts.push({ text, mark });
  };
  let rest = snippet;
  while (rest !== "") {
    const open = rest.indexOf("[");
    if (open === -1) {
      push(rest, false);
      break;
    }
    const close = rest.indexOf("]", open + 1);
    if (close === -1) {
      push(rest, false);
      break;
    }
    push(rest.slice(0, open), false);
    const inner = rest.slice(open + 1, close);
    if (inner === "") push("[]", false);
    else push(inner, true);
    rest = rest.slice(close + 1);
  }
  return parts;
}
