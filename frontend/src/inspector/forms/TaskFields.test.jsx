// The designer's pickers of who acts: support staff are read-only, so they are offered neither as a
// task's assignee (they could never complete it) nor as a CSM to assign (they own no account).
import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { CatalogContext, EMPTY_CATALOG } from "../catalogContext.js";
import TaskFields from "./TaskFields.jsx";
import { AssignCsmFields } from "./AssignFields.jsx";

const CATALOG = { ...EMPTY_CATALOG, users: [{ email: "asha@example.com", name: "Asha", role: "csm" },
  { email: "sue@example.com", name: "Sue", role: "support" }] };
const options = (label) => [...screen.getByLabelText(label).querySelectorAll("option")].map((o) => o.value);

describe("who a step may give work to", () => {
  it("leaves support users out of a task's assignees", () => {
    render(<CatalogContext.Provider value={CATALOG}>
      <TaskFields config={{ action: "create_task", title: "Call", assignee: "csm", due_in_days: 1, priority: "low" }} onChange={vi.fn()} />
    </CatalogContext.Provider>);
    expect(options("Assign to")).toEqual(["", "csm", "sales_manager", "asha@example.com"]);
  });

  it("leaves support users out of the CSMs to assign", () => {
    render(<CatalogContext.Provider value={CATALOG}>
      <AssignCsmFields config={{ action: "assign_csm", strategy: "named", user: "" }} onChange={vi.fn()} />
    </CatalogContext.Provider>);
    expect(options("CSM")).toEqual(["", "asha@example.com"]);
  });
});
