"""What an app adds to the validation of a tranche (the core knows no app): e.g. no capacity below the seats already
held, and no change of the money rules once a claim is in. ``Tranche.clean`` asks every registered rule, so the
admin, the demo data and any other path that validates a tranche say the same."""

from __future__ import annotations

from collections.abc import Callable

_rules: list[Callable] = []


def register(rule: Callable) -> None:
    """``rule(tranche) -> {field: message}`` for a tranche about to be saved (its stored values are in the database)."""
    if rule not in _rules:
        _rules.append(rule)


def problems(tranche) -> dict[str, str]:
    found: dict[str, str] = {}
    for rule in _rules:
        for field, message in rule(tranche).items():
            found.setdefault(field, message)
    return found
