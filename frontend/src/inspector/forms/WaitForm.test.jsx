import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import WaitForm from "./WaitForm.jsx";

function Harness({ initial, onConfig }) {
  const [config, setConfig] = useState(initial);
  return <WaitForm config={config} onChange={(c) => { setConfig(c); onConfig(c); }} />;
}

describe("WaitForm", () => {
  it("takes no negative duration: a minus sign is not typed in", () => {
    const onConfig = vi.fn();
    render(<Harness initial={{ for: { days: 0, hours: 2, minutes: 1 } }} onConfig={onConfig} />);
    const hours = screen.getByLabelText("Hours");
    expect(hours.getAttribute("min")).toBe("0");
    fireEvent.change(hours, { target: { value: "-3" } });
    expect(onConfig).not.toHaveBeenCalled();
    expect(hours.value).toBe("2");
    fireEvent.change(hours, { target: { value: "3" } });
    expect(onConfig).toHaveBeenLastCalledWith({ for: { days: 0, hours: 3, minutes: 1 } });
  });

  it("stops the minus key itself, so the digits typed after it are kept", () => {
    render(<Harness initial={{ for: { days: 1 } }} onConfig={vi.fn()} />);
    const minus = new KeyboardEvent("keydown", { key: "-", bubbles: true, cancelable: true });
    screen.getByLabelText("Hours").dispatchEvent(minus);
    expect(minus.defaultPrevented).toBe(true);
    const digit = new KeyboardEvent("keydown", { key: "3", bubbles: true, cancelable: true });
    screen.getByLabelText("Hours").dispatchEvent(digit);
    expect(digit.defaultPrevented).toBe(false);
  });

  it("says what an until-date wait does with an account that has no date", () => {
    render(<Harness initial={{ until_date: { property: "account.next_billing_on", offset: { days: -7 } } }} onConfig={vi.fn()} />);
    const hint = screen.getByText(/A date already past continues at once\./).textContent;
    expect(hint).toMatch(/An account with no date waits here until one is set/);
    expect(hint).toMatch(/no time limit, so an account whose date is never set may wait indefinitely/);
  });
});
