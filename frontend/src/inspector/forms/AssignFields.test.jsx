import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import { AssignCsmFields } from "./AssignFields.jsx";
import { CatalogContext, EMPTY_CATALOG } from "../catalogContext.js";

const catalog = { ...EMPTY_CATALOG, users: [
  { email: "asha@example.com", name: "Asha Rao", role: "csm" },
  { email: "dana@example.com", name: "Dana Okafor", role: "sales_manager" },
  { email: "sam@example.com", name: "Sam Support", role: "support" }] };

describe("AssignCsmFields", () => {
  it("names each person's role in words, and leaves out support staff", () => {
    render(<CatalogContext.Provider value={catalog}>
      <AssignCsmFields config={{ action: "assign_csm", strategy: "round_robin", pool: [] }} onChange={vi.fn()} />
    </CatalogContext.Provider>);
    const pool = within(screen.getByRole("group", { name: "Choose among" }));
    expect(pool.getAllByRole("checkbox").map((c) => c.labels[0].textContent)).toEqual(["Asha Rao (CSM)", "Dana Okafor (sales manager)"]);
  });
});
