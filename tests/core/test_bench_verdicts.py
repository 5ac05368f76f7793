"""bench.pages' verdicts (issue 22, part 4): a page is judged by its ratio to the floor at p50 and
at p95, a round set the floor says was busy is measured again, and "met" needs both ratios within
the target. Pure functions: no server, no database."""

import pytest

from bench import pages
from bench.pages import busy_reason, floor_spread, ratio, should_repeat, verdict

QUIET_FLOOR = [3.0, 3.1, 3.0, 3.2, 2.9, 3.1, 3.0, 3.3, 3.0, 3.1]


def test_ratio_is_the_page_time_over_the_floor_time_to_one_decimal():
    assert ratio(12.0, 3.0) == 4.0
    assert ratio(10.0, 3.0) == 3.3
    assert ratio(10.0, None) is None
    assert ratio(10.0, 0) is None


def test_a_quiet_floor_has_a_spread_near_one_and_is_not_busy():
    assert floor_spread(QUIET_FLOOR) < 1.2
    assert busy_reason(QUIET_FLOOR, []) == ""
    assert busy_reason(QUIET_FLOOR, [3.0, 3.1]) == ""


def test_a_floor_whose_p95_is_far_above_its_p50_says_the_machine_was_busy():
    spiky = QUIET_FLOOR[:8] + [9.0, 12.0]

    reason = busy_reason(spiky, [])

    assert "p95/p50" in reason
    assert busy_reason(spiky, [], spread_limit=10) == ""


def test_a_set_whose_whole_floor_ran_slow_against_the_kept_sets_is_busy():
    slow_evenly = [t * 2 for t in QUIET_FLOOR]  # spread still near one

    assert busy_reason(slow_evenly, []) == ""  # nothing to compare with yet
    assert "earlier sets" in busy_reason(slow_evenly, [3.0, 3.05])
    # Faster than before is not busy: the earlier sets may have been the noisy ones.
    assert busy_reason(QUIET_FLOOR, [6.0, 6.2]) == ""


def test_one_floor_sample_cannot_say_anything():
    assert busy_reason([40.0], [3.0]) == ""


def test_a_busy_set_is_repeated_until_the_run_has_used_its_repeats():
    assert should_repeat("floor p95/p50 3.0 > 2", repeats_so_far=0)
    assert should_repeat("floor p95/p50 3.0 > 2", repeats_so_far=3, max_repeats=4)
    assert not should_repeat("floor p95/p50 3.0 > 2", repeats_so_far=4, max_repeats=4)
    assert not should_repeat("", repeats_so_far=0)


@pytest.mark.parametrize(
    ("p50_ratio", "p95_ratio", "target", "met"),
    [
        (3.0, 3.9, 4, True),
        (4.0, 4.0, 4, True),  # "within 4x" includes 4x
        (3.0, 4.1, 4, False),  # a slow tail misses, however good the median
        (4.5, 3.5, 4, False),  # a slow median misses, however tight the tail
        (5.9, 6.0, 6, True),
        (14.0, 16.0, 15, False),
    ],
)
def test_a_figure_is_met_only_when_both_ratios_are_within_the_target(
    p50_ratio, p95_ratio, target, met
):
    assert verdict(p50_ratio, p95_ratio, target) is met


def test_a_reference_page_or_a_missing_floor_has_no_verdict():
    assert verdict(2.0, 3.0, None) is None
    assert verdict(None, None, 4) is None


def test_every_page_the_issue_names_carries_its_target():
    targets = {page.figure: page.target for page in pages.pages()}

    for figure in (
        "contact list",
        "contact list page 50",
        "contact search 'smyth'",
        "events browse",
        "mentorship list",
        "keep-in-touch list",
        "organisations",
        "CPD year",
    ):
        assert targets[figure] == 4, figure
    for figure in (
        "event page (attended, most people met)",
        "contact page (most interactions)",
        "dashboard",
        "reminders",
        "mentorship page",
        "mentor directory",
    ):
        assert targets[figure] == 6, figure
    assert targets["network graph data"] == 15
    assert targets["floor (base template, no database work)"] is None


def test_a_page_row_gives_both_ratios_and_the_verdict(settings):
    floor = pages.Page("floor", ["floor"], None, times=[2.0] * 18 + [3.0, 3.0])
    page = pages.Page("contact list", ["contacts:list"], 4, times=[7.0] * 18 + [13.0, 13.0])
    page.queries = {9}
    page.size_kb = 41.6

    row = pages._row(page, floor, "small", 20, "python -m bench.pages", busy=[])

    assert row["ratio_p50"] == 3.5 and row["ratio"] == 4.3
    assert row["met"] is False  # p50 within 4x, p95 not
    assert row["measured"] == "p50 7.0 ms (3.5×), p95 13.0 ms (4.3×), 9 queries, 42 kB"
    assert row["target"] == "≤ 4× floor at p50 and p95"
    busy_row = pages._row(page, floor, "small", 20, "", busy=["floor p95/p50 3.0 > 2"])
    assert busy_row["measured"].endswith("[busy machine]")
