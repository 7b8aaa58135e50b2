import { expect, it } from "vitest";
import { enrollmentStatusLabel } from "./enrollmentStatus.js";

it("names statuses in plain words and passes unknown ones through", () => {
  expect(enrollmentStatusLabel("goal_exited")).toBe("Left: goal achieved");
  expect(enrollmentStatusLabel("active")).toBe("Active");
  expect(enrollmentStatusLabel("paused")).toBe("paused");
});
