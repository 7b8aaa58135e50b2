// Placeholder until the page is built (phase 2).
export default function JourneysPage() {
  return (
    <main className="page">
      <h1>Journeys</h1>
      <p className="muted">Your journeys will be listed here: name, status, enrolled / active / goal achieved counts, and buttons to create, duplicate, enable and delete.</p>
    </main>
  );
}
