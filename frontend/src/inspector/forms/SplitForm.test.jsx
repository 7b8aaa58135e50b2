import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import SplitForm from "./SplitForm.jsx";

describe("SplitForm", () => {
  it("heads its columns: each path's name, weight and share of the accounts", () => {
    render(<SplitForm nodeId="split_1" config={{ weights: { a: 1, b: 3 } }} onChange={vi.fn()} />);
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["Path", "Weight", "Share", "Remove"]);
    expect(screen.getAllByRole("row").slice(1).map((r) => r.cells[2].textContent)).toEqual(["25%", "75%"]);
  });
});
