// The delivery flags of email and task steps, and the journey's send window form: each writes
// the SPEC §8 config, leaving unset flags out.
import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import DeliveryFlags from "./DeliveryFlags.jsx";
import SendWindowFields from "../SendWindowFields.jsx";
import { editorStore } from "../../store/editorStore.js";

function Harness({ initial, onConfig, email }) {
  const [config, setConfig] = useState(initial);
  return <DeliveryFlags email={email} config={config} onChange={(c) => { setConfig(c); onConfig(c); }} />;
}

describe("delivery flags", () => {
  it("sets and clears ignore_send_window, transactional and on_cap on an email", () => {
    const onConfig = vi.fn();
    const base = { action: "send_email", template: "tips", to: { contacts: "all" } };
    render(<Harness initial={base} onConfig={onConfig} email />);
    fireEvent.click(screen.getByLabelText("Go at once, outside the send window too"));
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, ignore_send_window: true });
    fireEvent.click(screen.getByLabelText("Skip this email and go on"));
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, ignore_send_window: true, on_cap: "skip" });
    fireEvent.click(screen.getByLabelText("Wait until the cap allows it"));
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, ignore_send_window: true });
    fireEvent.click(screen.getByLabelText(/Transactional/));
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, ignore_send_window: true, transactional: true });
    expect(screen.queryByLabelText("Skip this email and go on")).toBeNull();
  });

  it("offers only the window flag on a task", () => {
    render(<Harness initial={{ action: "create_task" }} onConfig={vi.fn()} />);
    expect(screen.getByLabelText("Go at once, outside the send window too")).toBeTruthy();
    expect(screen.queryByLabelText(/Transactional/)).toBeNull();
  });
});

describe("send window form", () => {
  it("turns the window on with weekday office hours, edits it, and off again", () => {
    editorStore.getState().load({ id: 1, key: "j", name: "J", description: "", draft_version: 1,
      graph: { format: "journey/v1", nodes: [], edges: [] } });
    render(<SendWindowFields />);
    fireEvent.click(screen.getByLabelText("Only send emails and create tasks inside a send window"));
    const window = () => editorStore.getState().toGraph().settings?.send_window;
    expect(window()).toEqual({ days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "17:00", timezone: "account" });
    fireEvent.click(screen.getByLabelText("Sat"));
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "08:30" } });
    fireEvent.click(screen.getByLabelText("In each account's time zone (else the workspace default)"));
    fireEvent.change(screen.getByLabelText("Time zone"), { target: { value: "Europe/Berlin" } });
    expect(window()).toEqual({ days: ["mon", "tue", "wed", "thu", "fri", "sat"], start: "08:30", end: "17:00",
      timezone: "Europe/Berlin" });
    expect(screen.getByText(/Mon, Tue, Wed, Thu, Fri, Sat from 08:30 to 17:00, in Europe\/Berlin/)).toBeTruthy();
    expect(editorStore.getState().dirty).toBe(true);
    fireEvent.click(screen.getByLabelText("Only send emails and create tasks inside a send window"));
    expect(editorStore.getState().toGraph().settings).toBeUndefined();
  });
});
