"""The reimbursement table of issue 7, with boundaries at every cap."""

from decimal import Decimal as D

import pytest

from trajectories.reimbursement import Presence, Rules, Session, calculate

SEED = Rules(hourly_rate=D("55.00"), max_hours_per_session=D("4"), max_members_reimbursed=6, guided_sessions=3)


def session(number, hours, held=True):
    return Session(number, held, tuple(Presence(i, f"Lid {i}", D(str(h))) for i, h in enumerate(hours)))


def test_zero_members_is_zero():
    assert calculate(SEED, [session(1, [])]).amount == D("0.00")


def test_six_members_four_hours_three_sessions_is_the_cap():
    result = calculate(SEED, [session(n, [4] * 6) for n in (1, 2, 3)])
    assert result.amount == D("3960.00") == SEED.cap
    assert result.counted_hours == D("72")


def test_seven_members_only_six_with_most_hours_count():
    result = calculate(SEED, [session(1, [4, 4, 4, 4, 4, 4, 1])])
    assert result.amount == D("1320.00")
    not_counted = [line for line in result.lines if not line.reimbursed]
    assert [line.hours for line in not_counted] == [D("1")]


def test_seventh_member_with_more_hours_displaces_the_one_with_fewest():
    result = calculate(SEED, [session(1, [1, 4, 4, 4, 4, 4, 3])])
    assert result.counted_hours == D("23")  # 5 × 4 + 3; the member with 1 hour does not count


@pytest.mark.parametrize("hours, counted", [("3.75", "3.75"), ("4", "4"), ("4.25", "4"), ("4.5", "4"), ("12", "4")])
def test_hours_per_session_are_capped(hours, counted):
    result = calculate(SEED, [session(1, [hours])])
    assert result.counted_hours == D(counted)
    assert result.amount == (D("55") * D(counted)).quantize(D("0.01"))


def test_cancelled_session_does_not_count():
    result = calculate(SEED, [session(1, [4] * 6), session(2, [4] * 6, held=False)])
    assert result.amount == D("1320.00")


def test_kickoff_and_closing_do_not_count():
    # Only guided sessions 1..3 are passed as sessions; a number outside that range (a fourth) is ignored too.
    result = calculate(SEED, [session(4, [4] * 6), session(0, [4] * 6)])
    assert result.amount == D("0.00")


def test_quarter_hours_and_cents_round_half_up():
    rules = Rules(hourly_rate=D("55.01"), max_hours_per_session=D("4"), max_members_reimbursed=6, guided_sessions=3)
    result = calculate(rules, [session(1, ["0.25"])])
    assert result.amount == D("13.75")  # 13.7525 → 13.75
    rules = Rules(hourly_rate=D("55.02"), max_hours_per_session=D("4"), max_members_reimbursed=6, guided_sessions=3)
    assert calculate(rules, [session(1, ["0.25"])]).amount == D("13.76")  # 13.755 → 13.76 (half up)


def test_rules_come_from_the_tranche():
    rules = Rules(hourly_rate=D("60"), max_hours_per_session=D("3"), max_members_reimbursed=2, guided_sessions=2)
    result = calculate(rules, [session(n, [4, 4, 4]) for n in (1, 2, 3)])
    assert result.amount == D("720.00") == rules.cap
