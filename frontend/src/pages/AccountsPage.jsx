// Placeholder until the page is built (phase 2).
export default function AccountsPage() {
  return (
    <main className="page">
      <h1>Accounts</h1>
      <p className="muted">Search an account to see every journey it is in, step by step.</p>
    </main>
  );
}
