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
  },
});
