import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter, useLocation } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const task = { id: 3, title: "Kick-off call", description: "", assignee: { email: "asha@example.com", name: "Asha" }, due_on: "2025-06-07",
  priority: "high", status: "open", account: { external_id: "acme", name: "Acme" }, journey: { id: 7, name: "Renewal in 90 days" } };

describe("tasks page", () => {
  it("reassigns an open task, to a staff user or to nobody", async () => {
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/catalog": [200, { users: [{ email: "asha@example.com", name: "Asha", role: "csm" }, { email: "bruno@example.com", name: "Bruno", role: "csm" }] }],
      "GET /api/tasks": [200, { items: [{ ...task, assignee: null }] }],
      "PATCH /api/tasks/3": (body) => [200, { ...task, ...body }],
    });
    render(<MemoryRouter initialEntries={["/tasks"]}><App /></MemoryRouter>);
    const picker = await screen.findByRole("combobox", { name: "Assignee of Kick-off call" });
    expect(picker.value).toBe("");  // nobody: the account had no CSM when the journey made it
    await screen.findByRole("option", { name: "Bruno (bruno@example.com)" });
    fireEvent.change(picker, { target: { value: "bruno@example.com" } });
    await waitFor(() => {
      const call = fetchFn.mock.calls.find(([url, init]) => url === "/api/tasks/3" && init.method === "PATCH");
      expect(JSON.parse(call[1].body)).toEqual({ assignee: "bruno@example.com" });
    });
    fireEvent.change(picker, { target: { value: "" } });
    await waitFor(() => {
      const calls = fetchFn.mock.calls.filter(([url, init]) => url === "/api/tasks/3" && init.method === "PATCH");
      expect(JSON.parse(calls.at(-1)[1].body)).toEqual({ assignee: null });
    });
  });

  it("does not offer support users as assignees: they are read-only and could not complete it", async () => {
    installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/catalog": [200, { users: [{ email: "asha@example.com", name: "Asha", role: "csm" },
        { email: "sue@example.com", name: "Sue", role: "support" }, { email: "ann@example.com", name: "Ann", role: "admin" }] }],
      "GET /api/tasks": [200, { items: [task] }],
    });
    render(<MemoryRouter initialEntries={["/tasks"]}><App /></MemoryRouter>);
    const picker = await screen.findByRole("combobox", { name: "Assignee of Kick-off call" });
    await screen.findByRole("option", { name: "Ann (ann@example.com)" });
    expect([...picker.options].map((o) => o.value)).toEqual(["", "asha@example.com", "ann@example.com"]);
  });

  it("lists open tasks, filters, and completes one with PATCH {status: done}", async () => {
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/tasks": [200, { items: [task] }],
      "PATCH /api/tasks/3": (body) => [200, { ...task, ...body }],
    });
    render(<MemoryRouter initialEntries={["/tasks"]}><App /></MemoryRouter>);
    expect(await screen.findByText("Asha (asha@example.com)")).toBeTruthy();
    expect(screen.getByText("7 Jun 2025")).toBeTruthy(); // the due date as every page says a calendar date
    expect(fetchFn.mock.calls.some(([url]) => url === "/api/tasks?status=open")).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Mine" }));
    await waitFor(() => expect(fetchFn.mock.calls.some(([url]) => url === "/api/tasks?status=open&assignee=me")).toBe(true));
    fireEvent.click(screen.getByRole("button", { name: "Complete Kick-off call" }));
    await waitFor(() => {
      const call = fetchFn.mock.calls.find(([url, init]) => url === "/api/tasks/3" && init.method === "PATCH");
      expect(JSON.parse(call[1].body)).toEqual({ status: "done" });
    });
  });

  it("links each task to the journey that created it, and Undo reopens a completed task", async () => {
    let status = "open";
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/tasks": () => [200, { items: status === "open" ? [task, { ...task, id: 4, title: "By hand", journey: null }] : [] }],
      "PATCH /api/tasks/3": (body) => { status = body.status; return [200, { ...task, ...body }]; },
    });
    render(<MemoryRouter initialEntries={["/tasks"]}><App /></MemoryRouter>);
    const link = await screen.findByRole("link", { name: "Renewal in 90 days" });
    expect(link.getAttribute("href")).toBe("/journeys/7");
    expect(screen.getByText("made by hand")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Complete Kick-off call" }));
    expect((await screen.findByRole("status", { name: "Task completed" })).textContent).toContain("Completed “Kick-off call”.");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Complete Kick-off call" })).toBeNull());
    fireEvent.click(screen.getByRole("button", { name: "Undo" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Complete Kick-off call" })).toBeTruthy());
    const patches = fetchFn.mock.calls.filter(([url, init]) => url === "/api/tasks/3" && init.method === "PATCH").map(([, i]) => JSON.parse(i.body));
    expect(patches).toEqual([{ status: "done" }, { status: "open" }]);
    expect(screen.queryByRole("status", { name: "Task completed" })).toBeNull();
  });

  it("a name typed as the account finds no tasks: the accounts it names are offered, and one click filters by it", async () => {
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/tasks": (_b, url) => [200, { items: url.includes("account=acct-164") ? [task] : [] }],
      "GET /api/accounts": (_b, url) => [200, { items: url.includes("q=Evergreen")
        ? [{ external_id: "acct-164", name: "Evergreen Systems" }, { external_id: "acct-004", name: "Evergreen Analytics" }] : [] }],
    });
    render(<MemoryRouter initialEntries={["/tasks"]}><App /></MemoryRouter>);
    fireEvent.change(await screen.findByLabelText("Account (external id)"), { target: { value: "Evergreen" } });
    const offered = await screen.findByRole("status", { name: "Accounts matching" });
    expect(offered.textContent).toBe("No account has the id “Evergreen”. Tasks of: Evergreen Systems (acct-164), Evergreen Analytics (acct-004)");
    fireEvent.click(screen.getByRole("button", { name: "Evergreen Systems" }));
    expect(await screen.findByRole("button", { name: "Complete Kick-off call" })).toBeTruthy();
    expect(screen.getByLabelText("Account (external id)").value).toBe("acct-164");
    expect(screen.queryByRole("status", { name: "Accounts matching" })).toBeNull();
    expect(fetchFn.mock.calls.some(([url]) => url.includes("/api/tasks?status=open&account=acct-164"))).toBe(true);
  });

  it("keeps the filters in the address, and reopens a done task from its row", async () => {
    function Where() {
      return <output data-testid="where">{useLocation().search}</output>;
    }
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/tasks": (_b, url) => [200, { items: url.includes("status=done") ? [{ ...task, status: "done" }] : [] }],
      "PATCH /api/tasks/3": (body) => [200, { ...task, ...body }],
    });
    // a shared link (or Back) opens the page on its filters
    render(<MemoryRouter initialEntries={["/tasks?status=done&account=acme"]}><App /><Where /></MemoryRouter>);
    const reopen = await screen.findByRole("button", { name: "Reopen Kick-off call" });
    expect(screen.getByLabelText("Status").value).toBe("done");
    expect(screen.getByLabelText("Account (external id)").value).toBe("acme");
    expect(fetchFn.mock.calls.some(([url]) => url === "/api/tasks?status=done&account=acme")).toBe(true);
    fireEvent.click(reopen);
    await waitFor(() => {
      const call = fetchFn.mock.calls.find(([url, init]) => url === "/api/tasks/3" && init.method === "PATCH");
      expect(JSON.parse(call[1].body)).toEqual({ status: "open" });
    });
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "open" } });
    await waitFor(() => expect(screen.getByTestId("where").textContent).toBe("?account=acme")); // open: the default
  });
});
