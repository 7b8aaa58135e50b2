// App header: product name, page navigation, health indicator, and the signed-in user.
import { NavLink } from "react-router";
import HealthIndicator from "./HealthIndicator.jsx";

const LINKS = [
  { to: "/journeys", label: "Journeys" },
  { to: "/accounts", label: "Accounts" },
  { to: "/tasks", label: "Tasks" },
  { to: "/outbox", label: "Outbox" },
  { to: "/outbound", label: "Webhooks" },
  { to: "/suppressions", label: "Suppressions" },
  { to: "/catalog", label: "Catalog" },
];

// Only admins see these (the server refuses the others too).
const ADMIN_LINKS = [{ to: "/audit", label: "Audit" }, { to: "/settings", label: "Settings" }];

export default function Header({ user, onLogout }) {
  return (
    <header className="app-header">
      <NavLink to="/journeys" className="brand">Journeys</NavLink>
      {user && (
        <nav aria-label="Main">
          {LINKS.concat(user.role === "admin" ? ADMIN_LINKS : []).map((l) => (
            <NavLink key={l.to} to={l.to} className={({ isActive }) => (isActive ? "nav-link active" : "nav-link")}>
              {l.label}
            </NavLink>
          ))}
        </nav>
      )}
      <div className="header-right">
        <HealthIndicator />
        {user && (
          <span className="user-box">
            <span title={user.email}>{user.name || user.email} ({user.role})</span>
            <button type="button" className="link-button" onClick={onLogout}>Log out</button>
          </span>
        )}
      </div>
    </header>
  );
}
