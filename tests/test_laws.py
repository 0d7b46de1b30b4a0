"""Laws of the rules: properties every deal must have, stated in words and drawn by hypothesis.

Each test's docstring is the law in plain words; the test draws deals from
``tiktok_deal.strategies`` and checks the law on each. The few tests on fixed examples pin the
bugs these laws found (a law that fails on a library bug is kept as a strict xfail until fixed).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Mapping
from fractions import Fraction
from random import Random

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tiktok_deal import (
    Arrangement,
    ControlRight,
    Deal,
    Finding,
    Interpretation,
    InvalidDealError,
    Party,
    Report,
    Seat,
    Stake,
    Status,
    check,
    deal_from_dict,
    deal_to_dict,
    dumps,
    loads,
)
from tiktok_deal.law import RULESETS, combine
from tiktok_deal.ownership import traced_stakes
from tiktok_deal.strategies import (
    ADVERSARY_COUNTRIES,
    SARS,
    arrangements,
    countries,
    deals,
    interpretations,
    ownership_graphs,
    stake_values,
)

C, V, UNSURE = Status.COMPLIANT, Status.VIOLATION, Status.INDETERMINATE
ORDER = {C: 0, UNSURE: 1, V: 2}
FIFTH = Fraction(1, 5)
OWNERSHIP = "pafaca.fa_ownership"
DIRECTION = "pafaca.fa_direction"
PAFACA = tuple(rule.id for rule in RULESETS["pafaca"])
LINKS = ("organized_in", "headquartered_in", "principal_place_of_business", "domiciled_in")
#: Deals of up to six parties, some of unknown jurisdiction, some stakes known only as ranges.
DEALS = deals(max_parties=6, unknown_jurisdictions=True, stake_ranges=True)
#: The same without ranges, for laws that rewrite stakes.
PLAIN = deals(max_parties=6, unknown_jurisdictions=True)
#: Without ranges, (A)-persons holding stakes in the target on and around the 20 % line.
NEAR = deals(max_parties=6, unknown_jurisdictions=True, near_threshold=True)
Outcome = tuple[Status, Fraction | None, tuple[Fraction, Fraction] | None]


# ----------------------------------------------------------------------------- helpers
def outcomes(report: Report) -> dict[str, Outcome]:
    """Each rule's status, value and bounds (what must not change when nothing legal changes)."""
    return {f.rule: (f.status, f.value, f.bounds) for f in report.findings}


def statuses(report: Report) -> dict[str, Status]:
    return {f.rule: f.status for f in report.findings}


def ownership(deal: Deal, interpretation: Interpretation) -> Finding:
    return check(deal, interpretation=interpretation)[OWNERSHIP]


def is_adversary(party: Party) -> bool:
    """An (A)-person under every interpretation: linked to CN, RU, IR or KP."""
    return bool(party.countries & set(ADVERSARY_COUNTRIES))


def adversaries(deal: Deal) -> list[str]:
    return [p.id for p in deal.parties.values() if is_adversary(p)]


def room(deal: Deal, entity: str) -> tuple[Fraction, Fraction]:
    """What is left of ``entity``'s equity and votes after the stakes held in it."""
    held = deal.holdings_in(entity)
    return (
        1 - sum((s.equity for s in held), Fraction(0)),
        1 - sum((s.votes for s in held), Fraction(0)),
    )


def stake_of(deal: Deal, holder: str, of: str) -> Stake | None:
    return next((s for s in deal.stakes if (s.holder, s.of) == (holder, of)), None)


def with_stakes(deal: Deal, remove: Iterable[Stake] = (), add: Iterable[Stake] = ()) -> Deal:
    gone = {(s.holder, s.of) for s in remove}
    kept = [s for s in deal.stakes if (s.holder, s.of) not in gone]
    return attrs.evolve(deal, stakes=[*kept, *add])


def with_party(deal: Deal, party: Party) -> Deal:
    return attrs.evolve(deal, parties=[*deal.parties.values(), party])


def fresh_id(deal: Deal, stem: str = "q") -> str:
    return next(f"{stem}{i}" for i in itertools.count() if f"{stem}{i}" not in deal.parties)


def relinked(deal: Deal, replace: Mapping[str, str]) -> Deal:
    """The deal with every party link to a country in ``replace`` moved to its replacement."""
    parties = [
        attrs.evolve(p, **{k: replace[c] for k, c in p.links if c in replace})
        for p in deal.parties.values()
    ]
    return attrs.evolve(deal, parties=parties)


def renamed(deal: Deal, new: Mapping[str, str]) -> Deal:
    """The same deal with every party id ``p`` renamed ``new[p]`` (names kept)."""

    def r(party_id: str | None) -> str | None:
        return None if party_id is None else new[party_id]

    return attrs.evolve(
        deal,
        target=new[deal.target],
        parties=[attrs.evolve(p, id=new[p.id], name=p.name) for p in deal.parties.values()],
        stakes=[attrs.evolve(s, holder=new[s.holder], of=new[s.of]) for s in deal.stakes],
        board=[attrs.evolve(s, appointed_by=new[s.appointed_by], of=r(s.of)) for s in deal.board],
        control_rights=[
            attrs.evolve(c, holder=new[c.holder], of=r(c.of)) for c in deal.control_rights
        ],
        arrangements=[attrs.evolve(a, counterparty=new[a.counterparty]) for a in deal.arrangements],
        officers=[
            attrs.evolve(o, appointed_by=new[o.appointed_by], of=r(o.of)) for o in deal.officers
        ],
        operations=[attrs.evolve(o, operator=new[o.operator]) for o in deal.operations],
        formerly_affiliated=None
        if deal.formerly_affiliated is None
        else [new[p] for p in deal.formerly_affiliated],
    )


def not_worse(before: Mapping[str, Status], after: Mapping[str, Status]) -> bool:
    return all(ORDER[after[rule]] <= ORDER[before[rule]] for rule in before)


@st.composite
def near_sums(draw: st.DrawFn) -> list[Fraction]:
    """Parts (one to four) whose total is on or just beside 1/5: 0.18 + 0.02, 199/1000, …"""
    denominator = draw(st.sampled_from((100, 1000, 10_000, 3000)))
    total = denominator // 5 + draw(st.sampled_from((0, -1, 1, 0, -2, 2)))
    count = draw(st.integers(1, 4))
    cuts = draw(st.lists(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1))
    edges = [0, *sorted(cuts), total]
    return [Fraction(b - a, denominator) for a, b in itertools.pairwise(edges)]


# ----------------------------------------------------------------------------- §2(g)(1)(B)
@given(NEAR, interpretations(), st.data())
def test_raising_an_adversary_stake_never_lowers_the_foreign_adversary_stake(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """If a foreign-adversary person acquires more equity or votes in any entity, the
    foreign-adversary stake in the target does not fall (neither its best nor its worst case),
    and no PAFACA finding improves: a violation of §2(g)(1)(B) cannot become compliance."""
    assume(adversaries(deal))
    holder = data.draw(st.sampled_from(adversaries(deal)))
    of = data.draw(st.sampled_from(sorted(set(deal.parties) - {holder})))
    equity_left, votes_left = room(deal, of)
    old = stake_of(deal, holder, of) or Stake(holder=holder, of=of, equity=0)
    more_equity = data.draw(stake_values(max_value=equity_left))
    more_votes = data.draw(stake_values(max_value=votes_left))
    assume(more_equity or more_votes)
    new = Stake(
        holder=holder, of=of, equity=old.equity + more_equity, voting=old.votes + more_votes
    )
    before = check(deal, interpretation=interpretation)
    after = check(with_stakes(deal, [old], [new]), interpretation=interpretation)
    low, high = before[OWNERSHIP].bounds or (0, 0)
    low2, high2 = after[OWNERSHIP].bounds or (0, 0)
    assert low2 >= low
    assert high2 >= high
    assert not_worse(statuses(after), statuses(before)), (statuses(before), statuses(after))


@given(NEAR, interpretations(), st.data())
def test_splitting_an_adversary_holding_among_adversary_persons_changes_nothing(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """The stakes of foreign-adversary persons are taken together (§2(g)(1)(B), "combination of
    foreign persons"): if one of them passes part of a holding to another foreign-adversary
    person, no PAFACA finding, foreign-adversary stake or bound changes. (Under the
    controlling-link reading a holding of more than half the votes counts whole, so there the
    law is stated for holdings of at most half the votes.)"""
    held = [s for s in deal.stakes if s.holder in adversaries(deal)]
    assume(held)
    stake = data.draw(st.sampled_from(held))
    if stake.votes > Fraction(1, 2):
        interpretation = attrs.evolve(
            interpretation, lookthrough=data.draw(st.sampled_from(("multiply", "direct")))
        )
    share = data.draw(st.fractions(0, 1, max_denominator=20))
    newcomer = Party(id=fresh_id(deal), organized_in=data.draw(countries(kind="adversary")))
    kept = attrs.evolve(stake, equity=stake.equity * share, voting=stake.votes * share)
    passed = Stake(
        holder=newcomer.id,
        of=stake.of,
        equity=stake.equity * (1 - share),
        voting=stake.votes * (1 - share),
    )
    split = with_stakes(with_party(deal, newcomer), [stake], [kept, passed])
    before = outcomes(check(deal, interpretation=interpretation))
    after = outcomes(check(split, interpretation=interpretation))
    assert {r: before[r] for r in PAFACA} == {r: after[r] for r in PAFACA}


@given(PLAIN, interpretations(), st.data())
def test_merging_two_adversary_holdings_changes_nothing(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """If one foreign-adversary person buys another's whole holding in an entity, the
    foreign-adversary stake in the target, its bounds and every PAFACA finding stay the same
    (for holdings that together carry at most half the votes under the controlling-link
    reading, where a majority counts whole)."""
    buyer = data.draw(st.sampled_from([*adversaries(deal), "new"]))
    seller = Party(id=fresh_id(deal), organized_in=data.draw(countries(kind="adversary")))
    if buyer == "new":
        buyer = fresh_id(deal, "r")
        deal = with_party(deal, Party(id=buyer, organized_in="RU"))
    entities = sorted(set(deal.parties) - {buyer})
    assume(entities)
    entity = data.draw(st.sampled_from(entities))
    equity_left, votes_left = room(deal, entity)
    sold = Stake(
        holder=seller.id,
        of=entity,
        equity=data.draw(stake_values(max_value=equity_left)),
        voting=data.draw(stake_values(max_value=votes_left)),
    )
    old = stake_of(deal, buyer, entity) or Stake(holder=buyer, of=entity, equity=0)
    merged = attrs.evolve(old, equity=old.equity + sold.equity, voting=old.votes + sold.votes)
    if merged.votes > Fraction(1, 2):
        interpretation = attrs.evolve(
            interpretation, lookthrough=data.draw(st.sampled_from(("multiply", "direct")))
        )
    before_deal = with_stakes(with_party(deal, seller), add=[sold])
    after_deal = with_stakes(with_party(deal, seller), [old], [merged])
    before = outcomes(check(before_deal, interpretation=interpretation))
    after = outcomes(check(after_deal, interpretation=interpretation))
    assert {r: before[r] for r in PAFACA} == {r: after[r] for r in PAFACA}


@given(NEAR, interpretations(), st.data())
def test_dilution_by_a_non_adversary_investor_never_raises_the_stake(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """If an entity issues new shares to a new investor with no link to a foreign adversary
    (every existing holder's equity and votes shrinking in proportion), the foreign-adversary
    stake in the target does not rise in the best or the worst case, and §2(g)(1)(B) and
    §2(g)(1)(C) do not get worse."""
    entity = data.draw(st.sampled_from(sorted(deal.parties)))
    issued = data.draw(st.fractions(Fraction(1, 100), 1, max_denominator=100))
    investor = Party(id=fresh_id(deal), organized_in=data.draw(countries(kind="clean")))
    old = deal.holdings_in(entity)
    scaled = [
        attrs.evolve(s, equity=s.equity * (1 - issued), voting=s.votes * (1 - issued)) for s in old
    ]
    new = Stake(holder=investor.id, of=entity, equity=issued)
    diluted = with_stakes(with_party(deal, investor), old, [*scaled, new])
    before = check(deal, interpretation=interpretation)
    after = check(diluted, interpretation=interpretation)
    (low, high), (low2, high2) = before[OWNERSHIP].bounds, after[OWNERSHIP].bounds  # type: ignore[misc]
    assert low2 <= low
    assert high2 <= high
    for rule in (OWNERSHIP, DIRECTION):
        assert ORDER[after[rule].status] <= ORDER[before[rule].status], rule


@given(DEALS, interpretations())
def test_direct_is_at_most_multiply_is_at_most_control(
    deal: Deal, interpretation: Interpretation
) -> None:
    """Counting only direct holdings never gives more than looking through link by link, and
    looking through link by link never gives more than counting a controlling link (over half
    the votes) as the whole: direct ≤ multiply ≤ control, in the best and the worst case and
    whatever the stake basis."""
    bounds = {
        method: ownership(deal, attrs.evolve(interpretation, lookthrough=method)).bounds
        for method in ("direct", "multiply", "control")
    }
    for side in (0, 1):
        direct, multiply, control = (bounds[m][side] for m in ("direct", "multiply", "control"))  # type: ignore[index]
        assert direct <= multiply <= control, bounds


def test_the_worst_case_of_direct_holdings_given_as_ranges_is_at_most_the_whole() -> None:
    """No foreign-adversary stake exceeds 100 %: two Chinese holders, one of 0 to 100 % (a
    range) and one of 1 %, can at worst hold the whole target, not 101 % of it."""
    deal = Deal(
        name="ranges",
        target="t",
        parties=[
            Party(id="t", organized_in="US"),
            Party(id="a", organized_in="CN"),
            Party(id="b", organized_in="CN"),
        ],
        stakes=[
            Stake(holder="a", of="t", equity=0, equity_max=1),
            Stake(holder="b", of="t", equity="1%"),
        ],
    )
    for method in ("multiply", "control"):
        assert ownership(deal, Interpretation(lookthrough=method)).bounds == (Fraction(1, 100), 1)
    assert ownership(deal, Interpretation(lookthrough="direct")).bounds == (Fraction(1, 100), 1)


@given(NEAR, interpretations())
def test_stake_max_is_the_larger_of_equity_and_voting(
    deal: Deal, interpretation: Interpretation
) -> None:
    """Under stake=max the foreign-adversary stake (and each of its bounds) is the larger of the
    equity result and the voting result."""

    def bounds(basis: str) -> tuple[Fraction, Fraction]:
        found = ownership(deal, attrs.evolve(interpretation, stake=basis)).bounds
        assert found is not None
        return found

    equity, voting, larger = bounds("equity"), bounds("voting"), bounds("max")
    assert larger == (max(equity[0], voting[0]), max(equity[1], voting[1]))


@given(DEALS, interpretations())
def test_the_stake_is_a_fraction_of_the_whole_with_ordered_bounds(
    deal: Deal, interpretation: Interpretation
) -> None:
    """The foreign-adversary stake is between 0 % and 100 %; its best case is never above its
    worst case, and the reported value is the best case (what the known facts establish)."""
    finding = ownership(deal, interpretation)
    assert finding.bounds is not None
    low, high = finding.bounds
    assert 0 <= low <= high <= 1
    assert finding.value == low


@given(
    st.fractions(0, 1, max_denominator=40),
    st.fractions(0, 1, max_denominator=40),
    st.fractions(0, 1, max_denominator=40),
    st.fractions(0, 1, max_denominator=40),
    interpretations(stake="equity") | interpretations(stake="voting"),
)
def test_a_chain_passes_on_the_product_of_its_links(
    upper_equity: Fraction,
    upper_votes: Fraction,
    lower_equity: Fraction,
    lower_votes: Fraction,
    interpretation: Interpretation,
) -> None:
    """When a foreign-adversary person holds a of an intermediate company that holds b of the
    target, the stake passed up the chain is a × b (multiply), or the same with any link of more
    than half the votes counted as 100 % (control), or nothing (direct: no direct holding)."""
    upper = Stake(holder="a", of="m", equity=upper_equity, voting=upper_votes)
    lower = Stake(holder="m", of="t", equity=lower_equity, voting=lower_votes)
    deal = Deal(
        name="chain",
        target="t",
        parties=[
            Party(id="t", organized_in="US"),
            Party(id="m", organized_in="US"),
            Party(id="a", organized_in="CN"),
        ],
        stakes=[upper, lower],
    )

    def link(stake: Stake, *, control: bool) -> Fraction:
        if control and stake.votes > Fraction(1, 2):
            return Fraction(1)
        return stake.equity if interpretation.stake == "equity" else stake.votes

    expected = {
        "multiply": link(upper, control=False) * link(lower, control=False),
        "control": link(upper, control=True) * link(lower, control=True),
        "direct": Fraction(0),
    }[interpretation.lookthrough]
    assert ownership(deal, interpretation).value == expected


@given(
    ownership_graphs([f"p{i}" for i in range(7)], max_stakes=14),
    st.sets(st.sampled_from([f"p{i}" for i in range(7)]), min_size=1, max_size=3),
    st.sampled_from(("equity", "voting")),
)
def test_cross_holdings_are_solved_exactly(
    graph: list[Stake], sources: set[str], basis: str
) -> None:
    """Cross-holdings are solved, not cut off: under multiply the traced stake of every entity
    other than a source equals, exactly, the sum over its holders of (holding × the holder's
    traced stake, 1 for a source); under control the same with controlling links counted whole
    and the result capped at 100 %; and the control result is never below the multiply one."""
    results = {}
    for method in ("multiply", "control"):
        values = traced_stakes(graph, sources, method=method, basis=basis)  # type: ignore[arg-type]
        results[method] = values
        for entity in {s.of for s in graph} - sources:
            total = Fraction(0)
            for s in graph:
                if s.of != entity:
                    continue
                weight = s.equity if basis == "equity" else s.votes
                if method == "control" and s.votes > Fraction(1, 2):
                    weight = Fraction(1)
                passed = Fraction(1) if s.holder in sources else values.get(s.holder, Fraction(0))
                total += weight * passed
            expected = min(total, Fraction(1)) if method == "control" else total
            assert values.get(entity, Fraction(0)) == expected, (method, entity)
    for entity, value in results["multiply"].items():
        assert value <= results["control"].get(entity, Fraction(0))


@given(NEAR, interpretations(), st.data())
def test_stakes_held_in_an_adversary_person_are_not_looked_through(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """Tracing stops at the first foreign-adversary person: who owns ByteDance does not change
    ByteDance's stake in the target. Adding, changing or removing a stake held *in* a
    foreign-adversary person (other than the target) changes no finding, figure or bound of any
    rule of PAFACA or the reported terms. (China's export rule asks another question — is the
    licensor under *Chinese* control? — and may look through a Russian or Iranian person.)"""
    persons = [p for p in adversaries(deal) if p != deal.target]
    assume(persons)
    person = data.draw(st.sampled_from(persons))
    holder = data.draw(st.sampled_from(sorted(set(deal.parties) - {person})))
    old = stake_of(deal, holder, person)
    equity_left, votes_left = room(deal, person)
    if old is not None:
        equity_left += old.equity
        votes_left += old.votes
    if old is not None and data.draw(st.booleans()):
        changed = with_stakes(deal, [old])
    else:
        new = Stake(
            holder=holder,
            of=person,
            equity=data.draw(stake_values(max_value=equity_left)),
            voting=data.draw(stake_values(max_value=votes_left)),
        )
        changed = with_stakes(deal, [old] if old else [], [new])
    before = outcomes(check(deal, ruleset="all", interpretation=interpretation))
    after = outcomes(check(changed, ruleset="all", interpretation=interpretation))
    before.pop("china.export_licence")
    after.pop("china.export_licence")
    assert before == after


# ----------------------------------------------------------------------------- the line
@given(near_sums(), interpretations(), st.data())
def test_the_twenty_percent_line_is_inclusive(
    parts: list[Fraction], interpretation: Interpretation, data: st.DataObject
) -> None:
    """ "At least 20 percent": foreign-adversary persons holding exactly 1/5 of the target
    between them (e.g. 0.18 + 0.02) are a violation of §2(g)(1)(B); any total below 1/5, however
    close, is compliant; the figure reported is the exact sum."""
    holders = [
        Party(id=f"a{i}", organized_in=data.draw(countries(kind="adversary")))
        for i in range(len(parts))
    ]
    deal = Deal(
        name="line",
        target="t",
        parties=[Party(id="t", organized_in="US"), *holders],
        stakes=[Stake(holder=h.id, of="t", equity=p) for h, p in zip(holders, parts, strict=True)],
    )
    finding = ownership(deal, interpretation)
    total = sum(parts, Fraction(0))
    assert finding.value == total
    assert finding.status == (V if total >= FIFTH else C)


@given(
    deals(max_parties=6, unknown_jurisdictions=True, near_threshold=True, stake_ranges=True),
    interpretations(),
)
def test_the_ownership_status_follows_its_bounds(
    deal: Deal, interpretation: Interpretation
) -> None:
    """§2(g)(1)(B) is a violation exactly when even the best case reaches 20 %, compliant exactly
    when even the worst case stays below 20 %, and indeterminate otherwise."""
    finding = ownership(deal, interpretation)
    assert finding.bounds is not None
    low, high = finding.bounds
    expected = V if low >= FIFTH else C if high < FIFTH else UNSURE
    assert finding.status == expected


# ----------------------------------------------------------------------------- unknown facts
def resolutions(deal: Deal) -> Iterable[tuple[dict[str, str], Deal]]:
    unknown = sorted(p.id for p in deal.parties.values() if not p.jurisdiction_known)
    for choice in itertools.product(("US", "CN"), repeat=len(unknown)):
        where = dict(zip(unknown, choice, strict=True))
        parties = [
            attrs.evolve(p, organized_in=where[p.id]) if p.id in where else p
            for p in deal.parties.values()
        ]
        yield where, attrs.evolve(deal, parties=parties)


EVERY_RULE = tuple(rule.id for rule in RULESETS["all"])


@given(deals(max_parties=5, unknown_jurisdictions=True), interpretations())
def test_unknown_jurisdictions_give_bounds_of_every_resolution(
    deal: Deal, interpretation: Interpretation
) -> None:
    """When some parties' jurisdictions are unknown, the reported bounds of the foreign-adversary
    stake are exactly the stakes if none of them (best case) or all of them (worst case) were
    linked to China, and contain every mixed case; and each rule of every rule set is
    indeterminate exactly when the resolutions (each unknown party put in the US or in China)
    disagree, and otherwise gives the status they all give."""
    report = check(deal, ruleset="all", interpretation=interpretation)
    low, high = report[OWNERSHIP].bounds  # type: ignore[misc]
    seen: dict[str, set[Status]] = {rule: set() for rule in EVERY_RULE}
    for where, resolved in resolutions(deal):
        resolved_report = check(resolved, ruleset="all", interpretation=interpretation)
        value = resolved_report[OWNERSHIP].value
        assert value is not None
        assert low <= value <= high
        if all(c == "US" for c in where.values()):
            assert value == low
        if all(c == "CN" for c in where.values()):
            assert value == high
        for rule in seen:
            seen[rule].add(resolved_report[rule].status)
    for rule, found in seen.items():
        expected = found.pop() if len(found) == 1 else UNSURE
        assert report[rule].status == expected, (rule, found)


@given(deals(max_parties=5, stake_ranges=True), interpretations())
def test_stakes_known_as_ranges_give_bounds_of_every_choice(
    deal: Deal, interpretation: Interpretation
) -> None:
    """When stakes are known only as ranges, the best case of the foreign-adversary stake is the
    stake with every range at its bottom, and every choice of bottom or top for each range (that
    keeps each entity's holdings within 100 %) gives a stake within the reported bounds."""
    ranged = [i for i, s in enumerate(deal.stakes) if s.is_range]
    assume(len(ranged) <= 5)
    low, high = ownership(deal, interpretation).bounds  # type: ignore[misc]
    for tops in itertools.product((False, True), repeat=len(ranged)):
        chosen = list(deal.stakes)
        for index, top in zip(ranged, tops, strict=True):
            s = chosen[index]
            chosen[index] = Stake(
                holder=s.holder,
                of=s.of,
                equity=s.share("equity", upper=top),
                voting=None if s.voting is None else s.share("voting", upper=top),
            )
        try:
            resolved = attrs.evolve(deal, stakes=chosen)
        except InvalidDealError:
            continue  # the tops together pass 100 %: not a possible state of the facts
        value = ownership(resolved, interpretation).value
        assert value is not None
        assert low <= value <= high, (tops, value)
        if not any(tops):
            assert value == low


def test_a_government_seat_of_unknown_jurisdiction_is_indeterminate() -> None:
    """Contract §3.1 and design principle 5: when a rule's result depends on a jurisdiction
    that is not given, the rule says indeterminate. A government party with no jurisdiction
    appoints a seat: resolved as the US it is the U.S. government's seat (compliant), resolved as
    CN it is not (violation); unresolved, the result depends on it. (On 2025-09-20, while the
    reported term stood.)"""
    deal = Deal(
        name="gov",
        target="t",
        parties=[Party(id="t", organized_in="US"), Party(id="g", kind="government")],
        board=[Seat(appointed_by="g")],
        as_of=datetime.date(2025, 9, 20),
    )
    rule = "terms.government_seat"
    assert check(relinked_unknown(deal, "US"), ruleset="terms")[rule].status == C
    assert check(relinked_unknown(deal, "CN"), ruleset="terms")[rule].status == V
    assert check(deal, ruleset="terms")[rule].status == UNSURE


def relinked_unknown(deal: Deal, country: str) -> Deal:
    parties = [
        p if p.jurisdiction_known else attrs.evolve(p, organized_in=country)
        for p in deal.parties.values()
    ]
    return attrs.evolve(deal, parties=parties)


# ----------------------------------------------------------------------------- identity
@given(DEALS)
def test_every_deal_survives_a_toml_and_a_json_round_trip(deal: Deal) -> None:
    """Writing a deal to a deal file and reading it back gives the same deal, exactly, in TOML
    and in JSON; and the text written is stable (writing the read-back deal gives the same
    text)."""
    for fmt in ("toml", "json"):
        text = dumps(deal, format=fmt)  # type: ignore[arg-type]
        again = loads(text, format=fmt)  # type: ignore[arg-type]
        assert again == deal, fmt
        assert dumps(again, format=fmt) == text  # type: ignore[arg-type]
    assert deal_from_dict(deal_to_dict(deal)) == deal


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_an_empty_formerly_affiliated_list_survives_a_round_trip(fmt: str) -> None:
    """An empty list of formerly affiliated parties says that no party is formerly affiliated;
    leaving the key out says every party is (contract §3.4). Saving must keep the difference: a
    data-sharing agreement with ByteDance is then compliant before saving and after loading."""
    deal = Deal(
        name="empty list",
        target="t",
        parties=[Party(id="t", organized_in="US"), Party(id="bd", organized_in="CN")],
        arrangements=[Arrangement(kind="data_sharing", counterparty="bd")],
        formerly_affiliated=[],
    )
    assert check(deal).verdict == C
    again = loads(dumps(deal, format=fmt), format=fmt)  # type: ignore[arg-type]
    assert again.formerly_affiliated == ()
    assert check(again).verdict == C


@given(DEALS, interpretations(), st.data())
def test_renaming_parties_changes_no_finding(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """Party ids are labels: renaming them (even swapping them around, the target included)
    changes no status, figure, bound or verdict of any rule."""
    ids = sorted(deal.parties)
    fresh = [f"x{i}" for i in range(len(ids))]
    pool = data.draw(st.permutations(ids + fresh))
    new = dict(zip(ids, pool, strict=False))
    before = check(deal, ruleset="all", interpretation=interpretation)
    after = check(renamed(deal, new), ruleset="all", interpretation=interpretation)
    assert outcomes(before) == outcomes(after)
    assert before.verdict == after.verdict


@given(DEALS, interpretations(), st.randoms(use_true_random=False))
def test_evaluation_is_deterministic_and_order_independent(
    deal: Deal, interpretation: Interpretation, random: Random
) -> None:
    """Checking the same deal twice gives the same report, word for word; and the order in
    which parties, stakes, seats, control rights, arrangements and formerly affiliated parties
    are listed changes no status, figure or bound."""

    def shuffled(items: Iterable[object]) -> list[object]:
        items = list(items)
        random.shuffle(items)
        return items

    first = check(deal, ruleset="all", interpretation=interpretation)
    assert check(deal, ruleset="all", interpretation=interpretation) == first
    reordered = attrs.evolve(
        deal,
        parties=shuffled(deal.parties.values()),
        stakes=shuffled(deal.stakes),
        board=shuffled(deal.board),
        control_rights=shuffled(deal.control_rights),
        arrangements=shuffled(deal.arrangements),
        formerly_affiliated=None
        if deal.formerly_affiliated is None
        else shuffled(deal.formerly_affiliated),
    )
    assert outcomes(check(reordered, ruleset="all", interpretation=interpretation)) == outcomes(
        first
    )


@given(DEALS, interpretations(), st.data())
def test_a_party_with_no_connection_changes_nothing(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """A party that holds nothing, is held by no one, appoints no seat, holds no right, is no
    counterparty and is not listed as formerly affiliated changes no finding, whatever its
    jurisdiction (even unknown, even Chinese)."""
    kind = data.draw(st.sampled_from(("clean", "adversary", "hong_kong", "unknown")))
    link = {} if kind == "unknown" else {"organized_in": data.draw(countries(kind=kind))}  # type: ignore[arg-type]
    stranger = Party(id=fresh_id(deal), **link)
    before = check(deal, ruleset="all", interpretation=interpretation)
    after = check(with_party(deal, stranger), ruleset="all", interpretation=interpretation)
    assert outcomes(before) == outcomes(after)


# ----------------------------------------------------------------------------- verdicts
@given(DEALS, interpretations())
def test_the_verdict_is_the_worst_finding(deal: Deal, interpretation: Interpretation) -> None:
    """The verdict is a violation whenever any finding is one; otherwise indeterminate whenever
    any finding is; otherwise compliant. Checking every rule set at once gives the findings of
    each set, and a verdict that is the worst of theirs."""
    verdicts = {}
    findings = []
    for ruleset in ("pafaca", "china", "terms"):
        report = check(deal, ruleset=ruleset, interpretation=interpretation)
        found = {f.status for f in report.findings}
        expected = V if V in found else UNSURE if UNSURE in found else C
        assert report.verdict == expected
        verdicts[ruleset] = report.verdict
        findings += report.findings
    everything = check(deal, ruleset="all", interpretation=interpretation)
    assert list(everything.findings) == findings
    assert everything.verdict == max(verdicts.values(), key=ORDER.__getitem__)
    assert combine(verdicts.values()) == everything.verdict


@given(DEALS, interpretations(), st.data())
def test_a_target_that_is_an_adversary_person_always_violates(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """A target organized, headquartered, having its principal place of business or domiciled in
    a foreign adversary country is itself controlled by a foreign adversary (§2(g)(1)(A)): the
    PAFACA verdict is a violation, whatever else the deal says."""
    link = data.draw(st.sampled_from(LINKS))
    target = attrs.evolve(
        deal.parties[deal.target], **{link: data.draw(countries(kind="adversary"))}
    )
    deal = attrs.evolve(deal, parties={**deal.parties, deal.target: target})
    report = check(deal, interpretation=interpretation)
    assert report["pafaca.fa_person"].status == V
    assert report.verdict == V


@given(DEALS, interpretations(), st.data())
def test_no_adversary_link_means_no_pafaca_violation(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """A deal in which every party's jurisdiction is known and none is linked to China (Hong Kong
    and Macau included), Russia, Iran or North Korea is compliant with every PAFACA rule and with
    China's export-licence rule, under every interpretation."""
    elsewhere = data.draw(countries(kind="clean"))
    replace = dict.fromkeys((*ADVERSARY_COUNTRIES, *SARS), elsewhere)
    clean = relinked(relinked_unknown(deal, elsewhere), replace)
    report = check(clean, ruleset="all", interpretation=interpretation)
    assert all(report[rule].status == C for rule in (*PAFACA, "china.export_licence"))


# ----------------------------------------------------------------------------- §2(g)(1)(C)
@given(DEALS, interpretations(), st.data())
def test_a_control_right_held_by_an_adversary_person_is_direction(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """A veto, golden share or management contract over the target held by a foreign-adversary
    person (other than the target itself) subjects the target to its direction: §2(g)(1)(C) is
    violated."""
    holders = [p for p in adversaries(deal) if p != deal.target]
    assume(holders)
    right = ControlRight(
        holder=data.draw(st.sampled_from(holders)),
        kind=data.draw(st.sampled_from(("veto", "golden_share", "management"))),
    )
    deal = attrs.evolve(deal, control_rights=[*deal.control_rights, right])
    assert check(deal, interpretation=interpretation)[DIRECTION].status == V


@given(DEALS, interpretations(), st.data())
def test_board_seats_move_direction_one_way(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """Giving a foreign-adversary person another seat on the target's board never makes
    §2(g)(1)(C) better; giving a seat to a newcomer with no foreign-adversary link never makes
    it worse."""
    before = check(deal, interpretation=interpretation)[DIRECTION].status
    appointers = [p for p in adversaries(deal) if p != deal.target]
    if appointers:
        seat = Seat(appointed_by=data.draw(st.sampled_from(appointers)))
        more = attrs.evolve(deal, board=[*deal.board, seat])
        assert ORDER[check(more, interpretation=interpretation)[DIRECTION].status] >= ORDER[before]
    newcomer = Party(id=fresh_id(deal), organized_in=data.draw(countries(kind="clean")))
    diluted = attrs.evolve(
        with_party(deal, newcomer), board=[*deal.board, Seat(appointed_by=newcomer.id)]
    )
    assert ORDER[check(diluted, interpretation=interpretation)[DIRECTION].status] <= ORDER[before]


@given(st.integers(0, 5), st.integers(0, 1), interpretations())
def test_direction_by_board_needs_more_than_half_of_the_seats(
    seats: int, extra: int, interpretation: Interpretation
) -> None:
    """Foreign-adversary persons appointing exactly half of the board do not direct the target;
    one seat more than half does (§2(g)(1)(C), as contract §3.3 reads it)."""
    adversary_seats = seats + extra
    deal = Deal(
        name="board",
        target="t",
        parties=[
            Party(id="t", organized_in="US"),
            Party(id="a", organized_in="CN"),
            Party(id="u", organized_in="US"),
        ],
        board=[Seat(appointed_by="a")] * adversary_seats + [Seat(appointed_by="u")] * seats,
    )
    expected = V if adversary_seats > seats else C
    assert check(deal, interpretation=interpretation)[DIRECTION].status == expected


# ----------------------------------------------------------------------------- §2(g)(6)(B)
RELATIONSHIPS = (
    "pafaca.algorithm_cooperation",
    "pafaca.data_sharing",
    "pafaca.operational_relationship",
)


@given(DEALS, interpretations(), st.data())
def test_an_arrangement_with_a_party_not_covered_changes_nothing(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """§2(g)(6)(B) reaches only formerly affiliated parties controlled by a foreign adversary:
    a new arrangement of any kind with a newcomer that has no foreign-adversary link and no
    holders, or with a party not listed as formerly affiliated, changes no PAFACA finding."""
    if data.draw(st.booleans()):
        newcomer = Party(id=fresh_id(deal), organized_in=data.draw(countries(kind="clean")))
        deal = with_party(deal, newcomer)
        counterparty = newcomer.id
    else:
        listed = data.draw(st.lists(st.sampled_from(sorted(deal.parties)), unique=True))
        outside = sorted(set(deal.parties) - set(listed))
        assume(outside)
        deal = attrs.evolve(deal, formerly_affiliated=listed)
        counterparty = data.draw(st.sampled_from(outside))
    arrangement = data.draw(arrangements([counterparty]))
    before = outcomes(check(deal, interpretation=interpretation))
    added = attrs.evolve(deal, arrangements=[*deal.arrangements, arrangement])
    assert outcomes(check(added, interpretation=interpretation)) == before


@given(DEALS, interpretations(), st.data())
def test_ending_an_arrangement_never_creates_a_violation(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """Ending an arrangement (so it is no longer ongoing) or removing it altogether never makes
    any finding worse, under any rule set."""
    assume(deal.arrangements)
    index = data.draw(st.integers(0, len(deal.arrangements) - 1))
    rest = list(deal.arrangements)
    ended = attrs.evolve(rest[index], ongoing=False)
    before = statuses(check(deal, ruleset="all", interpretation=interpretation))
    for changed in ([*rest[:index], ended, *rest[index + 1 :]], rest[:index] + rest[index + 1 :]):
        after = statuses(
            check(
                attrs.evolve(deal, arrangements=changed),
                ruleset="all",
                interpretation=interpretation,
            )
        )
        assert not_worse(before, after), (before, after)


@given(DEALS, interpretations())
def test_licence_readings_are_ordered(deal: Deal, interpretation: Interpretation) -> None:
    """Reading an algorithm licence as cooperation "never", "if ongoing" or "always" can only
    make §2(g)(6)(B)'s algorithm-cooperation finding stricter, in that order; no other rule
    depends on that reading."""
    reports = [
        check(
            deal,
            ruleset="all",
            interpretation=attrs.evolve(interpretation, license_is_cooperation=reading),
        )
        for reading in ("never", "if_ongoing", "always")
    ]
    rule = "pafaca.algorithm_cooperation"
    ranks = [ORDER[r[rule].status] for r in reports]
    assert ranks == sorted(ranks)
    others = [{k: v for k, v in outcomes(r).items() if k != rule} for r in reports]
    assert others[0] == others[1] == others[2]


@given(DEALS, interpretations())
def test_excluding_hong_kong_never_adds_a_violation(
    deal: Deal, interpretation: Interpretation
) -> None:
    """Not counting Hong Kong and Macau as China can only narrow who is a foreign-adversary
    person: no finding of any rule is worse under hong_kong=excluded than under included."""
    included = check(
        deal, ruleset="all", interpretation=attrs.evolve(interpretation, hong_kong="included")
    )
    excluded = check(
        deal, ruleset="all", interpretation=attrs.evolve(interpretation, hong_kong="excluded")
    )
    assert not_worse(statuses(included), statuses(excluded))


@given(DEALS, interpretations(), st.data())
def test_hong_kong_reads_as_china_or_as_anywhere_else(
    deal: Deal, interpretation: Interpretation, data: st.DataObject
) -> None:
    """Under hong_kong=included a link to Hong Kong or Macau counts exactly as a link to China;
    under hong_kong=excluded exactly as a link to any non-adversary place other than the United
    States (which the government-seat term singles out): moving those links
    accordingly changes no finding, figure or bound of any rule."""
    included = attrs.evolve(interpretation, hong_kong="included")
    excluded = attrs.evolve(interpretation, hong_kong="excluded")
    as_china = relinked(deal, dict.fromkeys(SARS, "CN"))
    # Anywhere but the US, which the government-seat term singles out.
    place = data.draw(countries(kind="clean").filter(lambda code: code != "US"))
    elsewhere = relinked(deal, dict.fromkeys(SARS, place))
    assert outcomes(check(deal, ruleset="all", interpretation=included)) == outcomes(
        check(as_china, ruleset="all", interpretation=included)
    )
    assert outcomes(check(deal, ruleset="all", interpretation=excluded)) == outcomes(
        check(elsewhere, ruleset="all", interpretation=excluded)
    )
