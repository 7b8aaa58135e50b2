import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import RuleBuilder from "./RuleBuilder.jsx";
import WaitForm from "./forms/WaitForm.jsx";
import EntryForm from "./forms/EntryForm.jsx";
import { CatalogContext, EMPTY_CATALOG } from "./catalogContext.js";

const catalog = { ...EMPTY_CATALOG, event_names: [
  { name: "login", count_30d: 40, last_at: "2026-11-29T10:00:00+00:00", properties: { plan: "text", seats: "number" } },
  { name: "trial_started", count_30d: 3, last_at: null, properties: {} }] };

function Harness({ initial, onValue, Form }) {
  const [value, setValue] = useState(initial);
  const change = (v) => { setValue(v); onValue(v); };
  return (
    <CatalogContext.Provider value={catalog}>
      {Form ? <Form config={value} onChange={change} /> : <RuleBuilder value={value} onChange={change} />}
    </CatalogContext.Provider>
  );
}

describe("events in the designer", () => {
  it("builds 'login at least 3 times in the last 7 days where plan is pro'", () => {
    const onRule = vi.fn();
    render(<Harness initial={{ all: [] }} onValue={onRule} />);
    fireEvent.click(screen.getByRole("button", { name: "+ Condition" }));
    fireEvent.change(screen.getByLabelText("Condition 1: property"), { target: { value: "event.login.count" } });
    fireEvent.change(screen.getByLabelText("Condition 1: operator"), { target: { value: "gte" } });
    fireEvent.change(screen.getByLabelText("Condition 1: value"), { target: { value: "3" } });
    fireEvent.change(screen.getByLabelText("Condition 1: window in days (empty = all kept history)"), { target: { value: "7" } });
    fireEvent.click(screen.getByRole("button", { name: "+ Property filter" }));
    fireEvent.change(screen.getByLabelText("Condition 1: filter 1: value"), { target: { value: "pro" } });
    expect(onRule).toHaveBeenLastCalledWith({ all: [{ property: "event.login.count", op: "gte", value: 3,
      within: { days: 7 }, where: { all: [{ property: "properties.plan", op: "eq", value: "pro" }] } }] });
    fireEvent.click(screen.getByRole("button", { name: "Remove Condition 1: filter 1" }));
    fireEvent.change(screen.getByLabelText("Condition 1: window in days (empty = all kept history)"), { target: { value: "" } });
    expect(onRule).toHaveBeenLastCalledWith({ all: [{ property: "event.login.count", op: "gte", value: 3 }] });
  });

  it("waits until an event, with a timeout", () => {
    const onConfig = vi.fn();
    render(<Harness initial={{ for: { days: 1 } }} onValue={onConfig} Form={WaitForm} />);
    fireEvent.click(screen.getByLabelText(/Until the account does something/));
    fireEvent.change(screen.getByLabelText("Event to wait for"), { target: { value: "login" } });
    fireEvent.change(screen.getByLabelText("Otherwise take the “Timed out” path after (days)"), { target: { value: "3" } });
    expect(onConfig).toHaveBeenLastCalledWith({ until_event: { name: "login", timeout: { days: 3 } } });
  });

  it("enters on an event beside the segments", () => {
    const onConfig = vi.fn();
    render(<Harness initial={{ segments: [], reenroll: { mode: "never" }, enroll_existing: false }} onValue={onConfig} Form={EntryForm} />);
    fireEvent.click(screen.getByRole("button", { name: "+ Event" }));
    fireEvent.change(screen.getByLabelText("Entry event 1"), { target: { value: "trial_started" } });
    expect(onConfig).toHaveBeenLastCalledWith({ segments: [], reenroll: { mode: "never" }, enroll_existing: false,
      events: [{ name: "trial_started" }] });
    fireEvent.click(screen.getByRole("button", { name: "Remove event" }));
    expect(onConfig.mock.lastCall[0].events).toBeUndefined();
  });
});

describe("event names nobody sends", () => {
  it("the entry's event picker says when no such event arrived, and names the closest one seen", () => {
    render(<Harness initial={{ segments: [], events: [], reenroll: { mode: "never" } }} onValue={() => {}} Form={EntryForm} />);
    fireEvent.click(screen.getByRole("button", { name: "+ Event" }));
    const input = screen.getByLabelText("Entry event 1");
    fireEvent.change(input, { target: { value: "trial_strated" } });
    expect(screen.getByRole("note").textContent).toBe(
      "No “trial_strated” event has been received yet: check the name your product sends. Did you mean “trial_started”?");
    fireEvent.change(input, { target: { value: "login" } });
    expect(screen.queryByRole("note")).toBeNull();
  });

  it("says when a name was seen but not in the last 30 days", async () => {
    const { eventNameHint } = await import("./EventFields.jsx");
    expect(eventNameHint("signup", [{ name: "signup", count_30d: 0, last_at: "2026-09-01T10:00:00+00:00" }]))
      .toBe("No “signup” event in the last 30 days (the last on 2026-09-01).");
    expect(eventNameHint("tri", [{ name: "trial_started", count_30d: 3 }]))
      .toBe("No “tri” event has been received yet: check the name your product sends. Did you mean “trial_started”?");
    expect(eventNameHint("zzz", [{ name: "login", count_30d: 3 }]))
      .toBe("No “zzz” event has been received yet: check the name your product sends.");
  });
});
