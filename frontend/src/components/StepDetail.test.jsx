import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import StepDetail from "./StepDetail.jsx";

describe("StepDetail", () => {
  it("shows each condition's actual value and verdict from an explained rule", () => {
    const detail = {
      verdict: false,
      rule: { all: [
        { property: "custom.logins_30d", op: "gte", value: 5, actual: 2, verdict: false },
        { not: { property: "segment", op: "has_met", value: "vip", actual: false, verdict: false }, verdict: true },
      ], verdict: false },
    };
    const { container } = render(<StepDetail detail={detail} />);
    expect(container.textContent).toContain("custom.logins_30d gte 5 — actual: 2");
    expect(container.textContent).toContain("NOT:");
    expect(screen.getAllByLabelText("false").length).toBe(3);
    expect(screen.getAllByLabelText("true").length).toBe(1);
  });

  it("lists plain detail fields and renders nothing for an empty detail", () => {
    const { container, rerender } = render(<StepDetail detail={{ email_id: 5, to: ["a@x.test"] }} />);
    expect(container.textContent).toContain("email_id5");
    expect(container.textContent).toContain('["a@x.test"]');
    rerender(<StepDetail detail={{}} />);
    expect(container.textContent).toBe("");
  });
});
