"""The headline rule of kil/periods.py: which financial year a headline uses, how it names its months, and when a
change against the baseline is like for like. Pure functions, no warehouse."""
from __future__ import annotations

import datetime as dt

from kil import periods


def months(year: str, n: int = 12, skip: tuple[int, ...] = ()) -> list[dt.date]:
    """The first n months of a financial year, less the calendar months in `skip`."""
    return [m for m in periods.full_year(year)[:n] if m.month not in skip]


def test_full_year_is_april_to_march():
    year = periods.full_year("2020/21")
    assert year[0] == dt.date(2020, 4, 1) and year[-1] == dt.date(2021, 3, 1) and len(year) == 12
    assert {periods.financial_year(m) for m in year} == {"2020/21"}


def test_a_latest_year_of_five_months_gives_way_to_the_previous_full_year():
    covered = {"2019/20": months("2019/20"), "2021/22": months("2021/22"), "2022/23": months("2022/23", 5)}
    assert periods.headline_year(covered) == "2021/22"


def test_a_full_year_wins_over_a_later_part_year_of_six_months_or_more():
    covered = {"2020/21": months("2020/21"), "2021/22": months("2021/22", 9)}
    assert periods.headline_year(covered) == "2020/21"


def test_without_a_full_year_the_latest_with_six_months_or_more():
    assert periods.headline_year({"2019/20": months("2019/20", 9)}) == "2019/20"
    assert periods.headline_year({"2019/20": months("2019/20", 6), "2020/21": months("2020/21", 5)}) == "2019/20"


def test_no_headline_from_years_of_under_six_months():
    assert periods.headline_year({"2019/20": months("2019/20", 1), "2021/22": months("2021/22", 5)}) is None
    assert periods.headline_year({}) is None


def test_a_part_year_is_named_by_its_months():
    assert periods.months_label("2019/20", months("2019/20", 9)) == "Apr–Dec 2019"
    assert periods.months_label("2021/22", months("2021/22")) == "2021/22"
    assert periods.months_label("2021/22", [dt.date(2021, 6, 1)]) == "Jun 2021"
    assert periods.months_label("2021/22", periods.full_year("2021/22")[6:]) == "Oct 2021–Mar 2022"
    assert periods.months_label("2023/24", months("2023/24", skip=(5,))) == "Apr 2023–Mar 2024, 11 months"


def test_change_against_the_baseline_only_for_the_same_months():
    full, nine = months(periods.BASELINE), months(periods.BASELINE, 9)
    assert not periods.same_months(nine, months("2021/22"))          # baseline 9 months, latest 12: no delta
    assert not periods.same_months(full, months("2021/22", 9))
    assert periods.same_months(nine, months("2021/22", 9))           # Apr–Dec against Apr–Dec
    assert periods.same_months(full, months("2021/22"))
    assert not periods.same_months([], [])


def test_a_chosen_year_says_which_months_are_on_file():
    assert periods.year_label("2021/22", months("2021/22")) == "2021/22"
    assert periods.year_label("2019/20", months("2019/20", 9)) == "2019/20 (Apr–Dec 2019 on file)"
