// The banner's line about what a viewed version changed, beside the canvas marks.
import { diffWords } from "./versionDiff.js";

export default function VersionDiffNote({ diff }) {
  const words = diffWords(diff);
  return words ? <span className="version-diff-note" data-testid="version-diff">{words}</span> : null;
}
