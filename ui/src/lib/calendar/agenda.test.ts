import { describe, expect, it } from "vitest";
import { render } from "svelte/server";
import Agenda from "./Agenda.svelte";
import type { AgendaDay, AgendaItem } from "$lib/ipc/bindings";
import { agendaFrom, dayDate, splitAgenda, itemStatus, numberItems, whenAndWhere, withWhom, type ItemStatus } from "./agenda";

const item = (kind: string, extra: Partial<AgendaItem> = {}): AgendaItem => ({
  kind,
  planId: "a1",
  title: "Climbing taster",
  youngPersonName: "Sam",
  time: "10:00–15:00",
  place: "Leeds climbing wall",
  link: { to: "activity", youngPersonId: "yp1", activityId: "a1" },
  status: "Ready",
  ...extra,
});

function check(status: string, expected: ItemStatus) {
  expect(itemStatus(status), status).toEqual(expected);
}

describe("agenda item status", () => {
  it("reads each status Rust writes into how it looks", () => {
    check("", { look: "none", tag: "", detail: "" });
    check("Ready", { look: "ready", tag: "Ready", detail: "" });
    check("Not ready", { look: "not_ready", tag: "Not ready", detail: "" });
    check("Not ready: no consent yet", { look: "not_ready", tag: "Not ready", detail: "no consent yet" });
    check("Happened? Record it as a session", { look: "record", tag: "", detail: "Happened? Record it as a session" });
    check("Recorded as a session", { look: "plain", tag: "", detail: "Recorded as a session" });
  });

  it("does not take 'Not ready' for 'Ready'", () => {
    expect(itemStatus("Not ready: licence expired").look).toBe("not_ready");
    expect(itemStatus("Readying the kit").look).toBe("plain");
  });
});

describe("agenda words", () => {
  it("says who and what each kind is", () => {
    expect(withWhom(item("activity"))).toBe("Activity with Sam");
    expect(withWhom(item("residential"))).toBe("Family residential with Sam");
    expect(withWhom(item("session"))).toBe("Sam");
    expect(withWhom(item("planned"))).toBe("Planned session with Sam");
  });

  it("joins the time and place, leaving out what is empty", () => {
    expect(whenAndWhere(item("activity"))).toBe("10:00–15:00 · Leeds climbing wall");
    expect(whenAndWhere(item("session", { place: "" }))).toBe("10:00–15:00");
    expect(whenAndWhere(item("session", { time: " ", place: "" }))).toBe("");
  });

  it("adds the date only where the label does not say it", () => {
    expect(dayDate({ date: "2025-12-06", label: "Today", items: [] })).toBe("Sat 6 Dec 2025");
    expect(dayDate({ date: "2025-12-13", label: "Sat 13 Dec", items: [] })).toBe("");
  });

  it("starts two weeks before today's local date", () => {
    expect(agendaFrom(new Date(2025, 11, 6, 23, 59))).toBe("2025-11-22");
  });
});

describe("agenda item ids", () => {
  it("counts each kind from the start of the agenda, across days", () => {
    const days: AgendaDay[] = [
      { date: "2025-12-06", label: "Today", items: [item("session"), item("residential"), item("activity")] },
      { date: "2025-12-07", label: "Tomorrow", items: [item("residential"), item("activity")] },
    ];
    const ids = numberItems(days).map((d) => d.items.map((i) => i.id));
    expect(ids).toEqual([
      ["agenda-item-session-0", "agenda-item-residential-0", "agenda-item-activity-0"],
      ["agenda-item-residential-1", "agenda-item-activity-1"],
    ]);
  });

  it("keeps each item's fields and the day's date and label", () => {
    const [day] = numberItems([{ date: "2025-12-06", label: "Today", items: [item("activity")] }]);
    expect(day.date).toBe("2025-12-06");
    expect(day.label).toBe("Today");
    expect(day.items[0].link).toEqual({ to: "activity", youngPersonId: "yp1", activityId: "a1" });
  });
});

describe("the agenda as shown", () => {
  it("makes each item a link with its id, and its status in words", () => {
    const days: AgendaDay[] = [
      {
        date: "2025-12-06",
        label: "Today",
        items: [item("activity", { status: "Not ready: no consent yet" }), item("residential", { status: "Ready", link: { to: "residential", youngPersonId: "yp1", residentialId: "r1" } })],
      },
      { date: "2025-12-01", label: "Mon 1 Dec", items: [item("activity", { status: "Happened? Record it as a session" })] },
    ];
    const html = render(Agenda, { props: { days } }).body;
    expect(html).toMatch(/<a[^>]*id="agenda-item-activity-0"[^>]*href="\/young-people\/yp1\/activity\?activity=a1"/);
    expect(html).toMatch(/<a[^>]*id="agenda-item-residential-0"[^>]*href="\/young-people\/yp1\/residential\?residential=r1"/);
    expect(html).toContain('id="agenda-item-activity-1"');
    expect(html).toMatch(/class="tag tag-draft[^"]*">Not ready<\/strong>/);
    expect(html).toContain("no consent yet");
    expect(html).toMatch(/class="tag tag-finalised[^"]*">Ready<\/strong>/);
    expect(html).toContain("Happened? Record it as a session");
    expect(html).toContain("Sat 6 Dec 2025");
  });
});

describe("the plans waiting to be recorded", () => {
  it("keeps only past plans that happened and are not recorded, and the agenda from today", () => {
    const days = [
      { date: "2025-11-20", label: "Thu 20 Nov", items: [item("activity", { status: "Happened? Record it as a session" }), item("session", { status: "" })] },
      { date: "2025-11-21", label: "Fri 21 Nov", items: [item("planned", { status: "Recorded as a session" })] },
      { date: "2025-11-23", label: "Today", items: [item("planned", { status: "Planned" })] },
    ];
    const { toRecord, ahead } = splitAgenda(days, "2025-11-23");
    expect(toRecord.map((d) => d.items.map((i) => i.kind))).toEqual([["activity"]]);
    expect(ahead.map((d) => d.label)).toEqual(["Today"]);
    expect(agendaFrom(new Date(2025, 10, 23, 21, 30))).toBe("2025-11-09");
  });
});
