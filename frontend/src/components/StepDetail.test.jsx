import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import StepDetail from "./StepDetail.jsx";
import { CatalogContext, EMPTY_CATALOG } from "../inspector/catalogContext.js";

describe("StepDetail", () => {
  it("shows each condition's actual value and verdict from an explained rule", () => {
    const detail = {
      verdict: false,
      rule: { all: [
        { property: "custom.logins_30d", op: "gte", value: 5, actual: 2, verdict: false },
        { not: { property: "segment", op: "has_met", value: "vip", actual: false, verdict: false }, verdict: true },
      ], verdict: false },
    };
    const catalog = { ...EMPTY_CATALOG, attributes: [{ key: "logins_30d", label: "Logins in the last 30 days", type: "number" }],
      segments: [{ key: "vip", name: "VIP accounts" }] };
    const { container } = render(<CatalogContext.Provider value={catalog}><StepDetail detail={detail} /></CatalogContext.Provider>);
    expect(container.textContent).toContain("Logins in the last 30 days is at least 5 — was 2");
    expect(container.textContent).toContain("is in segment “VIP accounts”");
    expect(container.textContent).not.toContain("actual");
    expect(container.textContent).toContain("NOT:");
    expect(screen.getAllByLabelText("false").length).toBe(3);
    expect(screen.getAllByLabelText("true").length).toBe(1);
  });

  it("names account fields by their labels without a catalog, and quotes texts", () => {
    const { container } = render(<StepDetail detail={{ verdict: true, rule: {
      property: "account.status", op: "eq", value: "churned", actual: "churned", verdict: true } }} />);
    expect(container.textContent).toContain("Status is “churned” — was “churned”");
  });

  it("lists plain detail fields readably and renders nothing for an empty detail", () => {
    const { container, rerender } = render(<StepDetail detail={{ email_id: 5, to: ["a@x.test", "b@x.test"],
      result: { emails: [57, 58], from: "journeys@localhost", note: null } }} />);
    expect(container.textContent).toContain("Email id5");
    expect(container.textContent).toContain("a@x.test, b@x.test");
    expect(container.textContent).toContain("emails: 57, 58 · from: journeys@localhost");
    expect(container.textContent).not.toContain("{");
    rerender(<StepDetail detail={{}} />);
    expect(container.textContent).toBe("");
  });

  it("keeps the engine's keys (effect key, node id, kind) behind “Technical info” and drops empty rows", () => {
    render(<StepDetail detail={{ kind: "send_email", node_id: "hello", key: "33:hello:2", template: "welcome", body: null }} />);
    const technical = screen.getByText("Technical info").closest("details");
    expect(technical.open).toBe(false);
    expect(technical.textContent).toContain("33:hello:2");
    expect(technical.textContent).toContain("hello");
    const list = document.querySelector("dl.detail-list");
    expect(list.textContent).toBe("Templatewelcome");
  });
});
