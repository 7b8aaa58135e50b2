// Placeholder until the page is built (phase 2).
export default function TasksPage() {
  return (
    <main className="page">
      <h1>Tasks</h1>
      <p className="muted">Human intervention tasks created by journeys, with filters and a Complete button.</p>
    </main>
  );
}
