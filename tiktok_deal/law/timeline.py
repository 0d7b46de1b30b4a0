"""The law's clock for TikTok: the deadline, the one extension, non-enforcement orders, the
qualified-divestiture determination, penalties.

The events are data (``presets/timeline.toml``), each with its source; this module does the
arithmetic and says where the clock stands on a date. Three things are kept apart on purpose:

- the **statutory clock**: the prohibition of PAFACA §2(a) is in force from 2025-01-19 (270 days
  after enactment, §2(a)(2)(A)); the one **extension** of §2(a)(3) — at most 90 days, only when
  the President certifies three things to Congress — was never used;
- the **executive non-enforcement orders** (EO 14166, 14258, 14310, 14350, 14352): the prohibition
  stays in force, but the Attorney General, who enforces the Act (§2(d)(2)), is told not to;
- the **qualified-divestiture determination** of EO 14352 §2(c): the President determined the
  framework divestiture a qualified divestiture once its implementation agreements are executed,
  which under §2(c)(1) takes the divested application out of the prohibition. That is the
  executive's determination, not a finding of this library, whose rules test the same
  divestiture against the statute's words.

An order's ``until`` is the last day it covers: EO 14166's "75 days from" 2025-01-20 runs through
2025-04-05, the date EO 14352 §1 itself gives for it.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib import resources
from typing import Any, Final, Literal, TypeAlias

import attrs

from ..errors import InvalidArgumentError
from ..model.fields import MAX_US_USERS
from .parameters import (
    DATA_PORTABILITY_PENALTY_PER_USER,
    DISTRIBUTION_PENALTY_PER_USER,
    ENACTED,
    MAX_EXTENSION_DAYS,
    MAX_EXTENSIONS,
    PROHIBITION_DELAY_DAYS,
    US_USERS,
)

__all__ = [
    "AGREEMENTS_SIGNED",
    "ENACTED",
    "EVENTS",
    "EVENT_KINDS",
    "JOINT_VENTURE_CLOSED",
    "MAX_US_USERS",
    "US_USERS",
    "Event",
    "ExtensionDecision",
    "PenaltyCaps",
    "TimelineStatus",
    "penalty_caps",
    "propose_extension",
    "status",
    "statutory_deadline",
]

EventKind: TypeAlias = Literal[
    "statute", "deadline", "court", "non_enforcement", "determination", "diplomacy", "deal"
]
EVENT_KINDS: Final[tuple[str, ...]] = (
    "statute",
    "deadline",
    "court",
    "non_enforcement",
    "determination",
    "diplomacy",
    "deal",
)
_CERTIFICATIONS: Final = (
    ("path_identified", "(A) a path to a qualified divestiture has been identified"),
    ("significant_progress", "(B) there is evidence of significant progress toward it"),
    ("binding_agreements", "(C) binding legal agreements to execute it are in place"),
)


def statutory_deadline(enacted: dt.date = ENACTED) -> dt.date:
    """The day the prohibition takes effect for ByteDance and TikTok: PAFACA §2(a)(2)(A).

    270 days after enactment; for the enacted law, 2025-01-19.
    """
    return enacted + dt.timedelta(days=PROHIBITION_DELAY_DAYS)


# ----------------------------------------------------------------------------- §2(a)(3)
@attrs.frozen(kw_only=True)
class ExtensionDecision:
    """Whether a proposed PAFACA §2(a)(3) extension is allowed, and why (each problem named)."""

    accepted: bool
    reason: str
    problems: tuple[str, ...] = ()


def propose_extension(
    *,
    days: int,
    path_identified: bool,
    significant_progress: bool,
    binding_agreements: bool,
    prior_extensions: int = 0,
) -> ExtensionDecision:
    """Test a proposed extension of the deadline against PAFACA §2(a)(3).

    The President may extend the deadline once, by not more than 90 days, if he certifies to
    Congress that (A) a path to a qualified divestiture has been identified, (B) there is evidence
    of significant progress toward it and (C) binding legal agreements to execute it during the
    extension are in place. Every unmet condition is named in ``problems`` and ``reason``.
    """
    if isinstance(prior_extensions, bool) or not isinstance(prior_extensions, int):
        raise InvalidArgumentError(
            f"prior_extensions must be a whole number, got {prior_extensions!r}"
        )
    if prior_extensions < 0:
        raise InvalidArgumentError(f"prior_extensions cannot be negative, got {prior_extensions}")
    problems: list[str] = []
    if prior_extensions >= MAX_EXTENSIONS:
        problems.append(
            f"only one extension is allowed and {prior_extensions} has already been granted"
        )
    if days <= 0:
        problems.append(f"an extension must last a positive number of days, not {days}")
    elif days > MAX_EXTENSION_DAYS:
        problems.append(f"an extension may last at most {MAX_EXTENSION_DAYS} days, not {days}")
    given = {
        "path_identified": path_identified,
        "significant_progress": significant_progress,
        "binding_agreements": binding_agreements,
    }
    problems.extend(
        f"no certification to Congress that {text}"
        for name, text in _CERTIFICATIONS
        if not given[name]
    )
    if problems:
        return ExtensionDecision(
            accepted=False,
            reason="Refused under PAFACA §2(a)(3): " + "; ".join(problems) + ".",
            problems=tuple(problems),
        )
    return ExtensionDecision(
        accepted=True,
        reason=(
            f"Allowed under PAFACA §2(a)(3): the one extension, of {days} days "
            f"(at most {MAX_EXTENSION_DAYS}), with certifications (A), (B) and (C) made to "
            f"Congress."
        ),
    )


# ----------------------------------------------------------------------------- events
def _date_only(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"{attribute.name} must be a datetime.date, got {value!r}")


@attrs.frozen(kw_only=True)
class Event:
    """One dated event on TikTok's PAFACA timeline, with the source it is taken from.

    ``until`` is set only for non-enforcement orders: the last day the order covers.
    """

    date: dt.date = attrs.field(validator=_date_only)
    kind: EventKind = attrs.field(validator=attrs.validators.in_(EVENT_KINDS))
    title: str
    citation: str
    until: dt.date | None = attrs.field(
        default=None, validator=attrs.validators.optional(_date_only)
    )

    def __attrs_post_init__(self) -> None:
        if (self.until is not None) != (self.kind == "non_enforcement"):
            raise ValueError("until is given for non_enforcement events, and only for them")
        if self.until is not None and self.until < self.date:
            raise ValueError(f"until ({self.until}) is before the event's date ({self.date})")

    @property
    def order(self) -> str:
        """``"EO 14352"`` for an executive order (titles start with its number), else ``""``."""
        words = self.title.split()
        return " ".join(words[:2]).rstrip(":") if words[:1] == ["EO"] else ""

    def covers(self, day: dt.date) -> bool:
        """True when this is a non-enforcement order in effect on ``day`` (issue date to until)."""
        return self.until is not None and self.date <= day <= self.until

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ISO dates, ``until`` None unless a non-enforcement order."""
        return {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "title": self.title,
            "citation": self.citation,
            "until": None if self.until is None else self.until.isoformat(),
        }


def _read_events() -> tuple[Event, ...]:
    """The events of ``presets/timeline.toml``, in date order."""
    text = resources.files("tiktok_deal.presets").joinpath("timeline.toml").read_text("utf-8")
    events = []
    for entry in tomllib.loads(text)["events"]:
        days = entry.pop("until_days", None)
        if days is not None:
            entry["until"] = entry["date"] + dt.timedelta(days=days)
        events.append(Event(**entry))
    return tuple(sorted(events, key=lambda event: event.date))


EVENTS: Final[tuple[Event, ...]] = _read_events()
AGREEMENTS_SIGNED: Final = dt.date(2025, 12, 18)
"""Binding agreements for TikTok USDS Joint Venture LLC signed (Variety, 2025-12-18)."""
JOINT_VENTURE_CLOSED: Final = dt.date(2026, 1, 22)
"""TikTok USDS Joint Venture LLC closes (TikTok's closing announcement, 2026-01-22)."""
#: EO 14352's determination (§2(c)) and what it covers, in the order's words.
DETERMINATION: Final = next(event for event in EVENTS if event.kind == "determination")
COVERS: Final = (
    "the divestiture outlined in the Framework Agreement, once its implementation agreements "
    "are executed: the TikTok applications, the Lemon8 application, the CapCut applications, any "
    "other application or website duly operated by the new joint venture, and their associated "
    "or affiliated websites (EO 14352 §2(c))"
)


# ----------------------------------------------------------------------------- §2(d)(1)
@attrs.frozen(kw_only=True)
class PenaltyCaps:
    """Maximum civil penalties in whole dollars, PAFACA §2(d)(1).

    ``distribution``: §2(d)(1)(A), $5,000 × U.S. users, for each app store or host that
    distributes, maintains or updates the app in violation of §2(a).
    ``data_portability``: §2(d)(1)(B), $500 × U.S. users, for a breach of the §2(b) duty.
    """

    us_users: int
    distribution: int
    data_portability: int


def penalty_caps(us_users: int) -> PenaltyCaps:
    """The §2(d)(1) penalty caps for ``us_users`` U.S. users (a whole number, 0 to 10^10)."""
    if isinstance(us_users, bool) or not isinstance(us_users, int):
        raise InvalidArgumentError(f"us_users must be a whole number of users, got {us_users!r}")
    if not 0 <= us_users <= MAX_US_USERS:
        shown = f"{us_users:,}" if us_users.bit_length() < 64 else "a number that large"
        raise InvalidArgumentError(
            f"us_users must be between 0 and {MAX_US_USERS:,} (more than people on Earth), "
            f"got {shown}"
        )
    return PenaltyCaps(
        us_users=us_users,
        distribution=DISTRIBUTION_PENALTY_PER_USER * us_users,
        data_portability=DATA_PORTABILITY_PENALTY_PER_USER * us_users,
    )


# ----------------------------------------------------------------------------- status
_MONTHS: Final = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")  # fmt: skip


def _long(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@attrs.frozen(kw_only=True)
class TimelineStatus:
    """Where the PAFACA clock stands on ``as_of``; everything else is derived from the events.

    ``events`` holds every dated event, in date order; those after ``as_of`` are upcoming.
    """

    as_of: dt.date = attrs.field(validator=_date_only)
    statutory_deadline: dt.date
    events: tuple[Event, ...]

    @property
    def prohibition_in_force(self) -> bool:
        """The statute's clock: True from the statutory deadline on (PAFACA §2(a)(2)(A)); no
        extension was certified. Whether a divested application is exempt is another matter
        (``qualified_divestiture``)."""
        return self.as_of >= self.statutory_deadline

    @property
    def suspension(self) -> Event | None:
        """The latest non-enforcement order issued on or before ``as_of`` that covers it."""
        covering = [event for event in self.events if event.covers(self.as_of)]
        return max(covering, key=lambda event: event.date, default=None)

    @property
    def enforcement_suspended_until(self) -> dt.date | None:
        """The last day of the covering non-enforcement order; None when none covers ``as_of``."""
        order = self.suspension
        return None if order is None else order.until

    @property
    def days_until_deadline(self) -> int | None:
        """Days left before the prohibition takes effect; None once it is in force."""
        if self.prohibition_in_force:
            return None
        return (self.statutory_deadline - self.as_of).days

    @property
    def joint_venture_closed(self) -> bool:
        """True once TikTok USDS Joint Venture LLC has closed (2026-01-22)."""
        return self.as_of >= JOINT_VENTURE_CLOSED

    @property
    def qualified_divestiture(self) -> dict[str, Any] | None:
        """EO 14352's determination (§2(c)) once issued: the order, its date, what it covers and
        when it took effect (the closing, once the agreements were signed and closed); None
        before 2025-09-25."""
        if self.as_of < DETERMINATION.date:
            return None
        return {
            "order": "Executive Order 14352",
            "date": DETERMINATION.date.isoformat(),
            "covers": COVERS,
            "effective": JOINT_VENTURE_CLOSED.isoformat() if self.joint_venture_closed else None,
            "citation": DETERMINATION.citation,
        }

    @property
    def days_until_enforcement(self) -> int | None:
        """Days until the Attorney General may next enforce the Act against TikTok (§2(d)(2)).

        0 when enforcement is possible on ``as_of``; None once the determined qualified
        divestiture has taken effect (the executive's determination, §2(c)(1)).
        """
        if self.joint_venture_closed:
            return None
        if not self.prohibition_in_force:
            return self.days_until_deadline
        until = self.enforcement_suspended_until
        return 0 if until is None else (until - self.as_of).days + 1

    @property
    def past_events(self) -> tuple[Event, ...]:
        """Events on or before ``as_of``."""
        return tuple(event for event in self.events if not self.is_upcoming(event))

    @property
    def upcoming_events(self) -> tuple[Event, ...]:
        """Events after ``as_of``."""
        return tuple(event for event in self.events if self.is_upcoming(event))

    def is_upcoming(self, event: Event) -> bool:
        """True when ``event`` falls after ``as_of``."""
        return event.date > self.as_of

    def to_dict(self, *, us_users: int = US_USERS) -> dict[str, Any]:
        """A JSON-ready summary: ISO dates, plain ints and bools, events flagged ``upcoming``."""
        caps = penalty_caps(us_users)
        order = self.suspension
        return {
            "as_of": self.as_of.isoformat(),
            "statutory_deadline": self.statutory_deadline.isoformat(),
            "prohibition_in_force": self.prohibition_in_force,
            "enforcement_suspended_until": (
                None if order is None or order.until is None else order.until.isoformat()
            ),
            "suspended_by": None if order is None else order.citation,
            "qualified_divestiture_determination": self.qualified_divestiture,
            "days_until_deadline": self.days_until_deadline,
            "days_until_enforcement": self.days_until_enforcement,
            "joint_venture_closed": self.joint_venture_closed,
            "us_users": us_users,
            "penalty_cap_usd": {
                "distribution": caps.distribution,
                "data_portability": caps.data_portability,
            },
            "events": [
                {**event.to_dict(), "upcoming": self.is_upcoming(event)} for event in self.events
            ],
        }

    def briefing(self, *, us_users: int = US_USERS) -> str:
        """A short plain-text briefing: where the clock stands, penalty caps, then the events."""
        caps = penalty_caps(us_users)
        deadline = _long(self.statutory_deadline)
        lines = [f"TikTok and PAFACA as of {_long(self.as_of)}", ""]
        if not self.prohibition_in_force:
            lines.append(
                f"The prohibition on distributing or hosting TikTok (PAFACA §2(a)(1)) is not yet "
                f"in force. It takes effect on {deadline}, 270 days after enactment "
                f"(§2(a)(2)(A)), in {self.days_until_deadline} days. The President may extend "
                f"that once, by at most {MAX_EXTENSION_DAYS} days, if he certifies to Congress a "
                f"path to a qualified divestiture, significant progress and binding agreements "
                f"(§2(a)(3))."
            )
        else:
            lines.append(
                f"The prohibition on distributing or hosting TikTok (PAFACA §2(a)(1)) has been in "
                f"force since {deadline}, 270 days after enactment (§2(a)(2)(A)); no §2(a)(3) "
                f"extension was certified."
            )
            lines += self._enforcement()
        lines.append(
            f"Penalty caps at {us_users:,} U.S. users: up to ${caps.distribution:,} for each app "
            f"store or host (§2(d)(1)(A), ${DISTRIBUTION_PENALTY_PER_USER:,} a user) and up to "
            f"${caps.data_portability:,} for the data-portability duty (§2(d)(1)(B), "
            f"${DATA_PORTABILITY_PENALTY_PER_USER:,} a user)."
        )
        for heading, events in (("Events to date:", self.past_events),
                                ("Upcoming:", self.upcoming_events)):  # fmt: skip
            if events:
                lines += ["", heading]
                lines += [_event_line(event) for event in events]
        return "\n".join(lines)

    def _enforcement(self) -> list[str]:
        order, lines = self.suspension, []
        if self.joint_venture_closed:
            lines.append(
                f"TikTok USDS Joint Venture LLC closed on {_long(JOINT_VENTURE_CLOSED)}, its "
                f"agreements signed on {_long(AGREEMENTS_SIGNED)}. By Executive Order 14352 "
                f"(§2(c)) the President determined that divestiture a qualified divestiture "
                f"once executed; on that determination the divested application is exempt from "
                f"the prohibition (PAFACA §2(c)(1)). The exemption is the executive's "
                f"determination, not this library's finding: `tiktok-deal check --preset "
                f"joint-venture-2026` tests the divestiture against §2(g)(1), §2(g)(3)(A) and "
                f"§2(g)(6)(B) under each reading."
            )
        elif order is not None and order.until is not None:
            lines.append(
                f"Enforcement is suspended until {_long(order.until)} by {order.order}, an "
                f"executive non-enforcement order, not a statutory extension: the prohibition "
                f"stays in force, but the Attorney General, who enforces it (§2(d)(2)), is "
                f"directed not to."
            )
        else:
            lines.append(
                "No non-enforcement order covers this date: the Attorney General may enforce "
                "the Act (§2(d)(2))."
            )
        if self.qualified_divestiture is not None and not self.joint_venture_closed:
            lines.append(
                "Executive Order 14352 (2025-09-25) determined the framework divestiture a "
                "qualified divestiture once its implementation agreements are executed (§2(c))."
            )
        if not self.joint_venture_closed and self.as_of >= AGREEMENTS_SIGNED:
            lines.append(
                f"Binding agreements were signed on {_long(AGREEMENTS_SIGNED)}; closing is due "
                f"on {_long(JOINT_VENTURE_CLOSED)}."
            )
        return lines


def _event_line(event: Event) -> str:
    until = "" if event.until is None else f" (until {event.until.isoformat()})"
    kind = event.kind.replace("_", "-")
    return f"  {event.date.isoformat()}  {kind:<15}  {event.title}{until}\n{'':31}{event.citation}"


def status(as_of: dt.date) -> TimelineStatus:
    """Where TikTok stands under PAFACA on ``as_of`` (on or after the Act's enactment):
    deadline, suspension, determination, closing, events."""
    if isinstance(as_of, dt.datetime) or not isinstance(as_of, dt.date):
        raise TypeError(f"as_of must be a datetime.date, got {as_of!r}")
    if as_of < ENACTED:
        raise InvalidArgumentError(
            f"{as_of.isoformat()} is before PAFACA was enacted ({ENACTED.isoformat()}); the law "
            "says nothing of earlier dates"
        )
    return TimelineStatus(as_of=as_of, statutory_deadline=statutory_deadline(), events=EVENTS)
