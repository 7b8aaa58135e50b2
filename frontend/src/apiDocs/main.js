// The interactive API reference at /api/docs: Swagger UI (npm swagger-ui-dist, bundled by
// Vite into our own build, never from a CDN) reading the app's /api/openapi.json.
import SwaggerUIBundle from "swagger-ui-dist/swagger-ui-bundle.js";
import "swagger-ui-dist/swagger-ui.css";
import { withSessionCsrf } from "./csrf.js";

SwaggerUIBundle({
  url: "/api/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  tryItOutEnabled: false,
  validatorUrl: null, // no badge fetched from the online validator
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: "BaseLayout",
  requestInterceptor: withSessionCsrf(fetch.bind(window)),
});
