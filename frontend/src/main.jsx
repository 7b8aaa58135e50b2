import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider, createBrowserRouter } from "react-router";
import App from "./App.jsx";
import "./styles.css";

// A data router (one catch-all route; App keeps its <Routes>) so pages can guard unsaved edits
// with useBlocker (components/UnsavedChangesGuard.jsx).
const router = createBrowserRouter([{ path: "*", element: <App /> }]);

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
