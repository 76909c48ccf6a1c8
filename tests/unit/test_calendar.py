"""Working-day arithmetic around the 2026 days off, checked against hand-computed dates."""

from datetime import date, datetime, timedelta

import pytest

from engine.calendar import CalendarError, WorkingCalendar, add_days, add_months, add_working_days, hour_countdown
from engine.clock import VN_TZ

D = date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 2, 13), True),  # Friday before Tết
        (D(2026, 2, 16), False),  # Tết: 16–20/02/2026 off
        (D(2026, 2, 20), False),
        (D(2026, 2, 23), True),
        (D(2026, 8, 22), True),  # make-up working Saturday
        (D(2026, 8, 29), False),  # an ordinary Saturday
        (D(2026, 8, 31), False),  # day off substituted for 22/08
        (D(2026, 9, 1), False),
        (D(2026, 9, 2), False),
        (D(2026, 9, 3), True),
        (D(2026, 11, 24), False),  # Ngày Văn hóa Việt Nam
        (D(2026, 11, 23), True),
    ],
)
def test_working_days_of_2026(day, working):
    assert WorkingCalendar().is_working_day(day) is working


def test_add_working_days_skips_tet():
    # Thursday 12/02: Fri 13 is 1st; Tết 16–20 skipped; Mon 23 is 2nd, Tue 24 3rd.
    assert add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 13)
    assert add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)
    assert add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)


def test_add_working_days_counts_make_up_saturday():
    # Thu 20/08 → Fri 21 (1), Sat 22 make-up (2), Mon 24 (3).
    assert add_working_days(D(2026, 8, 20), 3) == D(2026, 8, 24)


def test_add_working_days_across_national_day():
    # Fri 28/08 → 31/08, 01/09, 02/09 off → Thu 03/09 is the 1st, Fri 04/09 the 2nd.
    assert add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)
    assert add_working_days(D(2026, 8, 28), 2) == D(2026, 9, 4)


def test_add_working_days_across_culture_day():
    # Mon 23/11 → Tue 24/11 off → Wed 25 (1), Thu 26 (2), Fri 27 (3).
    assert add_working_days(D(2026, 11, 23), 3) == D(2026, 11, 27)


def test_add_working_days_zero_is_start():
    assert add_working_days(D(2026, 2, 16), 0) == D(2026, 2, 16)


def test_add_days_moves_last_day_off_to_next_working_day():
    # 15 days from 05/02/2026 end on Fri 20/02 (Tết) → Mon 23/02 (BLDS 2015 Art. 148).
    assert add_days(D(2026, 2, 5), 15) == D(2026, 2, 23)
    # 5 days from Mon 24/08 end on Sat 29/08 → Thu 03/09 after the National Day break.
    assert add_days(D(2026, 8, 24), 5) == D(2026, 9, 3)
    # A last day that is a working day stays: Mon 16/11 + 4 = Fri 20/11.
    assert add_days(D(2026, 11, 16), 4) == D(2026, 11, 20)
    # Mon 16/11 + 5 = Sat 21/11 → Mon 23/11.
    assert add_days(D(2026, 11, 16), 5) == D(2026, 11, 23)


def test_add_days_ending_on_make_up_saturday_stays():
    assert add_days(D(2026, 8, 17), 5) == D(2026, 8, 22)


def test_add_months_clamps_to_month_end():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2026, 3, 15), 3) == D(2026, 6, 15)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 5, 10), 24) == D(2028, 5, 10)


def test_overrides_win_over_the_package():
    extra_day_off = D(2026, 11, 23)
    make_up_day = D(2026, 11, 28)  # a Saturday
    calendar = WorkingCalendar({extra_day_off: False, make_up_day: True})
    assert not calendar.is_working_day(extra_day_off)
    assert calendar.is_working_day(make_up_day)
    # Fri 20/11 → 23 off, 24 off → Wed 25 (1), Thu 26 (2), Fri 27 (3), Sat 28 make-up (4).
    assert calendar.add_working_days(D(2026, 11, 20), 4) == D(2026, 11, 28)


def test_negative_counts_are_refused():
    with pytest.raises(CalendarError):
        add_working_days(D(2026, 1, 5), -1)


def test_previous_working_day_moves_back_over_tet():
    calendar = WorkingCalendar()
    assert calendar.previous_working_day(D(2026, 2, 18)) == D(2026, 2, 13)
    assert calendar.previous_working_day(D(2026, 2, 23)) == D(2026, 2, 23)


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (0, "0 phút"),
        (45, "45 phút"),
        (60, "1 giờ"),
        (47 * 60 + 59, "47 giờ"),
        (48 * 60, "2 ngày"),
        (223 * 60, "9 ngày 7 giờ"),
    ],
)
def test_an_hour_limit_far_past_is_counted_in_days_and_hours(minutes, shown):
    moment = datetime(2026, 12, 2, 9, 0, tzinfo=VN_TZ)
    overdue = hour_countdown(moment, moment + timedelta(minutes=minutes))
    assert overdue.text == f"quá hạn {shown} (hạn 09:00 ngày 02/12/2026)"
