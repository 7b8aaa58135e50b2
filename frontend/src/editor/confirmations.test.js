import { describe, expect, it } from "vitest";
import { disableWords, enableWords, entryEvents, publishWords } from "./confirmations.js";

const segments = [{ key: "renewal-90d", name: "Renewal in 90 days", members: 12 }];

describe("what Enable and Publish will do", () => {
  it("Enable counts who enrolls now and explains enrolling accounts already in the segments", () => {
    expect(enableWords({ enroll_existing: true, segments, members: 12, will_enroll: 10, already_active: 2 }))
      .toBe("10 accounts will enroll now: the entry also enrolls accounts already in the segment “Renewal in 90 days” "
        + "(12 accounts are in it; 2 already active or not due to re-enroll). After that, each account that enters enrolls. "
        + "The 2 accounts in it, paused while it was off, go on where they stopped (a wait that ended meanwhile moves on at once).");
    expect(enableWords({ enroll_existing: false, segments, members: 12, will_enroll: 0, already_active: 0 }))
      .toMatch(/^No account enrolls now: the entry enrolls only accounts that enter the segment “Renewal in 90 days” from now on \(12 accounts are in it today; to include them, turn on “also enroll accounts already in the segments” on the Entry step and publish again before enabling\)\.$/);
    expect(enableWords(null)).toMatch(/Counting/);
  });
  it("Enable says a journey that enters on a product event enrolls when the event arrives, not 'the no segment'", () => {
    // GET /enable-preview for the demo's "Trial: first report export" (entry: events only), with its events added.
    const preview = { version: 1, enroll_existing: false, segments: [], members: 0, will_enroll: 0, already_active: 0 };
    const words = enableWords({ ...preview, events: [{ name: "trial_started" }] });
    expect(words).toBe("No account enrolls now: accounts enroll when a “trial_started” event arrives for them.");
    expect(words).not.toMatch(/no segment|segments/);
    expect(enableWords({ ...preview, events: [{ name: "trial_started", where: { all: [] } }, { name: "signup" }] }))
      .toBe("No account enrolls now: accounts enroll when a matching “trial_started” or “signup” event arrives for them.");
    expect(enableWords({ enroll_existing: false, segments, members: 12, will_enroll: 0, events: [{ name: "trial_started" }] }))
      .toMatch(/^No account enrolls now: the entry enrolls only accounts that enter the segment “Renewal in 90 days” from now on, or when a “trial_started” event arrives for an account \(12 accounts/);
    expect(enableWords({ enroll_existing: true, segments, members: 12, will_enroll: 12, events: [{ name: "trial_started" }] }))
      .toMatch(/After that, each account enrolls when it enters it, or when a “trial_started” event arrives for an account\.$/);
    expect(enableWords(preview)).not.toMatch(/the no segment/);
  });
  it("Enable says the accounts paused while it was off go on, with their count", () => {
    expect(enableWords({ enroll_existing: false, segments, members: 12, will_enroll: 0, already_active: 3 }))
      .toMatch(/\)\. The 3 accounts in it, paused while it was off, go on where they stopped \(a wait that ended meanwhile moves on at once\)\.$/);
    expect(enableWords({ enroll_existing: false, segments, members: 12, will_enroll: 0, already_active: 1 }))
      .toMatch(/The 1 account in it, paused while it was off, goes on where it stopped/);
  });

  it("Disable says who is not enrolled while it is off, not even later, and that the accounts in it pause", () => {
    expect(disableWords({ enroll_existing: false, segments, members: 12, already_active: 3 }))
      .toBe("While it is off, accounts that join the segment “Renewal in 90 days” are not enrolled, not even later when it is enabled again. "
        + "The 3 accounts in it pause where they are, and go on when it is enabled again.");
    expect(disableWords({ enroll_existing: true, segments, members: 12, already_active: 0 }))
      .toBe("While it is off, accounts that join the segment “Renewal in 90 days” are not enrolled; when it is enabled again, "
        + "those still in the segment are (the Entry step also enrolls accounts already in it). No account is in it now.");
    expect(disableWords({ enroll_existing: false, segments: [], events: [{ name: "trial_started" }], already_active: 1 }))
      .toBe("While it is off, accounts for which a “trial_started” event arrives are not enrolled, not even later when it is enabled again. "
        + "The 1 account in it pauses where it is, and goes on when it is enabled again.");
    expect(disableWords(null)).toMatch(/Counting/);
  });

  it("reads the entry's events from a graph", () => {
    expect(entryEvents({ nodes: [{ id: "start", type: "entry", config: { events: [{ name: "trial_started" }] } }] })).toEqual([{ name: "trial_started" }]);
    expect(entryEvents({ nodes: [{ id: "start", type: "entry", config: { segments: ["a"] } }] })).toEqual([]);
    expect(entryEvents(null)).toEqual([]);
  });
  it("Publish says how many active accounts stay on the older versions", () => {
    const versions = [{ version: 2, active: 3 }, { version: 1, active: 1 }];
    expect(publishWords(versions, 3, true)).toBe("New enrollments will use version 3. 4 active accounts stay on the version they enrolled on (versions 2, 1) until they finish.");
    expect(publishWords([{ version: 1, active: 1 }], 2, true)).toBe("New enrollments will use version 2. 1 active account stays on the version it enrolled on (version 1) until it finishes.");
    expect(publishWords([{ version: 1, active: 0 }], 2, false)).toBe("Version 2 is used once the journey is enabled. No account is active in the journey, so nobody stays on an older version.");
  });
});
