import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const task = { id: 3, title: "Kick-off call", description: "", assignee: { email: "asha@example.com", name: "Asha" }, due_on: "2025-06-07",
  priority: "high", status: "open", account: { external_id: "acme", name: "Acme" } };

describe("tasks page", () => {
  it("lists open tasks, filters, and completes one with PATCH {status: done}", async () => {
    const fetchFn = installFakeApi({
      "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
      "GET /api/tasks": [200, { items: [task] }],
      "PATCH /api/tasks/3": (body) => [200, { ...task, ...body }],
    });
    render(<MemoryRouter initialEntries={["/tasks"]}><App /></MemoryRouter>);
    expect(await screen.findByText("Asha (asha@example.com)")).toBeTruthy();
    expect(fetchFn.mock.calls.some(([url]) => url === "/api/tasks?status=open")).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Mine" }));
    await waitFor(() => expect(fetchFn.mock.calls.some(([url]) => url === "/api/tasks?status=open&assignee=me")).toBe(true));
    fireEvent.click(screen.getByRole("button", { name: "Complete Kick-off call" }));
    await waitFor(() => {
      const call = fetchFn.mock.calls.find(([url, init]) => url === "/api/tasks/3" && init.method === "PATCH");
      expect(JSON.parse(call[1].body)).toEqual({ status: "done" });
    });
  });
});
