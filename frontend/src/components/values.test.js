import { describe, expect, it } from "vitest";
import { dateWords, momentWords, simulatedWhen, valueWords } from "./values.js";
import { outboxStatusWords } from "./outboxStatus.js";

describe("values in words", () => {
  it("types values instead of showing JSON", () => {
    expect(valueWords(34, "number")).toBe("34");
    expect(valueWords(34.0)).toBe("34");
    expect(valueWords(1234.5, "number")).toBe("1,234.5");
    expect(valueWords("low", "text")).toBe("low");          // no JSON quotes
    expect(valueWords(true, "boolean")).toBe("Yes");
    expect(valueWords("2025-12-08", "date")).toBe("8 Dec 2025");
    expect(valueWords(null)).toBe("not set");
    expect(dateWords("nope")).toBe("nope");
  });
  it("says a simulated moment as day, weekday, date and time in the viewer's zone", () => {
    expect(momentWords("2025-12-08T09:00:00+00:00", "UTC")).toBe("Mon 8 Dec 09:00");
    expect(momentWords("2025-12-08T09:00:00+00:00", "America/New_York")).toBe("Mon 8 Dec 04:00");
    expect(simulatedWhen({ day: 7, at: "2025-12-08T09:00:00Z" }, "Europe/Paris")).toBe("Day 7, Mon 8 Dec 10:00");
    expect(simulatedWhen({ day: 0 })).toBe("Day 0");
  });
  it("reads outbox statuses as words", () => {
    expect(outboxStatusWords("queued")).toBe("Waiting to send");
    expect(outboxStatusWords("kept")).toBe("Kept here (no mail server set up)");
    expect(outboxStatusWords("odd")).toBe("odd");
  });
});
