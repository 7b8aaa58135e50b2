// The workspace settings page (admins): loads the settings, saves only what changed, names the
// field a refusal is about, and is linked for admins only.
import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import App from "../App.jsx";
import { HEALTHY, SESSION, installFakeApi } from "../test/fakeApi.js";

const SETTINGS = { default_timezone: "UTC", frequency_cap: { emails: 3, per_days: 7 }, tracking: true, public_url: "http://127.0.0.1:5000" };

function setup(routes, session = SESSION) {
  const fetchFn = installFakeApi({ "GET /api/health": HEALTHY, "GET /api/session": [200, session], ...routes });
  render(<MemoryRouter initialEntries={["/settings"]}><App /></MemoryRouter>);
  return fetchFn;
}

describe("settings page", () => {
  it("saves only the changed settings and shows a refusal next to its field", async () => {
    const sent = [];
    let current = SETTINGS;
    setup({
      "GET /api/settings": () => [200, current],
      "PUT /api/settings": (body) => {
        sent.push(body);
        if (body.default_timezone === "Mars/Olympus") {
          return [422, { error: { code: "invalid", message: "Some fields are not valid: default_timezone",
            details: { default_timezone: ["'Mars/Olympus' is not an IANA time zone name."] } } }];
        }
        current = { ...current, ...body };
        return [200, current];
      },
    });
    const zone = await screen.findByLabelText("Default time zone of accounts");
    expect(screen.getByRole("link", { name: "Settings" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Save settings" }).disabled).toBe(true);
    fireEvent.change(zone, { target: { value: "Mars/Olympus" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Not saved: Check “Default time zone of accounts” below.");
    expect(screen.getByRole("note").textContent).toContain("not an IANA time zone name");

    fireEvent.change(zone, { target: { value: "Europe/Berlin" } });
    fireEvent.change(screen.getByLabelText("Emails"), { target: { value: "2" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(sent[1]).toEqual({ default_timezone: "Europe/Berlin", frequency_cap: { emails: 2, per_days: 7 } });

    fireEvent.click(screen.getByLabelText("Limit how many journey emails one address gets"));
    expect(screen.queryByLabelText("Emails")).toBeNull();
    fireEvent.click(screen.getByLabelText("Track opens and clicks in journey emails"));
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    await waitFor(() => expect(sent).toHaveLength(3));
    expect(sent[2]).toEqual({ frequency_cap: null, tracking: false });
  }, 20000); // a lazily loaded page, on a loaded machine

  it("sets the default sender, and warns while it is an @localhost address", async () => {
    const sent = [];
    let current = { ...SETTINGS, default_from: "journeys@localhost" };
    setup({
      "GET /api/settings": () => [200, current],
      "PUT /api/settings": (body) => { sent.push(body); current = { ...current, ...body }; return [200, current]; },
    });
    const sender = await screen.findByLabelText("Default sender");
    expect(sender.value).toBe("journeys@localhost");
    expect(screen.getByText(/mail servers refuse @localhost/)).toBeTruthy();
    fireEvent.change(sender, { target: { value: "success@example.com" } });
    expect(screen.queryByText(/mail servers refuse @localhost/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText("Saved.")).toBeTruthy();
    expect(sent).toEqual([{ default_from: "success@example.com" }]);
  }, 20000);

  it("says a refused frequency cap in words under the field, not as [object Object]", async () => {
    setup({
      "GET /api/settings": [200, SETTINGS],
      // The API's 422 for an emptied "At most": the cap's messages are nested under its fields.
      "PUT /api/settings": [422, { error: { code: "invalid", message: "Some fields are not valid: frequency_cap",
        details: { frequency_cap: { emails: ["Not a valid integer."] } } } }],
    });
    const emails = await screen.findByLabelText("Emails");
    fireEvent.change(emails, { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Not saved: Check “At most” below.");
    expect(screen.getByRole("note").textContent).toBe("At most: type a whole number from 1 to 1000.");
    expect(screen.queryByText(/object Object/)).toBeNull();
    expect(emails.getAttribute("aria-invalid")).toBe("true");
  }, 20000);

  it("says a number too large for any column under its field, by its label, until it changes", async () => {
    // 99999999999999999999 is refused before any schema (backend/api/input_guard.py), at its path
    setup({
      "GET /api/settings": [200, SETTINGS],
      "PUT /api/settings": [422, { error: { code: "invalid", message: "Some fields are not valid: frequency_cap",
        details: { frequency_cap: { emails: ["Whole numbers must fit in 64 bits (at most 9223372036854775807 either way)."] } } } }],
    });
    const emails = await screen.findByLabelText("Emails");
    fireEvent.change(emails, { target: { value: "99999999999999999999" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Not saved: Check “At most” below.");
    expect(screen.getByRole("note").textContent).toBe("At most: type a whole number from 1 to 1000.");
    expect(emails.getAttribute("aria-invalid")).toBe("true");
    fireEvent.change(emails, { target: { value: "5" } });  // corrected: the message and the banner go
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByRole("note")).toBeNull();
    expect(emails.getAttribute("aria-invalid")).toBeNull();
  }, 20000);

  it("is not linked for other roles", async () => {
    setup({ "GET /api/journeys": [200, { items: [] }] }, { ...SESSION, user: { ...SESSION.user, role: "csm" } });
    await screen.findAllByRole("link");
    expect(screen.queryByRole("link", { name: "Settings" })).toBeNull();
  });
});
