// Vite + Vitest configuration for the Journeys designer.
// The app lives in frontend/; `npm run build` writes frontend/dist/, which Flask serves
// at "/" with an SPA fallback. `npm run dev` proxies /api to the Flask app on :5000.
// A second page, api-docs.html (Swagger UI from npm), is what Flask serves at /api/docs.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  root: "frontend",
  base: "/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL("./frontend/index.html", import.meta.url)),
        apiDocs: fileURLToPath(new URL("./frontend/api-docs.html", import.meta.url)),
      },
    },
  },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:5000", changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      "/api": { target: "http://127.0.0.1:5000", changeOrigin: false },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{js,jsx}"],
    setupFiles: ["src/test/setup.js"],
    restoreMocks: true,
    // The default 5 s is met on a quiet machine; `make test` shares two cores with PostgreSQL,
    // the browser tests' Chromium and the build, where a test rendering a page of 100 rows took
    // 5.6–6.9 s (2026-12-07). A test that hangs still fails, after 20 s.
    testTimeout: 20000,
  },
});
