import { describe, expect, it } from "vitest";
import { splitSnippet } from "./snippet";

describe("splitSnippet", () => {
  const check = (input: string, expected: [string, boolean][]) =>
    expect(splitSnippet(input).map((p) => [p.text, p.mark])).toEqual(expected);

  it("marks the text between brackets", () => {
    check("we went [climbing] at the [wall] today", [
      ["we went ", false],
      ["climbing", true],
      [" at the ", false],
      ["wall", true],
      [" today", false],
    ]);
  });

  it("handles matches at the edges and adjacent matches", () => {
    check("[Jay] said", [["Jay", true], [" said", false]]);
    check("said [no]", [["said ", false], ["no", true]]);
    check("[a][b]", [["a", true], ["b", true]]);
  });

  it("keeps unmatched and empty brackets as literal text", () => {
    check("score [3 out of 5", [["score [3 out of 5", false]]);
    check("a ] b", [["a ] b", false]]);
    check("empty [] here", [["empty [] here", false]]);
  });

  it("never interprets markup: tags stay as text", () => {
    const parts = splitSnippet("<script>x</script> [<b>]");
    expect(parts).toEqual([
      { text: "<script>x</script> ", mark: false },
      { text: "<b>", mark: true },
    ]);
  });

  it("returns nothing for an empty snippet", () => {
    expect(splitSnippet("")).toEqual([]);
  });
});
