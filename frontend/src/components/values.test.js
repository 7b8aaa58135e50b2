import { describe, expect, it } from "vitest";
import { valueWords } from "./values.js";
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
    expect(valueWords("2025-12-08T09:00:00Z", "date")).toBe("8 Dec 2025, 18:00"); // a moment: the viewer's time (test/setup.js)
    expect(valueWords("nope", "date")).toBe("nope");
  });
  it("reads outbox statuses as words", () => {
    expect(outboxStatusWords("queued")).toBe("Waiting to send");
    expect(outboxStatusWords("kept")).toBe("Kept here (no mail server set up)");
    expect(outboxStatusWords("odd")).toBe("odd");
  });
});
