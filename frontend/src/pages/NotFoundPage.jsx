import { Link } from "react-router";

export default function NotFoundPage() {
  return (
    <main className="page">
      <h1>Page not found</h1>
      <p>There is nothing at this address. <Link to="/journeys">Go to your journeys</Link>.</p>
    </main>
  );
}
