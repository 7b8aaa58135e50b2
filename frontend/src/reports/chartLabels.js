// Axis labels that fit their chart: long step and journey names are wrapped onto a few lines and,
// past those, cut with an ellipsis (the full name stays in the label's tooltip and in the table
// beside each chart). Pure helpers; the SVG tick that draws them is in ReportCharts.jsx.

/** Average width of a character of the charts' sans-serif font, as a share of its size. */
export const CHAR_EM = 0.6;

/**
 * `text` on at most `maxLines` lines of at most `maxChars` characters: broken at spaces, a word
 * longer than a line (a branch key like "personal_welcome_email") after an "_", "-" or "/" else
 * anywhere; when it does not fit, the last line ends in "…". → {lines, truncated, full}.
 */
export function wrapLabel(text, maxChars, maxLines = 2) {
  const full = String(text ?? "").replace(/\s+/g, " ").trim();
  const width = Math.max(4, Math.floor(maxChars));
  const lines = [];
  let rest = full;
  while (rest && lines.length < Math.max(1, maxLines)) {
    if (rest.length <= width) {
      lines.push(rest);
      rest = "";
      break;
    }
    let cut = rest.lastIndexOf(" ", width);
    let skip = 1;
    if (cut <= 0) {
      const mark = Math.max(...["_", "-", "/"].map((c) => rest.lastIndexOf(c, width - 1)));
      cut = mark > 0 ? mark + 1 : width;
      skip = 0;
    }
    lines.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut + skip).trimStart();
  }
  if (rest) {
    const last = lines[lines.length - 1];
    // "manager,…" reads worse than "manager…": punctuation left at the cut goes
    lines[lines.length - 1] = `${(last.length >= width ? last.slice(0, width - 1) : last).replace(/[\s,;:._–—-]+$/, "")}…`;
  }
  return { lines, truncated: Boolean(rest), full };
}

/**
 * Width in pixels a category axis needs for `names` wrapped as wrapLabel wraps them (at most
 * `maxChars` a line), so no label is cut at the chart's edge: the longest line, plus the tick.
 */
export function categoryAxisWidth(names, { maxChars = 26, maxLines = 2, fontSize = 11 } = {}) {
  const longest = Math.max(1, ...names.map((n) => Math.max(...wrapLabel(n, maxChars, maxLines).lines.map((l) => l.length), 0)));
  return Math.ceil(longest * fontSize * CHAR_EM) + 14;
}

/** Characters of a label that fit under one of `count` bars sharing `width` pixels. */
export const charsPerBand = (width, count, fontSize = 11) => Math.floor((width / Math.max(1, count) - 8) / (fontSize * CHAR_EM));
