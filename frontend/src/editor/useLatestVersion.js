// The journey's newest published version ({version, graph}), fetched again whenever the
// journey's published_version changes (e.g. after Publish); null while unknown or unpublished.
import { useEffect, useState } from "react";
import { listVersions } from "../api/journeys.js";

export function useLatestVersion(journeyId, publishedVersion, enabled) {
  const [latest, setLatest] = useState(null);
  useEffect(() => {
    if (!enabled || !publishedVersion) return undefined;
    let alive = true;
    listVersions(journeyId)
      .then((versions) => alive && setLatest(versions.find((v) => v.version === publishedVersion) || null))
      .catch(() => alive && setLatest(null));   // unknown: Publish stays available, the server decides
    return () => { alive = false; };
  }, [journeyId, publishedVersion, enabled]);
  return enabled && latest?.version === publishedVersion ? latest : null;
}
