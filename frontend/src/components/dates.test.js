import { describe, expect, it } from "vitest";
import {
  dateWords, isCalendarDate, isMoment, momentIso, momentTitle, momentWords, simulatedWhen, todayIso, viewerTimeZone, whenWords,
} from "./dates.js";

describe("calendar dates", () => {
  it("say day, month and year, the day itself whatever the time zone", () => {
    expect(dateWords("2025-12-08")).toBe("8 Dec 2025");
    expect(dateWords("2026-09-30")).toBe("30 Sep 2026"); // not the "Sept" of some browsers' en-GB
    expect(dateWords("2026-01-01")).toBe("1 Jan 2026");
  });
  it("leave anything else as it is", () => {
    expect(dateWords("nope")).toBe("nope");
    expect(dateWords("2026-13-01")).toBe("2026-13-01");
    expect(dateWords(null)).toBe("");
    expect(isCalendarDate("2026-01-01")).toBe(true);
    expect(isCalendarDate("2026-01-01T09:00:00Z")).toBe(false);
  });
});

describe("moments", () => {
  const at = "2025-12-08T09:00:00+00:00";
  it("say the calendar date's words and a 24-hour time, in the zone asked for", () => {
    expect(momentWords(at, "UTC")).toBe("8 Dec 2025, 09:00");
    expect(momentWords(at, "America/New_York")).toBe("8 Dec 2025, 04:00");
    expect(momentWords(at, "Asia/Kolkata")).toBe("8 Dec 2025, 14:30");
    expect(momentWords("2025-12-31T23:30:00Z", "Europe/Paris")).toBe("1 Jan 2026, 00:30"); // the viewer's day
    expect(momentWords("2026-07-01T12:00:00Z", "Europe/London")).toBe("1 Jul 2026, 13:00"); // summer time
    expect(momentWords("2026-07-01T00:05:00Z", "UTC")).toBe("1 Jul 2026, 00:05"); // never "24:05"
  });
  it("are in the viewer's zone by default (the tests' is Asia/Tokyo, set in test/setup.js)", () => {
    expect(viewerTimeZone()).toBe("Asia/Tokyo");
    expect(momentWords(at)).toBe("8 Dec 2025, 18:00");
    expect(momentTitle(at)).toBe("2025-12-08T09:00:00Z (UTC) · shown in your time zone, Asia/Tokyo");
  });
  it("read a timestamp without an offset as UTC, as the database keeps it", () => {
    expect(momentWords("2025-12-08T09:00:00", "UTC")).toBe("8 Dec 2025, 09:00");
    expect(momentWords("2025-12-08 09:00:00.123456", "UTC")).toBe("8 Dec 2025, 09:00");
  });
  it("are empty for nothing, or for what is no moment", () => {
    expect(momentWords(null)).toBe("");
    expect(momentWords("")).toBe("");
    expect(momentWords("soon")).toBe("");
  });
  it("have a title in UTC, full ISO, naming the zone shown", () => {
    expect(momentIso(at)).toBe("2025-12-08T09:00:00Z");
    expect(momentIso("2025-12-08T10:00:00.250+01:00")).toBe("2025-12-08T09:00:00Z");
    expect(momentTitle(at, "Europe/Paris")).toBe("2025-12-08T09:00:00Z (UTC) · shown in your time zone, Europe/Paris");
    expect(momentTitle(null)).toBe("");
  });
  it("give today's calendar date in the viewer's zone, for a date box to start at", () => {
    const late = new Date("2026-03-31T22:30:00Z");
    expect(todayIso("UTC", late)).toBe("2026-03-31");
    expect(todayIso("Asia/Kolkata", late)).toBe("2026-04-01");
    expect(todayIso("America/Los_Angeles", new Date("2026-01-01T05:00:00Z"))).toBe("2025-12-31");
  });
  it("of a simulation say the journey's day first", () => {
    expect(simulatedWhen({ day: 7, at: "2025-12-08T09:00:00Z" }, "Europe/Paris")).toBe("Day 7 · 8 Dec 2025, 10:00");
    expect(simulatedWhen({ day: 0 })).toBe("Day 0");
  });
});

describe("raw values that are dates or moments", () => {
  it("read as dates and moments; others are left to the caller", () => {
    expect(whenWords("2026-12-01", "UTC")).toBe("1 Dec 2026");
    expect(whenWords("2026-12-01T09:00:00+00:00", "UTC")).toBe("1 Dec 2026, 09:00");
    expect(whenWords("low")).toBeUndefined();
    expect(whenWords(2026)).toBeUndefined();
    expect(isMoment("2026-12-01T09:00Z")).toBe(true);
    expect(isMoment("2026-12-01")).toBe(false);
  });
});
