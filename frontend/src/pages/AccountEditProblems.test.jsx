// The account edit form's refusals (another file than AccountEditForm.test.jsx on purpose): an
// emptied name is refused by the API and said under Name; a number no column holds (MRR "1e20")
// is said under MRR, naming it; each message goes as its field changes.
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const ACME = {
  external_id: "acme", name: "Acme", stage: "live", status: null, mrr: 1500, amount: null, licenses: 34,
  created_on: null, next_billing_on: null, timezone: null, csm: null, sales_manager: null,
  custom: {}, milestones: [], outcomes: [], segments: [],
};
const EMPTY = [200, { items: [] }];
const refusal = (field, message) => [422, { error: { code: "invalid", message: `Some fields are not valid: ${field}`,
  details: { [field]: [message] } } }];

function renderAccount(patch) {
  const fetchFn = installFakeApi({
    "GET /api/health": HEALTHY, "GET /api/session": [200, SESSION],
    "GET /api/catalog": [200, { attributes: [], users: [], milestones: [], outcomes: [] }],
    "GET /api/event-names": [200, []],
    "GET /api/accounts/acme": [200, ACME, { ETag: '"v1"' }],
    "GET /api/accounts/acme/journeys": [200, { enrollments: [] }],
    "GET /api/accounts/acme/suppressions": EMPTY,
    "GET /api/tasks": EMPTY, "GET /api/outbox": EMPTY, "GET /api/events": EMPTY,
    "PATCH /api/accounts/acme": patch,
  });
  render(<MemoryRouter initialEntries={["/accounts/acme"]}><App /></MemoryRouter>);
  return fetchFn;
}

async function openForm() {
  const edit = await screen.findByRole("button", { name: "Edit" });
  await waitFor(() => expect(edit.disabled).toBe(false));
  fireEvent.click(edit);
  return screen.getByRole("form", { name: "Edit account" });
}

const describedBy = (input) => document.getElementById(input.getAttribute("aria-describedby")?.split(" ").at(-1))?.textContent;

describe("the account edit form's refusals", () => {
  it("says an emptied name is refused under Name, and lets go once a name is typed", async () => {
    const fetchFn = renderAccount((body) => (body.name === null ? refusal("name", "Name cannot be blank.") : [200, { ...ACME, ...body }]));
    await openForm();
    const name = screen.getByLabelText("Name");
    fireEvent.change(name, { target: { value: "   " } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(describedBy(name)).toBe("Name cannot be blank."));
    expect(name.getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Not saved: Check “Name” below.")).toBeTruthy();
    const sent = fetchFn.mock.calls.filter(([url, init]) => url === "/api/accounts/acme" && init?.method === "PATCH");
    expect(JSON.parse(sent[0][1].body)).toEqual({ name: null });
    fireEvent.change(name, { target: { value: "Acme Corp" } });
    expect(screen.queryByText("Name cannot be blank.")).toBeNull();
    expect(screen.queryByText(/Not saved/)).toBeNull();
  });

  it("says a number too large under its field, naming it, until it changes", async () => {
    renderAccount(refusal("mrr", "Whole numbers must fit in 64 bits (at most 9223372036854775807 either way)."));
    await openForm();
    const mrr = screen.getByLabelText("MRR");
    fireEvent.change(mrr, { target: { value: "1e20" } });
    fireEvent.click(screen.getByRole("button", { name: "Save" }));
    const words = "MRR: this number is too large; type a smaller one.";
    await waitFor(() => expect(describedBy(mrr)).toBe(words));
    expect(screen.getByText("Not saved: Check “MRR” below.")).toBeTruthy();
    expect(screen.queryByText(/64 bits/)).toBeNull();
    fireEvent.change(mrr, { target: { value: "2000" } });
    expect(screen.queryByText(words)).toBeNull();
    expect(screen.queryByText(/Not saved/)).toBeNull();
  });
});
