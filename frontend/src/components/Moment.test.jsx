import { describe, expect, it } from "vitest";
import { render } from "@testing-library/react";
import Moment, { TimeZoneNote } from "./Moment.jsx";

describe("Moment", () => {
  it("shows the moment in the viewer's zone, with the UTC ISO as its datetime and title", () => {
    const { container } = render(<Moment at="2026-01-05T09:00:00.120+00:00" />); // the tests' zone: Asia/Tokyo
    const time = container.querySelector("time");
    expect(time.textContent).toBe("5 Jan 2026, 18:00");
    expect(time.getAttribute("datetime")).toBe("2026-01-05T09:00:00Z");
    expect(time.title).toBe("2026-01-05T09:00:00Z (UTC) · shown in your time zone, Asia/Tokyo");
  });
  it("takes a zone, and shows nothing for no moment", () => {
    expect(render(<Moment at="2026-01-05T09:00:00Z" timeZone="Europe/Paris" />).container.textContent).toBe("5 Jan 2026, 10:00");
    expect(render(<Moment at={null} />).container.innerHTML).toBe("");
  });
  it("says which zone a list's times are in", () => {
    expect(render(<TimeZoneNote />).container.textContent).toBe("Times are in your time zone (Asia/Tokyo); point at one to see it in UTC.");
    expect(render(<TimeZoneNote timeZone="UTC" />).container.textContent).toBe("Times are in UTC, your time zone.");
  });
});
