"""Dates: datelines, dates inside short lines, the corpus prefix and the plausibility window."""

from __future__ import annotations

import datetime as dt

import pytest

from cleaner import clean
from cleaner.dates import find_date, parse_dateline, split_date_prefix

REF = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("line", "day", "stamp"),
    [
        ("5 February 2026 11:37 (UTC+04:00)", "2026-02-05", "2026-02-05T11:37:00+04:00"),
        ("Published February 4, 2026", "2026-02-04", None),
        ("February 4, 2026", "2026-02-04", None),
        ("Updated: Wednesday, February 4, 2026 at 3:15 pm GMT", "2026-02-04",
         "2026-02-04T15:15:00+00:00"),
        ("4. Februar 2026", "2026-02-04", None),
        ("5 февраля 2026", "2026-02-05", None),
        ("11.02.2020, 17:29 Uhr", "2020-02-11", "2020-02-11T17:29:00"),
        ("2026-02-04T10:00:00+01:00", "2026-02-04", "2026-02-04T10:00:00+01:00"),
        ("le 4 février 2026", "2026-02-04", None),
    ],
)  # fmt: skip
def test_datelines(line, day, stamp):
    hit = parse_dateline(line, REF)
    assert hit is not None and (hit.date, hit.datetime) == (day, stamp)


@pytest.mark.parametrize(
    "line", ["February 5, 2036", "March 3, 1990", "Home", "In 2026 the plan", "31 February 2026"]
)
def test_not_datelines(line):
    assert parse_dateline(line, REF) is None


def test_updated_is_marked():
    assert parse_dateline("Last updated February 4, 2026", REF).updated
    assert not parse_dateline("Published February 4, 2026", REF).updated


def test_dates_inside_short_lines():
    assert find_date("Erhverv - 02. januar 2020 kl. 10:21", REF).datetime == "2020-01-02T10:21:00"
    assert find_date("By John Smith | Feb 4, 2026", REF).date == "2026-02-04"
    assert find_date("no date here", REF) is None


def test_prefix():
    assert split_date_prefix("date 2026-02-04 Xi said") == ("2026-02-04", "Xi said")
    assert split_date_prefix("dated text") == (None, "dated text")


def test_published_beats_updated_and_dates_leave_the_body():
    prose = (
        "The council approved the budget on Tuesday after a long debate in which members of every "
        "party spoke, and the mayor said the vote showed the city could still agree on hard things."
    )
    doc = clean(f"Budget passes\nUpdated March 5, 2024\nPublished March 4, 2024\n{prose}\n{prose}")
    assert doc.date == "2024-03-04"
    assert "2024" not in doc.text
