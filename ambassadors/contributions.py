"""What the apps built on this one add to its pages.

This app is the catalogue: it knows ambassador schools and their good practices, not who applied nor which matches
were made. The apps that do register here, in their ``AppConfig.ready``, what they add: how a school applies with a
practice (the application side), the room a school has left in a tranche and what an ambassador sees under each own
practice (the matching side). So the arrows point from those apps to this one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class PracticeUses:
    """What the ambassador's own pages show under each practice (the trajectories that use it).

    ``attach(practices, user)`` returns the practices queryset made to carry what the templates show (a prefetch, so
    the number of queries stays constant); ``list_template`` renders it for one ``practice`` in the start panel,
    ``cell_template`` in the table of the ambassador's practices."""

    attach: Callable[[QuerySet, object], QuerySet]
    list_template: str
    cell_template: str


_apply_template: str | None = None
_room: Callable | None = None
_uses: PracticeUses | None = None
_capacity_check: Callable | None = None


def register_apply_button(template: str) -> None:
    """A template rendered with ``practice`` on a published practice's page: how a school applies with it."""
    global _apply_template
    _apply_template = template


def apply_button() -> str | None:
    return _apply_template


def register_room(room_for: Callable) -> None:
    """``room_for(ambassador, tranche)``: a dict with the ``capacity``, seats ``taken`` and seats ``left`` of the
    school in the tranche, and the ``tranche``."""
    global _room
    _room = room_for


def register_practice_uses(uses: PracticeUses) -> None:
    global _uses
    _uses = uses


def room_for(ambassador, tranche) -> dict | None:
    """The school's room in ``tranche``; None without a tranche or an app that fills the seats."""
    if tranche is None or _room is None:
        return None
    return _room(ambassador, tranche)


def with_uses(practices: QuerySet, user) -> tuple[QuerySet, PracticeUses | None]:
    """The practices with what another app shows under each, and how it shows it (None: nothing registered)."""
    if _uses is None:
        return practices, None
    return _uses.attach(practices, user), _uses


def register_capacity_check(check: Callable) -> None:
    """``check(ambassador) -> str``: why the capacity typed for the school is below the seats it already holds
    (the app that fills the seats knows), or ""."""
    global _capacity_check
    _capacity_check = check


def capacity_problem(ambassador) -> str:
    return _capacity_check(ambassador) if _capacity_check is not None else ""


_unpublish_checks: list[Callable] = []


def register_unpublish_check(check: Callable) -> None:
    """``check(practice) -> str``: why the practice may not leave the catalogue now (a match that uses it), or ""."""
    if check not in _unpublish_checks:
        _unpublish_checks.append(check)


def unpublish_problems(practice) -> list[str]:
    return [problem for check in _unpublish_checks if (problem := check(practice))]
