// The designer's pickers of who acts: support staff are read-only, so they are offered neither as a
// task's assignee (they could never complete it) nor as a CSM to assign (they own no account).
import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
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

function show(config, onChange = vi.fn()) {
  render(<CatalogContext.Provider value={EMPTY_CATALOG}><TaskFields config={config} onChange={onChange} /></CatalogContext.Provider>);
  return onChange;
}

const task = { action: "create_task", title: "Call", assignee: "csm", due_in_days: 3, priority: "low" };

describe("a task's Due field", () => {
  it("says in words under the field what it needs when cleared, not the config key", () => {
    const onChange = show({ ...task, due_in_days: null });
    const due = screen.getByLabelText("Due in (days)");
    expect(due.getAttribute("aria-invalid")).toBe("true");
    const said = document.getElementById(due.getAttribute("aria-describedby"));
    expect(said.textContent).toBe("Due in: type a whole number of days, 0 or more.");
    expect(document.body.textContent).not.toMatch(/due_in_days/);
    fireEvent.change(due, { target: { value: "2" } });
    expect(onChange).toHaveBeenCalledWith({ ...task, due_in_days: 2 }, "due");
  });

  it("says nothing under a whole number of days", () => {
    show(task);
    expect(screen.getByLabelText("Due in (days)").getAttribute("aria-invalid")).toBeNull();
    expect(screen.queryByText(/whole number of days/)).toBeNull();
  });
});
