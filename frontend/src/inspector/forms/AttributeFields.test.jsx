import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import AttributeFields from "./AttributeFields.jsx";

const options = (label) => [...screen.getByLabelText(label).querySelectorAll("option")].map((o) => o.textContent);

describe("AttributeFields", () => {
  it("offers only attributes a journey may change, where it writes one", () => {
    render(<AttributeFields config={{ action: "set_attribute", attribute: "", value: "" }} onChange={vi.fn()} />);
    expect(options("Attribute")).toContain("Account: Stage");
    expect(options("Attribute")).not.toContain("Account: Time zone");
  });

  it("copies from any attribute, time zone included, but not into one a journey cannot change", () => {
    render(<AttributeFields config={{ action: "copy_attribute", from: "", to: "" }} onChange={vi.fn()} />);
    expect(options("Copy from")).toContain("Account: Time zone");
    expect(options("Copy to")).not.toContain("Account: Time zone");
  });

  it("keeps showing a time zone chosen before, marked", () => {
    render(<AttributeFields config={{ action: "clear_attribute", attribute: "account.timezone" }} onChange={vi.fn()} />);
    expect(options("Attribute to clear")).toContain("Account: Time zone (a journey cannot change it)");
    expect(screen.getByLabelText("Attribute to clear").value).toBe("account.timezone");
  });

  it("says an empty text value sets an empty text, and where clearing is", () => {
    const { rerender } = render(<AttributeFields config={{ action: "set_attribute", attribute: "account.stage", value: "" }} onChange={vi.fn()} />);
    expect(screen.getByText("Empty: the attribute is set to an empty text. To remove its value, use a “Clear attribute” step instead.")).toBeTruthy();
    rerender(<AttributeFields config={{ action: "set_attribute", attribute: "account.stage", value: "live" }} onChange={vi.fn()} />);
    expect(screen.queryByText(/^Empty: the attribute/)).toBeNull();
  });
});
