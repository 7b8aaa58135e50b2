import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import RuleBuilder from "./RuleBuilder.jsx";
import { CatalogContext, EMPTY_CATALOG } from "./catalogContext.js";

const catalog = { ...EMPTY_CATALOG, segments: [{ key: "vip", name: "VIP accounts" }], attributes: [{ key: "active", label: "Active", type: "boolean" }] };

function Harness({ initial, onRule }) {
  const [rule, setRule] = useState(initial);
  return (
    <CatalogContext.Provider value={catalog}>
      <RuleBuilder value={rule} onChange={(r) => { setRule(r); onRule(r); }} />
    </CatalogContext.Provider>
  );
}

describe("RuleBuilder", () => {
  it("adds a condition and switches to a between with two number inputs", () => {
    const onRule = vi.fn();
    render(<Harness initial={{ all: [] }} onRule={onRule} />);
    fireEvent.click(screen.getByRole("button", { name: "+ Condition" }));
    fireEvent.change(screen.getByLabelText("Condition 1: operator"), { target: { value: "between" } });
    fireEvent.change(screen.getByLabelText("Condition 1: value: to"), { target: { value: "500" } });
    expect(onRule).toHaveBeenLastCalledWith({ all: [{ property: "account.mrr", op: "between", value: [0, 500] }] });
  });

  it("uses a comma list for in / not_in and no value for boolean ops", () => {
    const onRule = vi.fn();
    render(<Harness initial={{ any: [{ property: "account.stage", op: "in", value: [] }, { property: "custom.active", op: "is_true" }] }} onRule={onRule} />);
    fireEvent.change(screen.getByLabelText("Condition 1: value (separate with commas)"), { target: { value: "trial, onboarding" } });
    expect(onRule).toHaveBeenLastCalledWith({ any: [{ property: "account.stage", op: "in", value: ["trial", "onboarding"] }, { property: "custom.active", op: "is_true" }] });
    expect(screen.queryByLabelText(/Condition 2: value/)).toBeNull();
  });

  it("says an account “is in” a segment (as the rule in words does), and “has met” a milestone", () => {
    render(<Harness initial={{ all: [{ property: "segment", op: "has_met", value: "vip" }, { property: "milestone", op: "has_met", value: "" }] }} onRule={vi.fn()} />);
    const words = (n) => [...screen.getByLabelText(`Condition ${n}: operator`).options].map((o) => o.textContent);
    expect(words(1)).toEqual(["is in", "is not in"]);
    expect(words(2)).toEqual(["has met", "has not met"]);
  });

  it("wraps a row in NOT and nests groups", () => {
    const onRule = vi.fn();
    render(<Harness initial={{ all: [{ property: "segment", op: "has_met", value: "vip" }] }} onRule={onRule} />);
    fireEvent.click(screen.getByRole("checkbox", { name: "NOT" }));
    expect(onRule).toHaveBeenLastCalledWith({ all: [{ not: { property: "segment", op: "has_met", value: "vip" } }] });
    fireEvent.click(screen.getByRole("button", { name: "+ Group" }));
    const last = onRule.mock.lastCall[0];
    expect(last.all[1]).toEqual({ any: [{ property: "account.mrr", op: "gt", value: 0 }] });
    fireEvent.change(screen.getByLabelText("How the rule combines"), { target: { value: "any" } });
    expect(Object.keys(onRule.mock.lastCall[0])).toEqual(["any"]);
  });

  it("offers catalog keys for segment conditions and relative dates for date ops", () => {
    const onRule = vi.fn();
    render(<Harness initial={{ all: [{ property: "segment", op: "has_met", value: "" }] }} onRule={onRule} />);
    fireEvent.change(screen.getByLabelText("Condition 1: value"), { target: { value: "vip" } });
    expect(onRule).toHaveBeenLastCalledWith({ all: [{ property: "segment", op: "has_met", value: "vip" }] });
    fireEvent.change(screen.getByLabelText("Condition 1: property"), { target: { value: "account.next_billing_on" } });
    expect(onRule).toHaveBeenLastCalledWith({ all: [{ property: "account.next_billing_on", op: "before", value: { days_from_now: 0 } }] });
    fireEvent.change(screen.getByLabelText("Condition 1: value: days from today (negative = ago)"), { target: { value: "-7" } });
    expect(onRule).toHaveBeenLastCalledWith({ all: [{ property: "account.next_billing_on", op: "before", value: { days_from_now: -7 } }] });
  });
});

describe("the property picker", () => {
  it("names a subscription's field apart from the account's of the same name, also when closed", () => {
    render(<Harness initial={{ all: [{ property: "subscription.status", op: "eq", value: "active" }] }} onRule={() => {}} />);
    const picker = screen.getByLabelText("Condition 1: property");
    const texts = [...picker.options].map((o) => o.textContent);
    expect(new Set(texts).size).toBe(texts.length);  // no two options read the same
    expect(picker.options[picker.selectedIndex].textContent).toBe("Status (any subscription)");
  });
});
