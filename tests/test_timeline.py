"""The PAFACA clock: every date checked against its source with the day count written out."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest

from tiktok_deal.law.timeline import (
    AGREEMENTS_SIGNED,
    ENACTED,
    EVENT_KINDS,
    EVENTS,
    JOINT_VENTURE_CLOSED,
    Event,
    penalty_caps,
    propose_extension,
    status,
    statutory_deadline,
)

D = dt.date


def order(number: str) -> Event:
    """The non-enforcement order whose title starts with ``EO <number>``."""
    (found,) = [
        e for e in EVENTS if e.title.startswith(f"EO {number}") and e.kind == "non_enforcement"
    ]
    return found


# ----------------------------------------------------------------------------- the dates
def test_enactment_is_public_law_118_50() -> None:
    # Pub. L. 118-50 (H.R. 815, Division H) was signed on 24 April 2024.
    assert D(2024, 4, 24) == ENACTED
    (enactment,) = [e for e in EVENTS if e.kind == "statute"]
    assert enactment.date == ENACTED
    assert "118-50" in enactment.citation


def test_statutory_deadline_is_270_days_after_enactment() -> None:
    # PAFACA §2(a)(2)(A). April 25–30 (6) + May 31 + Jun 30 + Jul 31 + Aug 31 + Sep 30
    # + Oct 31 + Nov 30 + Dec 31 + January 1–19 (19) = 270, landing on 19 January 2025.
    days = 6 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 19
    assert days == 270
    assert D(2024, 4, 24) + dt.timedelta(days=days) == D(2025, 1, 19)
    assert statutory_deadline() == D(2025, 1, 19)
    (deadline,) = [e for e in EVENTS if e.kind == "deadline"]
    assert deadline.date == D(2025, 1, 19)
    assert "§2(a)(2)(A)" in deadline.citation


def test_statutory_deadline_of_another_enactment() -> None:
    # The same 270 days from 1 January 2024 (a leap year): Jan 31 + Feb 29 + Mar 31 + Apr 30
    # + May 31 + Jun 30 + Jul 31 + Aug 31 = 244, then 26 days of September.
    assert 31 + 29 + 31 + 30 + 31 + 30 + 31 + 31 + 26 == 270
    assert statutory_deadline(D(2024, 1, 1)) == D(2024, 9, 27)


def test_supreme_court_decision() -> None:
    (court,) = [e for e in EVENTS if e.kind == "court"]
    assert court.date == D(2025, 1, 17)
    assert "Garland" in court.citation


def test_eo_14166_runs_75_days_from_20_january_2025() -> None:
    # "for a period of 75 days from" 20 January: January 21–31 (11) + Feb 28 (2025 is not a
    # leap year) + Mar 31 + April 1–5 (5) = 75; EO 14352 §1 itself says "until April 5, 2025".
    assert 11 + 28 + 31 + 5 == 75
    eo = order("14166")
    assert eo.date == D(2025, 1, 20)
    assert eo.until == D(2025, 4, 5)


def test_eo_14258_to_19_june_2025() -> None:
    # Issued 4 April, the day before EO 14166 lapsed; "until June 19, 2025" (EO 14258 §1(a)),
    # another 75 days: April 6–30 (25) + May 31 + June 1–19 (19) = 75.
    assert 25 + 31 + 19 == 75
    eo = order("14258")
    assert (eo.date, eo.until) == (D(2025, 4, 4), D(2025, 6, 19))


def test_eo_14310_to_17_september_2025() -> None:
    # Issued 19 June; "until September 17, 2025": June 20–30 (11) + Jul 31 + Aug 31 + 17 = 90.
    assert 11 + 31 + 31 + 17 == 90
    eo = order("14310")
    assert (eo.date, eo.until) == (D(2025, 6, 19), D(2025, 9, 17))


def test_eo_14350_to_16_december_2025() -> None:
    # Issued 16 September; "until December 16, 2025": September 18–30 (13) + Oct 31 + Nov 30
    # + 16 = 90.
    assert 13 + 31 + 30 + 16 == 90
    eo = order("14350")
    assert (eo.date, eo.until) == (D(2025, 9, 16), D(2025, 12, 16))


def test_eo_14352_runs_120_days_from_25_september_2025() -> None:
    # 120 days from 25 September: September 26–30 (5) + Oct 31 + Nov 30 + Dec 31
    # + January 1–23 (23) = 120, landing on 23 January 2026 (law.md §2, deals.md D).
    days = 5 + 31 + 30 + 31 + 23
    assert days == 120
    eo = order("14352")
    assert eo.date == D(2025, 9, 25)
    assert eo.until == D(2025, 9, 25) + dt.timedelta(days=days) == D(2026, 1, 23)


def test_diplomacy_and_deal_dates() -> None:
    diplomacy = {e.date for e in EVENTS if e.kind == "diplomacy"}
    assert diplomacy == {D(2025, 9, 15), D(2025, 9, 19)}  # Madrid talks 14–15 Sept; Trump–Xi call
    deals = [e.date for e in EVENTS if e.kind == "deal"]
    assert deals == [D(2025, 12, 18), D(2026, 1, 22)]
    assert deals == [AGREEMENTS_SIGNED, JOINT_VENTURE_CLOSED]


def test_events_are_in_date_order_with_known_kinds_and_sources() -> None:
    assert [e.date for e in EVENTS] == sorted(e.date for e in EVENTS)
    assert {e.kind for e in EVENTS} == set(EVENT_KINDS)
    assert all(e.title and e.citation for e in EVENTS)
    orders = [e for e in EVENTS if e.kind == "non_enforcement"]
    assert [o.title.split()[1].rstrip(":") for o in orders] == [
        "14166",
        "14258",
        "14310",
        "14350",
        "14352",
    ]
    assert all(o.until is not None for o in orders)


def test_non_enforcement_orders_leave_no_gap_after_20_january_2025() -> None:
    # Each order was issued on or before the last day of the one before it, so enforcement was
    # suspended every day from 20 January 2025 through 23 January 2026; 19 January was uncovered.
    day = D(2025, 1, 20)
    while day <= D(2026, 1, 23):
        assert status(day).enforcement_suspended_until is not None, day
        day += dt.timedelta(days=1)
    assert status(D(2025, 1, 19)).enforcement_suspended_until is None
    assert status(D(2026, 1, 24)).enforcement_suspended_until is None


# ----------------------------------------------------------------------------- status
def test_status_2025_10_01_prohibition_in_force_and_suspended() -> None:
    s = status(D(2025, 10, 1))
    assert s.prohibition_in_force
    assert s.statutory_deadline == D(2025, 1, 19)
    assert s.days_until_deadline is None
    # EO 14350 had suspended enforcement until 16 December 2025; EO 14352, issued on
    # 25 September, is the latest order and runs to 23 January 2026 (law.md §2).
    assert s.suspension == order("14352")
    assert s.enforcement_suspended_until == D(2026, 1, 23)
    # Enforcement possible again on 24 January: October 2–31 (30) + Nov 30 + Dec 31 + 24 = 115.
    assert s.days_until_enforcement == 30 + 30 + 31 + 24 == 115
    assert not s.joint_venture_closed


def test_status_between_eo_14350_and_eo_14352() -> None:
    s = status(D(2025, 9, 20))
    assert s.prohibition_in_force
    assert s.suspension == order("14350")
    assert s.enforcement_suspended_until == D(2025, 12, 16)


def test_status_on_the_day_an_order_is_issued_takes_the_new_order() -> None:
    assert status(D(2025, 4, 4)).enforcement_suspended_until == D(2025, 6, 19)
    assert status(D(2025, 4, 5)).enforcement_suspended_until == D(2025, 6, 19)
    assert status(D(2025, 1, 20)).enforcement_suspended_until == D(2025, 4, 5)


def test_status_2024_06_01_not_in_force() -> None:
    s = status(D(2024, 6, 1))
    assert not s.prohibition_in_force
    assert s.enforcement_suspended_until is None
    # June 2–30 (29) + Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 31 + January 1–19 (19).
    assert s.days_until_deadline == 29 + 31 + 31 + 30 + 31 + 30 + 31 + 19 == 232
    assert s.days_until_enforcement == 232
    assert [e.kind for e in s.past_events] == ["statute"]
    assert len(s.upcoming_events) == len(EVENTS) - 1


def test_status_on_the_deadline_day() -> None:
    s = status(D(2025, 1, 19))
    assert s.prohibition_in_force  # "at least": from the deadline day on
    assert s.enforcement_suspended_until is None
    assert s.days_until_enforcement == 0
    assert status(D(2025, 1, 18)).days_until_deadline == 1


def test_joint_venture_closing() -> None:
    before, closing = status(D(2026, 1, 21)), status(D(2026, 1, 22))
    assert not before.joint_venture_closed
    assert closing.joint_venture_closed
    assert closing.days_until_enforcement is None
    assert closing.upcoming_events == ()
    assert "qualified divestiture" in closing.briefing()
    assert "§2(c)(1)" in closing.briefing()


def test_status_rejects_datetimes() -> None:
    with pytest.raises(TypeError, match="as_of"):
        status(dt.datetime(2025, 10, 1, 12, 0))  # type: ignore[arg-type]


def test_status_is_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        status(D(2025, 10, 1)).as_of = D(2025, 1, 1)  # type: ignore[misc]


# ----------------------------------------------------------------------------- events
@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"kind": "deal", "until": D(2025, 2, 1)}, ValueError),
        ({"kind": "non_enforcement"}, ValueError),
        ({"kind": "non_enforcement", "until": D(2024, 12, 31)}, ValueError),
        ({"kind": "extension"}, ValueError),
        ({"kind": "deal", "date": dt.datetime(2025, 1, 1, 9, 0)}, TypeError),
    ],
    ids=["until-on-a-deal", "order-without-until", "until-before-date", "unknown-kind", "datetime"],
)
def test_event_rejects(fields: dict[str, object], error: type[Exception]) -> None:
    base: dict[str, object] = {"date": D(2025, 1, 1), "title": "t", "citation": "c"}
    with pytest.raises(error):
        Event(**{**base, **fields})  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- penalties
def test_penalty_caps_at_170_million_users() -> None:
    caps = penalty_caps(170_000_000)
    assert caps.distribution == 5_000 * 170_000_000 == 850_000_000_000  # §2(d)(1)(A)
    assert caps.data_portability == 500 * 170_000_000 == 85_000_000_000  # §2(d)(1)(B)
    assert type(caps.distribution) is int
    assert type(caps.data_portability) is int
    assert penalty_caps(0).distribution == 0


@pytest.mark.parametrize("users", [-1, 1.5, 170e6, "170000000", True, None])
def test_penalty_caps_reject_bad_user_counts(users: object) -> None:
    with pytest.raises(ValueError, match="us_users"):
        penalty_caps(users)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- §2(a)(3)
ALL_CERTIFIED = {"path_identified": True, "significant_progress": True, "binding_agreements": True}


def test_extension_allowed_once_up_to_90_days() -> None:
    decision = propose_extension(days=90, **ALL_CERTIFIED)
    assert decision.accepted
    assert decision.problems == ()
    assert "§2(a)(3)" in decision.reason
    assert propose_extension(days=1, **ALL_CERTIFIED).accepted


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"days": 91}, "at most 90 days"),
        ({"days": 0}, "positive number of days"),
        ({"days": -10}, "positive number of days"),
        ({"prior_extensions": 1}, "only one extension"),
        ({"path_identified": False}, "(A) a path to a qualified divestiture"),
        ({"significant_progress": False}, "(B) there is evidence of significant progress"),
        ({"binding_agreements": False}, "(C) binding legal agreements"),
    ],
    ids=["91-days", "zero-days", "negative-days", "second", "no-A", "no-B", "no-C"],
)
def test_extension_refusals_are_named(changes: dict[str, object], named: str) -> None:
    decision = propose_extension(**{"days": 60, **ALL_CERTIFIED, **changes})  # type: ignore[arg-type]
    assert not decision.accepted
    assert len(decision.problems) == 1
    assert named in decision.problems[0]
    assert named in decision.reason
    assert decision.reason.startswith("Refused under PAFACA §2(a)(3)")


def test_extension_refusal_lists_every_problem() -> None:
    decision = propose_extension(
        days=120,
        path_identified=False,
        significant_progress=False,
        binding_agreements=True,
        prior_extensions=1,
    )
    assert not decision.accepted
    assert len(decision.problems) == 4
    for text in ("only one extension", "at most 90 days", "(A)", "(B)"):
        assert text in decision.reason


def test_extension_rejects_negative_prior_extensions() -> None:
    with pytest.raises(ValueError, match="prior_extensions"):
        propose_extension(days=30, prior_extensions=-1, **ALL_CERTIFIED)


def test_non_enforcement_orders_are_not_statutory_extensions() -> None:
    # None was certified under §2(a)(3); and none of the five could have been one: only one
    # extension is allowed, and EO 14352's 120 days alone exceed the 90-day limit.
    assert "extension" not in EVENT_KINDS
    refused = propose_extension(days=120, prior_extensions=4, **ALL_CERTIFIED)
    assert not refused.accepted
    assert "not a statutory extension" in status(D(2025, 10, 1)).briefing()


# ----------------------------------------------------------------------------- output
def test_to_dict_keys_and_json() -> None:
    data = status(D(2025, 10, 1)).to_dict()
    assert {
        "as_of",
        "statutory_deadline",
        "prohibition_in_force",
        "enforcement_suspended_until",
        "events",
        "penalty_cap_usd",
    } <= data.keys()
    assert data["as_of"] == "2025-10-01"
    assert data["statutory_deadline"] == "2025-01-19"
    assert data["prohibition_in_force"] is True
    assert data["enforcement_suspended_until"] == "2026-01-23"
    assert data["penalty_cap_usd"] == {
        "distribution": 850_000_000_000,
        "data_portability": 85_000_000_000,
    }
    for event in data["events"]:
        assert {"date", "kind", "title", "citation"} <= event.keys()
        D.fromisoformat(event["date"])
    upcoming = [e["date"] for e in data["events"] if e["upcoming"]]
    assert upcoming == ["2025-12-18", "2026-01-22"]
    assert json.loads(json.dumps(data)) == data


def test_to_dict_before_the_deadline_and_other_user_counts() -> None:
    data = status(D(2024, 6, 1)).to_dict(us_users=200_000_000)
    assert data["prohibition_in_force"] is False
    assert data["enforcement_suspended_until"] is None
    assert data["penalty_cap_usd"]["distribution"] == 1_000_000_000_000
    json.dumps(data)


def test_briefing_reads_as_a_briefing() -> None:
    text = status(D(2025, 10, 1)).briefing()
    first = text.split("\n\n")[1]
    assert "in force since 19 January 2025" in first
    assert "suspended until 23 January 2026 by EO 14352" in first
    assert "$850,000,000,000" in text
    assert "$85,000,000,000" in text
    assert "170,000,000 U.S. users" in text
    past, upcoming = text.split("Events to date:")[1].split("Upcoming:")
    assert "2025-09-25" in past
    assert "2026-01-22" in upcoming
    assert "2026-01-22" not in past


def test_briefing_before_the_deadline() -> None:
    text = status(D(2024, 6, 1)).briefing()
    assert "not yet in force" in text
    assert "in 232 days" in text
    assert "§2(a)(3)" in text


# ---------------------------------------------------------------------------- the command
def test_timeline_command_json(capsys: pytest.CaptureFixture[str]) -> None:
    from tiktok_deal.cli import main

    assert main(["timeline", "--as-of", "2024-06-01", "--users", "1000", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["prohibition_in_force"] is False
    assert data["statutory_deadline"] == "2025-01-19"
    # 1,000 users × $5,000 and × $500.
    assert data["penalty_cap_usd"] == {"distribution": 5_000_000, "data_portability": 500_000}


def test_timeline_command_briefing_and_bad_dates(capsys: pytest.CaptureFixture[str]) -> None:
    from tiktok_deal.cli import main

    assert main(["timeline", "--as-of", "2025-10-01"]) == 0
    text = capsys.readouterr().out
    assert "in force since 19 January 2025" in text
    assert "$850,000,000,000" in text
    assert "$85,000,000,000" in text
    with pytest.raises(SystemExit) as caught:
        main(["timeline", "--as-of", "yesterday"])
    assert caught.value.code == 2


# ----------------------------------------------------------------------------- what a reader relies on
def test_the_day_count_behind_eo_14166_and_eo_14352() -> None:
    # The two orders that count "N days from" their own date: the data gives the count, the
    # library the date. 2025-01-20 + 75: Jan 21–31 (11) + Feb (28) + Mar (31) + Apr 1–5 (5) = 75.
    assert 11 + 28 + 31 + 5 == 75
    assert order("14166").until == D(2025, 4, 5)
    # 2025-09-25 + 120: Sep 26–30 (5) + Oct 31 + Nov 30 + Dec 31 + Jan 1–23 (23) = 120.
    assert 5 + 31 + 30 + 31 + 23 == 120
    assert order("14352").until == D(2026, 1, 23)


def test_a_one_day_order_is_a_valid_event() -> None:
    # until is the last day covered: an order covering only its own day has until == date.
    one_day = Event(
        date=D(2025, 1, 20), kind="non_enforcement", title="t", citation="c", until=D(2025, 1, 20)
    )
    assert one_day.covers(D(2025, 1, 20))
    assert not one_day.covers(D(2025, 1, 21))
    assert one_day.to_dict()["until"] == "2025-01-20"


def test_event_errors_say_what_is_wrong() -> None:
    base: dict[str, object] = {"date": D(2025, 1, 1), "title": "t", "citation": "c"}
    with pytest.raises(ValueError, match=r"^until is given for non_enforcement events"):
        Event(**base, kind="deal", until=D(2025, 2, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"until \(2024-12-31\) is before the event's date"):
        Event(**base, kind="non_enforcement", until=D(2024, 12, 31))  # type: ignore[arg-type]


def test_event_to_dict_gives_until_only_for_orders() -> None:
    assert order("14352").to_dict()["until"] == "2026-01-23"
    (court,) = [e for e in EVENTS if e.kind == "court"]
    assert court.to_dict() == {
        "date": "2025-01-17",
        "kind": "court",
        "title": court.title,
        "citation": court.citation,
        "until": None,
    }


@pytest.mark.parametrize("prior", [True, 1.5, "1"])
def test_extension_rejects_prior_extensions_that_are_not_whole_numbers(prior: object) -> None:
    with pytest.raises(ValueError, match="prior_extensions must be a whole number"):
        propose_extension(days=30, prior_extensions=prior, **ALL_CERTIFIED)  # type: ignore[arg-type]


def test_extension_refusal_reason_is_its_problems_in_one_sentence() -> None:
    # Two problems (no days, no certification (A)), joined into one sentence.
    decision = propose_extension(
        days=0, path_identified=False, significant_progress=True, binding_agreements=True
    )
    assert len(decision.problems) == 2
    assert decision.accepted is False
    assert decision.reason == "Refused under PAFACA §2(a)(3): " + "; ".join(decision.problems) + "."
    assert propose_extension(days=90, **ALL_CERTIFIED).accepted is True


def test_penalty_caps_keep_the_user_count() -> None:
    assert penalty_caps(1_000).us_users == 1_000


def test_to_dict_while_an_order_is_in_force() -> None:
    # 1 February 2025: EO 14166 covers it through 5 April; enforcement possible on 6 April:
    # February 2–28 (27) + March 31 + April 1–6 (6) = 64 days.
    data = status(D(2025, 2, 1)).to_dict(us_users=1_000)
    assert data["suspended_by"].startswith("Executive Order 14166")
    assert data["enforcement_suspended_until"] == "2025-04-05"
    assert data["days_until_deadline"] is None
    assert data["days_until_enforcement"] == 27 + 31 + 6 == 64
    assert data["joint_venture_closed"] is False
    assert data["us_users"] == 1_000
    before = status(D(2024, 6, 1)).to_dict()
    assert before["suspended_by"] is None
    assert before["days_until_deadline"] == 232
    assert status(D(2026, 2, 1)).to_dict()["joint_venture_closed"] is True


def test_briefing_names_the_order_by_its_number() -> None:
    # EO 14166's title reads "EO 14166: the Attorney General …": the briefing says "EO 14166".
    text = status(D(2025, 2, 1)).briefing()
    assert "suspended until 5 April 2025 by EO 14166, an executive non-enforcement order" in text


def test_briefing_on_a_day_no_order_covers() -> None:
    # 19 January 2025: the prohibition is in force and EO 14166 is not yet signed.
    lines = status(D(2025, 1, 19)).briefing().splitlines()
    (line,) = [line for line in lines if "non-enforcement order covers" in line]
    assert line.startswith("No non-enforcement order")
    assert "the Attorney General may enforce the Act" in line
    assert line.endswith("(§2(d)(2)).")


def test_briefing_mentions_the_signed_agreements_between_signing_and_closing() -> None:
    signed = (
        "Binding agreements were signed on 18 December 2025; closing is due on 22 January 2026."
    )
    assert signed in status(D(2025, 12, 18)).briefing()  # from the day of signing
    assert signed in status(D(2026, 1, 21)).briefing()
    assert "Binding agreements were signed" not in status(D(2025, 12, 17)).briefing()
    assert "Binding agreements were signed" not in status(D(2026, 1, 22)).briefing()  # closed


def test_briefing_event_list_layout() -> None:
    # Two sections, each after a blank line; each event on two lines, the citation aligned under
    # the title (2 + 10 + 2 + 15 + 2 = 31 columns in); orders show their last day.
    lines = status(D(2025, 10, 1)).briefing().splitlines()
    for heading in ("Events to date:", "Upcoming:"):
        at = lines.index(heading)
        assert lines[at - 1] == ""
    (eo,) = [i for i, line in enumerate(lines) if "EO 14352 (Saving TikTok" in line]
    assert lines[eo].startswith("  2025-09-25  non-enforcement  EO 14352")
    assert lines[eo].endswith("120 days' non-enforcement (until 2026-01-23)")
    assert lines[eo + 1] == " " * 31 + order("14352").citation
    (court,) = [i for i, line in enumerate(lines) if "  court  " in line]
    assert lines[court].endswith("(per curiam, intermediate scrutiny)")
    assert lines[court + 1].startswith(" " * 31 + "TikTok Inc. v. Garland")


# ----------------------------------------------------------------------------- the determination
def test_after_closing_the_clock_stays_the_statutes_and_the_exemption_is_the_executives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tiktok_deal.cli import main

    assert main(["timeline", "--as-of", "2026-02-01", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # §2(a)(2)(A): the prohibition is in force from 2025-01-19, whatever happened since.
    assert data["prohibition_in_force"] is True
    determination = data["qualified_divestiture_determination"]
    assert determination["order"] == "Executive Order 14352"
    assert determination["date"] == "2025-09-25"
    assert determination["effective"] == "2026-01-22"  # the closing
    assert "Lemon8" in determination["covers"]
    text = status(D(2026, 2, 1)).briefing()
    assert "determined that divestiture a qualified divestiture" in text
    assert "the executive's determination, not this library's finding" in text
    assert "the prohibition no longer applies" not in text


def test_the_determination_is_dated_and_not_yet_effective_before_closing() -> None:
    assert status(D(2025, 9, 24)).qualified_divestiture is None  # the day before EO 14352
    before = status(D(2025, 10, 1)).qualified_divestiture
    assert before is not None
    assert before["effective"] is None
    assert "once its implementation agreements are executed" in status(D(2025, 10, 1)).briefing()


def test_a_date_before_the_act_is_refused() -> None:
    from tiktok_deal import InvalidArgumentError

    with pytest.raises(InvalidArgumentError, match="before PAFACA was enacted"):
        status(D(1900, 1, 1))


def test_absurd_user_counts_are_refused_not_printed() -> None:
    from tiktok_deal import InvalidArgumentError

    with pytest.raises(InvalidArgumentError, match="more than people on Earth"):
        penalty_caps(10**4300)
    assert penalty_caps(10_000_000_000).distribution == 50_000_000_000_000  # 10^10 × $5,000
