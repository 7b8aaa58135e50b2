"""The statistics a report shows (SPEC §11), in the standard library only (no scipy).

- ``wilson(successes, n) -> (lo, hi) | None`` — the Wilson score 95% interval of a rate.
- ``rate(successes, n) -> {"rate", "ci95"}`` — both as the report shows them (None when n = 0).
- ``split_p_value(branches) -> float | None`` — do the branches convert differently? Two
  branches: the two-sided two-proportion z-test with the pooled rate (``math.erfc``); more:
  Pearson's chi-square test of homogeneity (k − 1 degrees of freedom; for two branches the
  same p-value). None when it is undefined (fewer than two branches with accounts, or every
  account converted / none did).
- ``percentile(histogram, q) -> float | None`` — the q-quantile of hours kept as a histogram
  ``{lower bound: count}`` (see ``bucket_width``), interpolated inside the bucket.
"""
from __future__ import annotations

import math

Z95 = 1.959963984540054


def wilson(successes: int, n: int) -> tuple[float, float] | None:
    """The Wilson score interval at 95% for ``successes`` out of ``n``; None when n is 0."""
    if n <= 0:
        return None
    p = successes / n
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return (max(0.0, round(centre - half, 6)), min(1.0, round(centre + half, 6)))


def rate(successes: int, n: int) -> dict:
    """``{"rate": successes / n, "ci95": [lo, hi]}`` (both None when n is 0)."""
    interval = wilson(successes, n)
    return {"rate": round(successes / n, 6) if n else None,
            "ci95": list(interval) if interval else None}


def _chi2_sf(x: float, dof: int) -> float:
    """P(X > x) for a chi-square variable with ``dof`` (integer) degrees of freedom."""
    if x <= 0:
        return 1.0
    if dof % 2 == 0:
        term = total = math.exp(-x / 2)
        for i in range(1, dof // 2):
            term *= (x / 2) / i
            total += term
        return min(1.0, total)
    total = math.erfc(math.sqrt(x / 2))
    term = math.sqrt(2 * x / math.pi) * math.exp(-x / 2)
    for i in range(1, (dof + 1) // 2):
        total += term
        term *= x / (2 * i + 1)
    return min(1.0, max(0.0, total))


def split_p_value(branches: list[tuple[int, int]]) -> float | None:
    """p-value that the branches' (goal, n) rates differ (see module docstring)."""
    used = [(goal, n) for goal, n in branches if n > 0]
    if len(used) < 2:
        return None
    total_n = sum(n for _, n in used)
    pooled = sum(goal for goal, _ in used) / total_n
    if pooled in (0.0, 1.0):
        return None
    if len(used) == 2:
        (g1, n1), (g2, n2) = used
        se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = abs(g1 / n1 - g2 / n2) / se
        return round(math.erfc(z / math.sqrt(2)), 6)
    chi2 = sum((goal - n * pooled) ** 2 / (n * pooled * (1 - pooled)) for goal, n in used)
    return round(_chi2_sf(chi2, len(used) - 1), 6)


def bucket_width(lower: int) -> int:
    """Width in hours of the time-to-goal bucket starting at ``lower`` (whole hours below a
    day, whole days up to a year, then one open bucket counted as a day wide)."""
    return 1 if lower < 24 else 24


def percentile(histogram: dict[int, int], q: float) -> float | None:
    """The ``q`` quantile (0..1) of the hours in ``histogram``; None when it is empty."""
    total = sum(count for count in histogram.values() if count > 0)
    if total <= 0:
        return None
    rank, seen = q * total, 0
    for lower in sorted(histogram):
        count = histogram[lower]
        if count <= 0:
            continue
        if seen + count >= rank:
            inside = (rank - seen) / count
            return round(lower + inside * bucket_width(lower), 1)
        seen += count
    last = max(k for k, v in histogram.items() if v > 0)
    return float(last + bucket_width(last))
