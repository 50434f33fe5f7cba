import { describe, expect, it } from "vitest";
import type { Choice } from "$lib/ipc/bindings";
import { otherKinds, readLastChoices, stillOffered, toSessionInput, writeLastChoices, type RecordForm } from "./record";

const kinds: Choice[] = [
  { value: "young_person", label: "Young person", hint: null },
  { value: "parent", label: "Parent", hint: null },
  { value: "carer", label: "Carer", hint: null },
];

const form = (over: Partial<RecordForm> = {}): RecordForm => ({
  start: "2025-03-04T18:00",
  end: "2025-03-04T19:00",
  setting: "home",
  mode: "face_to_face",
  activity: "one_to_one",
  youngPersonAttended: true,
  others: [],
  significant: false,
  ...over,
});

describe("toSessionInput", () => {
  it("puts the young person first when they attended", () => {
    const input = toSessionInput("yp1", "Jay", form({ others: [{ key: 1, kind: "parent", name: " Sam " }], significant: true }), kinds);
    expect(input).toEqual({
      significant: true,
      fromTimer: false,
      fromPlan: "",
      youngPersonId: "yp1",
      start: "2025-03-04T18:00",
      end: "2025-03-04T19:00",
      setting: "home",
      mode: "face_to_face",
      activity: "one_to_one",
      attendees: [
        { kind: "young_person", name: "Jay" },
        { kind: "parent", name: "Sam" },
      ],
    });
  });

  it("leaves the young person out when they did not attend, and drops empty rows only", () => {
    const input = toSessionInput(
      "yp1",
      "Jay",
      form({
        youngPersonAttended: false,
        others: [
          { key: 1, kind: "", name: "" },
          { key: 2, kind: "carer", name: "" },
        ],
      }),
      kinds,
    );
    expect(input.attendees).toEqual([{ kind: "carer", name: "" }]);
  });

  it("offers every kind but the young person for other rows", () => {
    expect(otherKinds(kinds).map((k) => k.value)).toEqual(["parent", "carer"]);
  });
});

describe("remembered choices", () => {
  it("round-trips through storage and ignores junk", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(readLastChoices(storage)).toBeNull();
    writeLastChoices(storage, { setting: "home", mode: "video", activity: "" });
    expect(readLastChoices(storage)).toEqual({ setting: "home", mode: "video", activity: "" });
    store.set("insideout.lastSessionChoices", "{not json");
    expect(readLastChoices(storage)).toBeNull();
  });

  it("forgets a value that is no longer offered", () => {
    expect(stillOffered("parent", kinds)).toBe("parent");
    expect(stillOffered("gone", kinds)).toBe("");
    expect(stillOffered(undefined, kinds)).toBe("");
  });
});
