// What enabling (or, with `disable`, disabling) a journey would do now, counted when the
// confirmation opens (GET /enable-preview, and the entry's events).
import { useEffect, useState } from "react";
import { loadEnablePreview } from "./enablePreview.js";
import { disableWords, enableWords } from "./confirmations.js";

export default function EnableCount({ journeyId, disable = false }) {
  const [preview, setPreview] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    loadEnablePreview(journeyId).then((p) => alive && setPreview(p)).catch((e) => alive && setError(e.message));
    return () => { alive = false; };
  }, [journeyId]);
  return <>{error ? `Could not count the accounts: ${error}` : (disable ? disableWords : enableWords)(preview)}</>;
}
