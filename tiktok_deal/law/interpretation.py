"""The readings the statute leaves open, as named switches with defaults.

Every report shows the interpretation it used; none of these is ever a silent default.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from ..errors import InterpretationError

__all__ = ["SWITCHES", "Interpretation"]

#: Each switch, its values, the default first.
SWITCHES: Mapping[str, tuple[str, ...]] = {
    "lookthrough": ("multiply", "control", "direct"),
    "stake": ("max", "equity", "voting"),
    "license_is_cooperation": ("if_ongoing", "always", "never"),
    "hong_kong": ("included", "excluded"),
    "operation": ("any_function", "core_functions"),
}


def _switch(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    values = SWITCHES[attribute.name]
    if value not in values:
        raise InterpretationError(
            f"interpretation {attribute.name}={value!r} is not known; "
            f"expected one of: {', '.join(values)}"
        )


@attrs.frozen(kw_only=True)
class Interpretation:
    """How to read the open questions of PAFACA §2(g)(1), §2(g)(3)(A) and §2(g)(6)(B).

    * ``lookthrough`` — how an indirect stake is computed (``multiply``: link by link, as
      47 CFR 1.5002(b)(1); ``control``: a >50 % vote holding counts as 100 %; ``direct``).
    * ``stake`` — which interest is the "stake": ``equity``, ``voting`` or the ``max`` of the two.
    * ``license_is_cooperation`` — whether licensing the algorithm is "cooperation".
    * ``hong_kong`` — whether Hong Kong and Macau count as China (15 CFR 791.4 names Hong Kong).
    * ``operation`` — which functions "operate" the application: ``any_function`` (the statute
      says "operated" without qualification) or ``core_functions`` (hosting, the algorithm,
      content moderation, trust and safety, user data).
    """

    lookthrough: str = attrs.field(default="multiply", validator=_switch)
    stake: str = attrs.field(default="max", validator=_switch)
    license_is_cooperation: str = attrs.field(default="if_ongoing", validator=_switch)
    hong_kong: str = attrs.field(default="included", validator=_switch)
    operation: str = attrs.field(default="any_function", validator=_switch)

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> Interpretation:
        """Build from ``{"lookthrough": "control", …}``; unknown keys raise InterpretationError."""
        for key in values:
            if key not in SWITCHES:
                raise InterpretationError(
                    f"unknown interpretation switch {key!r}; expected one of: {', '.join(SWITCHES)}"
                )
        return cls(**values)

    @classmethod
    def coerce(cls, value: Interpretation | Mapping[str, str] | str | None) -> Interpretation:
        """The ``interpretation=`` argument every function takes: an ``Interpretation``, a
        mapping of switches, the command line's ``"KEY=VALUE[,KEY=VALUE…]"`` text (omitted
        switches at their defaults) or None (all defaults)."""
        if value is None:
            return cls()
        if isinstance(value, Interpretation):
            return value
        if isinstance(value, str):
            return cls.parse(part for part in value.split(",") if part.strip())
        if not isinstance(value, Mapping):
            raise InterpretationError(
                f"expected an Interpretation, a mapping of switches or 'KEY=VALUE' text, "
                f"got {type(value).__name__}"
            )
        return cls.from_mapping(value)

    @classmethod
    def parse(cls, pairs: Iterable[str]) -> Interpretation:
        """Build from ``["lookthrough=control", "hong_kong=excluded"]`` (the command line form)."""
        values: dict[str, str] = {}
        for pair in pairs:
            key, sep, value = pair.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise InterpretationError(f"expected KEY=VALUE, got {pair!r}")
            if key.strip() in values:
                raise InterpretationError(
                    f"interpretation switch {key.strip()!r} is given twice "
                    f"({values[key.strip()]!r} and {value.strip()!r})"
                )
            values[key.strip()] = value.strip()
        return cls.from_mapping(values)

    @classmethod
    def every(cls) -> Iterator[Interpretation]:
        """Every combination of the switches (3 × 3 × 3 × 2 × 2 = 108 readings)."""
        for combination in itertools.product(*SWITCHES.values()):
            yield cls(**dict(zip(SWITCHES, combination, strict=True)))

    def to_dict(self) -> dict[str, str]:
        return attrs.asdict(self)

    def differences(self) -> dict[str, str]:
        """The switches set away from their defaults."""
        default = Interpretation().to_dict()
        return {k: v for k, v in self.to_dict().items() if v != default[k]}

    def __str__(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.to_dict().items())
