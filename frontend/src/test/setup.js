// Vitest setup: a fixed time zone, unmount rendered React trees between tests, and give jsdom the few browser
// APIs React Flow expects (jsdom lays nothing out, so sizes are zero and observers never fire).
import { afterEach } from "vitest";
import { cleanup, configure } from "@testing-library/react";

// findBy… and waitFor wait up to 1 s by default: enough on a quiet machine, not while `make test`
// shares two cores with PostgreSQL and the browser tests (a page of 100 rows re-rendering after a
// search took longer, 2026-12-07). What never appears still fails, after 5 s.
configure({ asyncUtilTimeout: 5000 });

// Every test sees the same time zone, whatever the machine's: moments then read the same on any
// machine. Not UTC, and without summer time, so a test shows a moment was put in the viewer's
// zone (09:00Z reads 18:00). Node applies a TZ set at run time to Date and Intl alike.
process.env.TZ = "Asia/Tokyo";

if (!globalThis.ResizeObserver) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
if (!globalThis.DOMMatrixReadOnly) {
  globalThis.DOMMatrixReadOnly = class {
    constructor(transform) {
      const m = /matrix\(([^)]+)\)/.exec(transform || "");
      const v = m ? m[1].split(",").map(Number) : [1, 0, 0, 1, 0, 0];
      [this.a, this.b, this.c, this.d, this.e, this.f] = v;
      this.m22 = this.d;
    }
  };
}

afterEach(() => {
  cleanup();
});
