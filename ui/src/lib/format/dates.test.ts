import { describe, expect, it } from "vitest";
import { addMonths, defaultSessionTimes, formatDate, formatDateTime, formatTimeRange, joinDate, splitDate, timeOfDay, toDateTimeInput } from "./dates";

describe("dates", () => {
  it("defaults a session to the hour before now", () => {
    expect(defaultSessionTimes(new Date(2025, 2, 4, 21, 4, 59))).toEqual({
      start: "2025-03-04T20:04",
      end: "2025-03-04T21:04",
    });
    // Across midnight.
    expect(defaultSessionTimes(new Date(2025, 2, 5, 0, 30))).toEqual({
      start: "2025-03-04T23:30",
      end: "2025-03-05T00:30",
    });
  });

  it("formats dates and date-times without time-zone shifts", () => {
    expect(formatDate("2025-03-04")).toBe("Tue 4 Mar 2025");
    expect(formatDate("2011-02-08")).toBe("Tue 8 Feb 2011");
    expect(formatDateTime("2025-03-04T21:04")).toBe("Tue 4 Mar 2025, 21:04");
    expect(formatDate("not a date")).toBe("not a date");
    expect(toDateTimeInput(new Date(2025, 0, 9, 7, 5))).toBe("2025-01-09T07:05");
  });

  it("splits a stored date into the fields a person types, and joins them back", () => {
    expect(splitDate("2011-02-08")).toEqual({ day: "8", month: "2", year: "2011", time: "" });
    expect(splitDate("2025-03-27T18:30")).toEqual({ day: "27", month: "3", year: "2025", time: "18:30" });
    expect(splitDate("2025-11")).toEqual({ day: "", month: "11", year: "2025", time: "" });
    expect(splitDate("")).toEqual({ day: "", month: "", year: "", time: "" });
    expect(joinDate({ day: "8", month: "2", year: "2011", time: "" })).toBe("2011-02-08");
    expect(joinDate({ day: "27", month: "3", year: "2025", time: "1830" }, { withTime: true })).toBe("2025-03-27T18:30");
    expect(joinDate({ day: "27", month: "3", year: "2025", time: "9.05" }, { withTime: true })).toBe("2025-03-27T09:05");
    expect(joinDate({ day: "", month: "11", year: "2025", time: "" }, { monthOnly: true })).toBe("2025-11");
    for (const v of ["2011-02-08", "2025-03-27T18:30"]) expect(joinDate(splitDate(v), { withTime: v.includes("T") })).toBe(v);
  });

  it("sends nothing for untouched fields, and what was typed when it is not a date", () => {
    expect(joinDate({ day: " ", month: "", year: "", time: "" })).toBe("");
    expect(joinDate({ day: "", month: "", year: "", time: "" }, { withTime: true })).toBe("");
    // Rust, not the form, says what is wrong: the month is missing here.
    expect(joinDate({ day: "8", month: "", year: "2011", time: "" })).toBe("2011--08");
    expect(joinDate({ day: "31", month: "2", year: "2025", time: "soon" }, { withTime: true })).toBe("2025-02-31Tsoon");
  });

  it("finds the time of day in a saved-at stamp", () => {
    expect(timeOfDay("2025-03-04T21:04:13")).toBe("21:04:13");
    expect(timeOfDay("2025-03-04T21:04")).toBe("21:04");
  });

  it("shows a zoned stamp (RFC 3339, as saveDraft returns) in local time", () => {
    const utc = "2025-07-04T20:04:13Z";
    const local = new Date(Date.UTC(2025, 6, 4, 20, 4, 13));
    const pad = (n: number) => String(n).padStart(2, "0");
    expect(timeOfDay(utc)).toBe(`${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}`);
    expect(timeOfDay("2025-07-04T20:04:13+01:00")).toBe(timeOfDay("2025-07-04T19:04:13Z"));
  });

  it("shortens a same-day range", () => {
    expect(formatTimeRange("2025-03-04T18:00", "2025-03-04T19:30")).toBe("Tue 4 Mar 2025, 18:00 to 19:30");
    expect(formatTimeRange("2025-03-04T23:00", "2025-03-05T01:00")).toBe(
      "Tue 4 Mar 2025, 23:00 to Wed 5 Mar 2025, 01:00",
    );
  });
});

describe("addMonths", () => {
  it("adds months, clamping to the end of a shorter month", () => {
    expect(addMonths("2025-03-04", 18)).toBe("2026-09-04");
    expect(addMonths("2024-08-31", 18)).toBe("2026-02-28");
    expect(addMonths("2026-08-31", 18)).toBe("2028-02-29");
    expect(addMonths("", 18)).toBeNull();
  });
});
