"""The report's statistics: Wilson intervals, the split test and time-to-goal percentiles."""
from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from backend.services import reporting_stats as stats


def test_wilson_matches_published_values():
    assert stats.wilson(5, 10) == (0.236593, 0.763407)
    assert stats.wilson(0, 10)[0] == 0.0 and round(stats.wilson(0, 10)[1], 4) == 0.2775
    assert stats.wilson(0, 0) is None
    assert stats.rate(0, 0) == {"rate": None, "ci95": None}


@given(n=st.integers(1, 10**7), data=st.data())
def test_wilson_interval_holds_the_rate_inside_zero_one(n, data):
    k = data.draw(st.integers(0, n))
    lo, hi = stats.wilson(k, n)
    assert 0.0 <= lo <= k / n + 1e-6 and k / n - 1e-6 <= hi <= 1.0
    if n >= 4:  # more accounts, a narrower interval for the same rate
        lo4, hi4 = stats.wilson(4 * k, 4 * n)
        assert hi4 - lo4 < hi - lo + 1e-9


def test_two_branches_use_the_two_proportion_z_test():
    # 45/100 vs 60/100: pooled 0.525, z = 2.1240, two-sided p = 0.03367
    assert round(stats.split_p_value([(45, 100), (60, 100)]), 4) == 0.0337
    assert stats.split_p_value([(50, 100), (50, 100)]) == 1.0
    assert stats.split_p_value([(5, 10)]) is None
    assert stats.split_p_value([(0, 10), (0, 12)]) is None
    assert stats.split_p_value([(3, 10), (0, 0)]) is None


@given(st.floats(0.001, 60), st.integers(1, 9))
def test_chi_square_tail_agrees_with_known_forms(x, dof):
    if dof == 1:
        assert math.isclose(stats._chi2_sf(x, 1), math.erfc(math.sqrt(x / 2)), rel_tol=1e-9)
    if dof == 2:
        assert math.isclose(stats._chi2_sf(x, 2), math.exp(-x / 2), rel_tol=1e-9)
    assert stats._chi2_sf(x, dof + 1) >= stats._chi2_sf(x, dof) - 1e-12  # more freedom, fatter tail


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 50)), min_size=2, max_size=2))
def test_two_branch_chi_square_equals_the_z_test(branches):
    branches = [(min(g, n), n) for g, n in branches]
    z_p = stats.split_p_value(branches)
    if z_p is None:
        return
    three = stats.split_p_value(branches + [(0, 0)])  # an empty branch changes nothing
    assert three == z_p


def test_three_branches_use_chi_square():
    # 10/50, 20/50, 30/50: chi-square 16.67 on 2 dof → p = exp(-8.33) = 0.00024
    assert round(stats.split_p_value([(10, 50), (20, 50), (30, 50)]), 5) == 0.00024


def test_percentiles_from_the_hours_histogram():
    assert stats.percentile({}, 0.5) is None
    assert stats.percentile({3: 10}, 0.5) == 3.5  # inside the hour 3..4
    assert stats.percentile({1: 5, 48: 5}, 0.5) == 2.0
    assert stats.percentile({1: 5, 48: 5}, 0.9) == 48 + 0.8 * 24
