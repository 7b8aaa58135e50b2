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
});
