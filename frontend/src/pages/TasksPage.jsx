// /tasks — human intervention tasks, filtered by status / assignee / account, each with the
// journey that created it; Complete marks done, and Undo (in the notice that follows) or Reopen
// (on a done task's row, any time later) opens it again. The filters live in the address
// (?status=&assignee=&account=), so Back returns to them and a link can be shared.
// Editors reassign an open task to a staff user (or nobody) from its Assignee cell; support users
// are not offered: they are read-only and could never complete it (the API refuses them too).
import { useCallback, useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { listTasks, updateTask } from "../api/tasks.js";
import { listAccounts } from "../api/accounts.js";
import { getCatalog } from "../api/catalog.js";
import { useCanEdit, useCurrentUser } from "../session-context.js";
import { personLabel } from "../components/person.js";
import { dateWords } from "../components/dates.js";

/** The staff users a task can be given to: not support staff (read-only, they cannot complete it). */
export const canOwnTasks = (users) => (users || []).filter((u) => u.role !== "support");

export default function TasksPage() {
  const canEdit = useCanEdit();
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const filters = { status: params.get("status") ?? "open", assignee: params.get("assignee") || "",
    account: params.get("account") || "" };
  const setFilters = (next) => {
    const out = new URLSearchParams();
    if (next.status !== "open") out.set("status", next.status); // open is the page's default
    if (next.assignee) out.set("assignee", next.assignee);
    if (next.account) out.set("account", next.account);
    setParams(out, { replace: true });
  };
  const [tasks, setTasks] = useState(null);
  const [error, setError] = useState(null);
  const [completed, setCompleted] = useState(null); // the task just completed, for Undo
  const [staff, setStaff] = useState([]); // who an editor may assign a task to
  useEffect(() => {
    if (!canEdit) return undefined;
    let alive = true;
    getCatalog().then((c) => alive && setStaff(canOwnTasks(c.users))).catch(() => {});
    return () => { alive = false; };
  }, [canEdit]);

  const { status, assignee, account } = filters;
  const load = useCallback(async () => {
    try {
      setTasks(await listTasks({ status, assignee, account }));
      setError(null);
    } catch (e) {
      setError(e.message);
    }
  }, [status, assignee, account]);
  useEffect(() => {
    const t = setTimeout(load, 250);
    return () => clearTimeout(t);
  }, [load]);

  async function complete(task) {
    try {
      await updateTask(task.id, { status: "done" });
      setCompleted(task);
      await load();
    } catch (e) {
      setError(e.message);
    }
  }

  async function assign(task, email) {
    try {
      await updateTask(task.id, { assignee: email || null });
      await load();
    } catch (e) {
      setError(e.message);
    }
  }

  async function reopen(task) {
    try {
      await updateTask(task.id, { status: "open" });
      setCompleted(null);
      await load();
    } catch (e) {
      setError(e.message);
    }
  }
  const undo = () => reopen(completed);

  const set = (k) => (e) => setFilters({ ...filters, [k]: e.target.value });
  return (
    <main className="page">
      <h1>Tasks</h1>
      <form className="toolbar filters" onSubmit={(e) => e.preventDefault()} aria-label="Filter tasks">
        <label htmlFor="f-status">Status</label>
        <select id="f-status" value={filters.status} onChange={set("status")}>
          <option value="">Any</option><option value="open">Open</option><option value="done">Done</option>
        </select>
        <label htmlFor="f-assignee">Assignee (email, or “me”)</label>
        <input id="f-assignee" value={filters.assignee} onChange={set("assignee")} />
        {me && <button type="button" className="small" onClick={() => setFilters({ ...filters, assignee: "me" })}>Mine</button>}
        <label htmlFor="f-account">Account (external id)</label>
        <input id="f-account" value={filters.account} onChange={set("account")} placeholder="or type a name" />
      </form>
      {error && <p className="banner error" role="alert">{error}</p>}
      {completed && (
        <p className="banner" role="status" aria-label="Task completed">
          Completed “{completed.title}”.{" "}
          <button type="button" className="small" onClick={undo}>Undo</button>
        </p>
      )}
      {tasks && tasks.length === 0 && account && (
        <AccountSuggestions typed={account} onPick={(a) => setFilters({ ...filters, account: a.external_id })} />
      )}
      {tasks && tasks.length === 0 && <div className="empty">No tasks match. Journeys create tasks with a “Human intervention task” step.</div>}
      {tasks && tasks.length > 0 && (
        <table className="data" aria-label="Tasks">
          <thead><tr><th>Task</th><th>Account</th><th>From journey</th><th>Assignee</th><th>Due</th><th>Priority</th><th>Status</th><th><span className="visually-hidden">Actions</span></th></tr></thead>
          <tbody>
            {tasks.map((t) => (
              <tr key={t.id}>
                <td><strong>{t.title}</strong>{t.description && <div className="muted small">{t.description}</div>}</td>
                <td>{t.account ? <Link to={`/accounts/${encodeURIComponent(t.account.external_id)}`}>{t.account.name || t.account.external_id}</Link> : ""}</td>
                <td>{t.journey ? <Link to={`/journeys/${t.journey.id}`}>{t.journey.name}</Link> : <span className="muted">made by hand</span>}</td>
                <td>{canEdit && t.status !== "done"
                  ? <AssigneePicker task={t} staff={staff} onChange={(email) => assign(t, email)} />
                  : personLabel(t.assignee) || <span className="muted">nobody</span>}</td>
                <td className="nowrap">{dateWords(t.due_on)}</td>
                <td><span className={`badge prio-${t.priority}`}>{t.priority}</span></td>
                <td>{t.status === "done" ? "Done" : "Open"}</td>
                <td>{canEdit && (t.status !== "done"
                  ? <button type="button" className="small" onClick={() => complete(t)} aria-label={`Complete ${t.title}`}>Complete</button>
                  : <button type="button" className="small" onClick={() => reopen(t)} aria-label={`Reopen ${t.title}`}>Reopen</button>)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/** The Account filter takes an external id; a name typed there ("Evergreen") finds no tasks, so
 *  the accounts whose name or id contains it are offered, each a click away (not the one typed). */
function AccountSuggestions({ typed, onPick }) {
  const [found, setFound] = useState(null);
  useEffect(() => {
    let alive = true;
    setFound(null);
    const t = setTimeout(() => {
      listAccounts({ q: typed.trim(), limit: 8 })
        .then((r) => alive && setFound({ items: (r.items || []).filter((a) => a.external_id !== typed),
          more: Math.max(0, (r.total ?? 0) - (r.items || []).length) }))
        .catch(() => alive && setFound(null)); // a nicety: the empty list says the rest
    }, 250);
    return () => { alive = false; clearTimeout(t); };
  }, [typed]);
  if (!found || !found.items.length) return null;
  return (
    <div className="banner info" role="status" aria-label="Accounts matching">
      No account has the id “{typed}”. Tasks of:{" "}
      {found.items.map((a, i) => (
        <span key={a.external_id}>
          {i > 0 && ", "}
          <button type="button" className="link-button" onClick={() => onPick(a)}>{a.name || a.external_id}</button>
          {" "}<span className="muted small">({a.external_id})</span>
        </span>
      ))}
      {found.more > 0 && <span className="muted"> and {found.more} more: type more of the name</span>}
    </div>
  );
}

/** The task's assignee as a choice among the staff users (the current one kept if not listed). */
function AssigneePicker({ task, staff, onChange }) {
  const current = task.assignee?.email || "";
  const people = staff.some((u) => u.email === current) || !current ? staff : [task.assignee, ...staff];
  return (
    <select value={current} onChange={(e) => onChange(e.target.value)} aria-label={`Assignee of ${task.title}`}>
      <option value="">nobody</option>
      {people.map((u) => <option key={u.email} value={u.email}>{personLabel(u)}</option>)}
    </select>
  );
}
