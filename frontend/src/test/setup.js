// Vitest setup: unmount rendered React trees between tests, and give jsdom the few browser
// APIs React Flow expects (jsdom lays nothing out, so sizes are zero and observers never fire).
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

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
