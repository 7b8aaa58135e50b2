// Placeholder until the page is built (phase 2).
export default function EditorPage() {
  return (
    <main className="page">
      <h1>Editor</h1>
      <p className="muted">The journey designer: a palette of steps, the canvas, and an inspector for the selected step.</p>
    </main>
  );
}
