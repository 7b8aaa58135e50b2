import { describe, expect, it } from "vitest";
import { render } from "@testing-library/react";
import { categoryAxisWidth, charsPerBand, wrapLabel } from "./chartLabels.js";
import { CategoryTick } from "./ReportCharts.jsx";

const LONG = "Welcome email from the customer success manager, with the kickoff agenda";

describe("chart labels", () => {
  it("wraps a long name at spaces onto two lines and cuts the rest with an ellipsis", () => {
    const { lines, truncated, full } = wrapLabel(LONG, 26, 2);
    expect(lines).toEqual(["Welcome email from the", "customer success manager…"]); // the comma at the cut goes
    expect(truncated).toBe(true);
    expect(full).toBe(LONG);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(26);
  });

  it("leaves a short name alone and breaks a long key after an underscore", () => {
    expect(wrapLabel("Call them", 26, 2)).toMatchObject({ lines: ["Call them"], truncated: false });
    expect(wrapLabel("personal_welcome_email_from_csm", 14, 2).lines).toEqual(["personal_", "welcome_email…"]);
    expect(wrapLabel("abcdefghijklmnopqrstuvwxyz", 10, 1).lines).toEqual(["abcdefghi…"]);
  });

  it("sizes a names axis to its longest wrapped line, never to the whole name", () => {
    expect(categoryAxisWidth(["Call them"])).toBeLessThan(categoryAxisWidth(["Wait ten days before checking"]));
    expect(categoryAxisWidth([LONG], { maxChars: 26 })).toBe(categoryAxisWidth(["x".repeat(25)], { maxChars: 26 }));
    expect(charsPerBand(600, 2)).toBe(44);
  });

  it("draws a tick as wrapped lines with the full name as its tooltip", () => {
    const { container } = render(<svg><CategoryTick x={120} y={40} payload={{ value: LONG }} axis="y" /></svg>);
    const text = container.querySelector("text");
    expect(text.querySelector("title").textContent).toBe(LONG);
    expect([...text.querySelectorAll("tspan")].map((t) => t.textContent)).toEqual(["Welcome email from the", "customer success manager…"]);
    expect(text.getAttribute("text-anchor")).toBe("end");
    // under a bar: as wide as the bar's share of the axis (two bars on 240 px: 16 characters)
    const { container: under } = render(<svg><CategoryTick x={60} y={200} payload={{ value: "scheduled_kickoff_phone_call" }}
      axis="x" width={240} visibleTicksCount={2} maxChars={40} /></svg>);
    expect([...under.querySelectorAll("tspan")].map((t) => t.textContent)).toEqual(["scheduled_", "kickoff_phone…"]);
  });
});
