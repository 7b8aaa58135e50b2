import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import ConfirmButton from "./ConfirmButton.jsx";

describe("ConfirmButton", () => {
  it("as a popover, floats its question in an anchor (the toolbar keeps one line) and closes on Escape", () => {
    const onConfirm = vi.fn();
    render(<ConfirmButton popover question="Publish the draft as version 1?" confirmLabel="Publish" onConfirm={onConfirm}>Publish</ConfirmButton>);
    fireEvent.click(screen.getByRole("button", { name: "Publish" }));
    const group = screen.getByRole("group", { name: "Publish the draft as version 1?" });
    expect(group.classList.contains("popover")).toBe(true);
    expect(group.parentElement.className).toBe("confirm-anchor");
    fireEvent.keyDown(group, { key: "Escape" });
    expect(screen.queryByRole("group")).toBeNull();
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it("inline by default", () => {
    render(<ConfirmButton question="Delete?" confirmLabel="Delete" onConfirm={() => {}}>Delete</ConfirmButton>);
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    expect(screen.getByRole("group", { name: "Delete?" }).className).toBe("confirm");
  });

  it("a destructive question starts on Cancel (Enter twice never deletes); Escape closes it inline too", () => {
    const onConfirm = vi.fn();
    render(<ConfirmButton className="small danger" question="Delete “Onboarding”?" confirmLabel="Delete" onConfirm={onConfirm}>Delete</ConfirmButton>);
    fireEvent.click(screen.getByRole("button", { name: "Delete" }));
    const group = screen.getByRole("group", { name: "Delete “Onboarding”?" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Cancel" }));
    fireEvent.keyDown(document.activeElement, { key: "Escape" });
    expect(screen.queryByRole("group")).toBeNull();
    expect(onConfirm).not.toHaveBeenCalled();
    expect(group.isConnected).toBe(false);
  });

  it("any other question starts on its confirm button", () => {
    render(<ConfirmButton className="primary" question="Publish?" confirmLabel="Publish" onConfirm={() => {}}>Publish</ConfirmButton>);
    fireEvent.click(screen.getByRole("button", { name: "Publish" }));
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Publish" }));
  });
});
