"""find_date: dates as written, in ISO 8601; impossible or ambiguous ones are not dates."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadsheet.clean import load_rules
from broadsheet.clean.dates import find_date

MONTHS = load_rules().months


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Published: March 3, 2026", "2026-03-03"),
        ("Updated 14 Feb 2026, 09:12 IST", "2026-02-14T09:12"),
        ("2026-03-04", "2026-03-04"),
        ("2026-03-04T09:12:30+05:30", "2026-03-04T09:12:30+05:30"),
        ("2019-11-18T12:01:00Z", "2019-11-18T12:01:00Z"),
        ("Sept. 25, 2018", "2018-09-25"),
        ("By Paul Ausick December 29, 2014 4:08 pm EST", "2014-12-29T16:08"),
        ("Posted on 12/27/2014", "2014-12-27"),
        ("24. Dezember 2014", "2014-12-24"),
        ("3 de marzo de 2026", "2026-03-03"),
        ("le 3 mars 2026 à 14h05", "2026-03-03T14:05"),
        ("14.02.2026", "2026-02-14"),
        ("22 de outubro de 2010 às 20:13", "2010-10-22"),
        ("12 января 2020", "2020-01-12"),
    ],
)
def test_stated_dates(rules, text, iso):
    assert find_date(text, rules.months) == iso


@pytest.mark.parametrize(
    "text",
    [
        "February 30, 2026",  # no such day
        "2026-13-01",
        "03/04/2026",  # March 4 or April 3: not said
        "The 2026 season",  # a year is not a date
        "Room 12, floor 3",
        "Call 555-12-34",
        "March 3",  # no year
        "31/31/2026",
        "In 1066 the battle",
    ],
)
def test_no_date_is_invented(rules, text):
    assert find_date(text, rules.months) is None


@given(st.text(max_size=120))
def test_any_date_found_is_real(text):
    found = find_date(text, MONTHS)
    if found is not None:
        dt.date.fromisoformat(found[:10])
