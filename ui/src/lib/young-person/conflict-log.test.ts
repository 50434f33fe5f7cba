// The conflict log shows both values of a field changed on two devices at once, and marks a
// safety field; with no conflicts it shows nothing.
import { describe, expect, it } from "vitest";
import { render } from "svelte/server";
import ConflictLog from "./ConflictLog.svelte";

describe("ConflictLog", () => {
  it("shows nothing when there is no conflict", () => {
    const { body } = render(ConflictLog, { props: { conflicts: [] } });
    expect(body).not.toContain('id="conflicts"');
  });

  it("shows the kept and the other value, and flags a safety field", () => {
    const { body } = render(ConflictLog, {
      props: {
        conflicts: [
          { what: "Profile: local authority", kept: "Norfolk", other: "Suffolk", writtenAt: "2025-11-23T21:30:00Z", safety: false },
          {
            what: "Profile: risk indicators",
            kept: "At risk of child sexual exploitation (CSE); NEET",
            other: "NEET",
            writtenAt: "2025-11-23T21:31:00Z",
            safety: true,
          },
        ],
      },
    });
    expect(body).toContain("2 changes were");
    expect(body).toMatch(/id="conflict-kept-0"[^>]*>Norfolk</);
    expect(body).toMatch(/id="conflict-other-0"[^>]*>Suffolk</);
    expect(body).not.toContain('id="conflict-safety-0"');
    expect(body).toContain('id="conflict-safety-1"');
    expect(body).toContain("Kept (the more severe)");
  });
});
