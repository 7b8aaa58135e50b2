import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import EmailFields, { fromChoice, recipientMode } from "./EmailFields.jsx";
import { CatalogContext, EMPTY_CATALOG } from "../catalogContext.js";

const catalog = {
  ...EMPTY_CATALOG,
  templates: [{ key: "tips", subject: "Tips", body: "Hi" }],
  users: [{ email: "asha@example.com", name: "Asha", role: "csm" }, { email: "boss@example.com", name: "Bea Boss", role: "admin" }],
};

function Harness({ initial, onConfig }) {
  const [config, setConfig] = useState(initial);
  return (
    <CatalogContext.Provider value={catalog}>
      <EmailFields config={config} onChange={(c) => { setConfig(c); onConfig(c); }} />
    </CatalogContext.Provider>
  );
}

const base = { action: "send_email", template: "tips", from: "csm" };

function sendTo() {
  return within(screen.getByRole("group", { name: "Send to" }));
}

describe("EmailFields recipients", () => {
  it("offers contacts, the account's CSM and sales manager, and a staff member", () => {
    render(<Harness initial={{ ...base, to: { contacts: "all" } }} onConfig={vi.fn()} />);
    expect(sendTo().getAllByRole("radio").map((r) => r.labels[0].textContent)).toEqual([
      "Contacts (all)", "Contacts with role", "Account's CSM", "Account's sales manager", "A staff member"]);
    expect(sendTo().getByLabelText("Contacts (all)").checked).toBe(true);
  });

  it("writes each choice in the SPEC's form", () => {
    const onConfig = vi.fn();
    render(<Harness initial={{ ...base, to: { contacts: "all" } }} onConfig={onConfig} />);
    fireEvent.click(sendTo().getByLabelText("Account's sales manager"));
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, to: { staff: "sales_manager" } });
    fireEvent.click(sendTo().getByLabelText("Account's CSM"));
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, to: { csm: true } });
    fireEvent.click(sendTo().getByLabelText("Contacts with role"));
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, to: { contacts: { role: "" } } });
  });

  it("picks a staff member from the catalog", () => {
    const onConfig = vi.fn();
    render(<Harness initial={{ ...base, to: { contacts: "all" } }} onConfig={onConfig} />);
    expect(screen.queryByLabelText("Staff member")).toBeNull();
    fireEvent.click(sendTo().getByLabelText("A staff member"));
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, to: { user: "" } });
    const picker = screen.getByLabelText("Staff member");
    expect([...picker.options].map((o) => o.textContent)).toEqual([
      "Choose…", "Asha (asha@example.com)", "Bea Boss (boss@example.com)"]);
    fireEvent.change(picker, { target: { value: "boss@example.com" } });
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, to: { user: "boss@example.com" } });
    expect(sendTo().getByLabelText("A staff member").checked).toBe(true);
  });

  it("reads every saved form back as its choice", () => {
    expect(recipientMode({ contacts: "all" })).toBe("all");
    expect(recipientMode({ contacts: { role: "admin" } })).toBe("role");
    expect(recipientMode({ csm: true })).toBe("csm");
    expect(recipientMode({ staff: "csm" })).toBe("csm");
    expect(recipientMode({ staff: "sales_manager" })).toBe("sales_manager");
    expect(recipientMode({ user: "asha@example.com" })).toBe("user");
    expect(recipientMode({ user: "" })).toBe("user");
  });
});

describe("EmailFields sender", () => {
  function from() {
    return within(screen.getByRole("group", { name: "From" }));
  }

  it("“A staff member” stays chosen and picks the sender among the staff (the only addresses validation takes)", () => {
    const onConfig = vi.fn();
    render(<Harness initial={{ ...base, to: { contacts: "all" } }} onConfig={onConfig} />);
    expect(screen.queryByLabelText("Sent from")).toBeNull();
    fireEvent.click(from().getByLabelText("A staff member"));
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, to: { contacts: "all" }, from: "" });
    expect(from().getByLabelText("A staff member").checked).toBe(true);
    expect(from().getByLabelText("The account's CSM").checked).toBe(false);
    const field = screen.getByLabelText("Sent from");
    expect(field.tagName).toBe("SELECT");
    expect([...field.options].map((o) => o.textContent)).toEqual(["Choose…", "Asha (asha@example.com)", "Bea Boss (boss@example.com)"]);
    expect(field.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Choose the staff member the email is sent from.")).toBeTruthy();
    fireEvent.change(field, { target: { value: "boss@example.com" } });
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, to: { contacts: "all" }, from: "boss@example.com" });
    expect(screen.queryByText("Choose the staff member the email is sent from.")).toBeNull();
  });

  it("says where the email comes from when the account has no CSM", () => {
    render(<Harness initial={{ ...base, to: { contacts: "all" } }} onConfig={vi.fn()} />);
    expect(screen.getByTestId("from-csm-hint").textContent)
      .toBe("When the account has no CSM, it goes from the workspace's default sender address instead.");
    fireEvent.click(from().getByLabelText("A staff member"));
    expect(screen.queryByTestId("from-csm-hint")).toBeNull();
  });

  it("choosing the CSM again goes back to it", () => {
    const onConfig = vi.fn();
    render(<Harness initial={{ ...base, to: { contacts: "all" } }} onConfig={onConfig} />);
    fireEvent.click(from().getByLabelText("A staff member"));
    fireEvent.click(from().getByLabelText("The account's CSM"));
    expect(onConfig).toHaveBeenLastCalledWith({ ...base, to: { contacts: "all" }, from: "csm" });
    expect(from().getByLabelText("The account's CSM").checked).toBe(true);
    expect(screen.queryByLabelText("Sent from")).toBeNull();
  });

  it("reads a missing sender as the CSM and an empty one as an address still to type", () => {
    expect(fromChoice(undefined)).toBe("csm");
    expect(fromChoice("csm")).toBe("csm");
    expect(fromChoice("")).toBe("address");
    expect(fromChoice("success@example.com")).toBe("address");
  });
});
