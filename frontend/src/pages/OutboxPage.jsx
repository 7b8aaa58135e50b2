// Placeholder until the page is built (phase 2).
export default function OutboxPage() {
  return (
    <main className="page">
      <h1>Outbox</h1>
      <p className="muted">Emails sent (or queued) by journeys, with their status and rendered body.</p>
    </main>
  );
}
