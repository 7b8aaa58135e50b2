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

  it("names an entry step's segments by their names, not their keys", () => {
    const catalog = { ...EMPTY_CATALOG, segments: [{ key: "new-low-touch", name: "New accounts, low touch" }] };
    const { container } = render(<CatalogContext.Provider value={catalog}><StepDetail detail={{ segments: ["new-low-touch"] }} /></CatalogContext.Provider>);
    expect(container.textContent).toBe("SegmentsNew accounts, low touch");
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
    expect(container.textContent).toContain("outbox emails: #57, #58 · from: journeys@localhost");
    expect(container.textContent).not.toContain("{");
    // dates and moments as every page says them (the tests' zone is Asia/Tokyo)
    rerender(<StepDetail detail={{ due_on: "2026-12-01", wake_at: "2026-12-01T09:00:00+00:00" }} />);
    expect(container.textContent).toContain("1 Dec 2026");
    expect(container.textContent).toContain("1 Dec 2026, 18:00");
    expect(container.textContent).not.toContain("2026-12-01");
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
    expect(list.textContent).toBe("TemplateWelcome"); // its name (the key in words, with no catalog)
  });

  it("says an email step's fields in the editor's words, not its codes", () => {
    const catalog = { ...EMPTY_CATALOG, templates: [{ key: "onboarding-1", name: "Onboarding 1" }] };
    const rows = (detail) => {
      const { container, unmount } = render(<CatalogContext.Provider value={catalog}><StepDetail detail={detail} /></CatalogContext.Provider>);
      const out = [...container.querySelectorAll("dl.detail-list > div")].map((d) => [d.querySelector("dt").textContent, d.querySelector("dd").textContent]);
      unmount();
      return Object.fromEntries(out);
    };
    const email = rows({ kind: "send_email", key: "k", node_id: "n", sender: "csm", template: "onboarding-1", to: "all_contacts",
      role: null, transactional: false });
    expect(email).toEqual({ Sender: "The account's CSM (the workspace's default sender when it has none)", Template: "Onboarding 1",
      To: "All contacts", Transactional: "No" });
    expect(rows({ kind: "send_email", sender: "success@x.test", to: "role", role: "admin", transactional: true }))
      .toEqual({ Sender: "success@x.test", To: "Contacts with role “admin”", Transactional: "Yes: not counted toward the frequency cap, never held by it" });
    expect(rows({ kind: "send_email", to: "staff", staff_field: "sales_manager" })).toEqual({ To: "The account's sales manager" });
    expect(rows({ kind: "create_task", assignee: "csm", priority: "high" })).toEqual({ Assignee: "The account's CSM", Priority: "High" });
  });
});
