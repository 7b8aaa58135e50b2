import { describe, expect, it } from "vitest";
import { slugify, starterGraph } from "./journeyForm.js";
import { statusOf } from "./journeyStatus.js";

describe("journey helpers", () => {
  it("makes slugs", () => {
    expect(slugify("Onboarding – Low touch!")).toBe("onboarding-low-touch");
    expect(slugify("  Renewal: 90 days ")).toBe("renewal-90-days");
    expect(slugify("Café")).toBe("cafe");
  });
  it("starts with one entry", () => {
    expect(starterGraph().nodes.map((n) => n.type)).toEqual(["entry"]);
  });
  it("derives the status word", () => {
    expect(statusOf({ status: "live" })).toBe("live");
    expect(statusOf({ enabled: true })).toBe("live");
    expect(statusOf({ enabled: false, published_version: 2 })).toBe("disabled");
    expect(statusOf({ enabled: false, published_version: null })).toBe("draft");
  });
});

describe("duplicate journey names", () => {
  it("finds a journey with the same name, ignoring case and spacing", async () => {
    const { sameName } = await import("./journeyForm.js");
    const journeys = [{ key: "a", name: "Renewal  in 90 days" }];
    expect(sameName(" renewal in 90 DAYS", journeys)?.key).toBe("a");
    expect(sameName("Renewal", journeys)).toBeNull();
    expect(sameName("", journeys)).toBeNull();
  });
});
