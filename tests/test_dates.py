import pytest

from broadsheet.dates import DateError, display, month_of, normalize_date, rfc3339, sort_key


@pytest.mark.parametrize(
    ("stated", "iso"),
    [
        ("2026-03-04", "2026-03-04"),
        ("2026-03-04T09:12:00Z", "2026-03-04T09:12:00Z"),
        ("2026-03-04T09:12+0100", "2026-03-04T09:12:00+01:00"),
        ("2026-03-04 09:12", "2026-03-04T09:12:00"),
        ("March 4, 2026", "2026-03-04"),
        ("4 March 2026", "2026-03-04"),
        ("Sept. 14, 2026", "2026-09-14"),
        ("Tue, 03 Mar 2026 10:00:00 GMT", "2026-03-03T10:00:00Z"),
    ],
)
def test_stated_dates_become_iso(stated, iso):
    assert normalize_date(stated) == iso


@pytest.mark.parametrize("impossible", ["2026-02-30", "2026-13-01", "2026-03-04T25:00", "yesterday", "", "0001-01-01"])
def test_impossible_dates_are_refused(impossible):
    with pytest.raises(DateError):
        normalize_date(impossible)


def test_sort_key_compares_offsets_in_utc():
    # 09:00 in Paris is earlier than 08:30 in London on the same day.
    assert sort_key("2026-05-01T09:00:00+02:00") < sort_key("2026-05-01T08:30:00+01:00")
    assert sort_key("2026-05-01") < sort_key("2026-05-01T00:00:01Z")


def test_display_forms():
    assert display("2026-03-04T09:12:00Z") == "4 March 2026"
    assert month_of("2026-03-04T09:12:00Z") == "2026-03"
    assert rfc3339("2026-03-04") == "2026-03-04T00:00:00Z"
    assert rfc3339("2026-03-04T09:12:00+01:00") == "2026-03-04T09:12:00+01:00"
    assert rfc3339("2026-02-03T09:12Z") == "2026-02-03T09:12:00Z"
    assert rfc3339("2026-02-03T09:12") == "2026-02-03T09:12:00Z"
    assert rfc3339("2026-02-03T09:12:30.5-05:00") == "2026-02-03T09:12:30.5-05:00"
