import { describe, expect, it } from "vitest";
import { addMonths, defaultSessionTimes, formatDate, formatDateTime, formatTimeRange, timeOfDay, toDateTimeInput } from "./dates";

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
    expect(formatDate("2025-03-04")).toBe("4 March 2025");
    expect(formatDateTime("2025-03-04T21:04")).toBe("Tue 4 Mar 2025, 21:04");
    expect(formatDate("not a date")).toBe("not a date");
    expect(toDateTimeInput(new Date(2025, 0, 9, 7, 5))).toBe("2025-01-09T07:05");
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
