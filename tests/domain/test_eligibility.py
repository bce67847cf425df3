"""The call's eligibility rules, each with its reason and its boundaries."""

from datetime import date
from decimal import Decimal as D

from localgrowth.domain.eligibility import Bid, Rules, check, financial_year_of

RULES = Rules(
    min_grant=D("250000"),
    max_grant=D("8000000"),
    spend_deadline=date(2021, 3, 31),
    min_match_share=D("0.1"),
)


def bid(grant="1000000", match="200000", costs=None):
    return Bid(D(grant), D(match), costs if costs is not None else {"2019/20": D("1200000")})


def rules_failed(result):
    return [failure.rule for failure in result]


def test_an_eligible_bid_fails_nothing():
    assert check(bid(), RULES) == ()


def test_grant_bounds_are_inclusive():
    assert check(bid(grant="250000", match="30000"), RULES) == ()
    assert check(bid(grant="8000000", match="900000"), RULES) == ()
    low = check(bid(grant="249999.99", match="30000"), RULES)
    assert rules_failed(low) == ["grant"]
    assert "£249,999.99" in low[0].reason
    assert "smallest grant" in low[0].reason
    high = check(bid(grant="8000000.01", match="900000"), RULES)
    assert rules_failed(high) == ["grant"]
    assert "£8,000,000" in high[0].reason
    assert "largest grant" in high[0].reason


def test_costs_after_the_spend_deadline_year_fail():
    ok = bid(costs={"2019/20": D("600000"), "2020/21": D("600000")})
    assert check(ok, RULES) == ()
    late = check(bid(costs={"2020/21": D("600000"), "2021/22": D("600000")}), RULES)
    assert rules_failed(late) == ["spend_deadline"]
    assert "£600,000 in 2021/22" in late[0].reason
    assert "31 March 2021" in late[0].reason
    assert "2020/21" in late[0].reason


def test_a_zero_cost_after_the_deadline_is_not_spend():
    assert check(bid(costs={"2019/20": D("1200000"), "2021/22": D("0")}), RULES) == ()


def test_the_deadline_year_follows_april():
    assert financial_year_of(date(2021, 3, 31)) == "2020/21"
    assert financial_year_of(date(2021, 4, 1)) == "2021/22"


def test_match_share_boundary():
    assert check(bid(grant="900000", match="100000"), RULES) == ()  # exactly 10%
    short = check(bid(grant="900001", match="99999"), RULES)
    assert rules_failed(short) == ["match_funding"]
    assert "£99,999" in short[0].reason
    assert "at least 10%" in short[0].reason


def test_costs_must_be_given():
    assert rules_failed(check(bid(costs={}), RULES)) == ["costs"]
    assert rules_failed(check(bid(costs={"2019/20": D("0")}), RULES)) == ["costs"]


def test_every_failure_at_once_and_no_rules_means_only_costs_checked():
    result = check(bid(grant="100", match="0", costs={"2022/23": D("5")}), RULES)
    assert rules_failed(result) == ["grant", "spend_deadline", "match_funding"]
    assert check(bid(grant="1", match="0"), Rules()) == ()
