"""Reminders: the registry, the moments and their windows.

Each app has a ``reminders`` module with pure functions ``run_x_reminders(now=None) -> int`` that find what is due at
``now``, build one outbox message per reminder, object and recipient (the ``dedupe_key``), and insert them with
:func:`lobmatch.outbox.enqueue_messages`. They register themselves with :func:`register`; the one beat task
``lobmatch.tasks.run_reminders`` runs them all through :func:`run_all`.

Moments are in Europe/Amsterdam. "N days before X" is a calendar notion: the reminder goes out at 09:00 (local time)
on the day N days before X's local date, whatever the UTC offset is on either day (DST). "Due" is a window, not a
moment: a reminder stays due from its moment until the next reminder of the series (or X itself) takes over, so a
missed beat run catches up, and the dedupe key keeps a second run from doubling it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .outbox import make_dedupe_key

log = logging.getLogger(__name__)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SEND_TIME = dt.time(9, 0)


@dataclass(frozen=True)
class Reminder:
    name: str
    run: Callable[..., int]


_REGISTRY: dict[str, Reminder] = {}


def register(name: str):
    """Decorator: register ``func(now=None) -> int`` as the reminder ``name`` for :func:`run_all`."""

    def add(func):
        _REGISTRY[name] = Reminder(name, func)
        return func

    return add


def registered() -> dict[str, Reminder]:
    autodiscover_modules("reminders")
    return dict(_REGISTRY)


def run_all(now: dt.datetime | None = None) -> dict[str, int]:
    """Run every registered reminder at ``now``; one failing reminder does not stop the others (it is logged and
    raised at the end). Returns the number of messages recorded per reminder."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    errors: list[tuple[str, Exception]] = []
    for name, item in registered().items():
        try:
            counts[name] = item.run(now=now)
        except Exception as exc:  # noqa: BLE001 - the other reminders still run
            log.exception("Reminder %s failed", name)
            errors.append((name, exc))
    if errors:
        raise RuntimeError(f"Reminders failed: {', '.join(name for name, _exc in errors)}") from errors[0][1]
    log.info("Reminders recorded: %s", counts)
    return counts


# --- moments ------------------------------------------------------------------------------------------------------

def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(AMSTERDAM)


def utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight of ``day`` in Amsterdam (DST changes at 02:00/03:00, so midnight always exists once), in UTC."""
    return utc(dt.datetime.combine(day, dt.time(0, 0), tzinfo=AMSTERDAM))


def send_moment(day: dt.date) -> dt.datetime:
    """09:00 Amsterdam time on ``day``, in UTC."""
    return utc(dt.datetime.combine(day, SEND_TIME, tzinfo=AMSTERDAM))


def days_before(target: dt.datetime, days: int) -> dt.datetime:
    """The moment of the "``days`` days before ``target``" reminder: 09:00 on the local day ``days`` before."""
    return send_moment(local(target).date() - dt.timedelta(days=days))


def reference_day(now: dt.datetime) -> dt.date:
    """The latest local day whose 09:00 has passed at ``now``."""
    here = local(now)
    return here.date() if here.time() >= SEND_TIME else here.date() - dt.timedelta(days=1)


def before_series_window(now: dt.datetime, days: int, next_days: int | None) -> tuple[dt.datetime, dt.datetime]:
    """Bounds ``(lo, hi)`` on a target moment T such that, at ``now``, the "``days`` before T" reminder is due:
    its moment has passed and neither the next reminder of the series (``next_days`` before T) nor T itself has.
    Use as ``lo <= T < hi``.

    days_before(T, n) <= now  <=>  local date of T <= R + n  <=>  T < midnight of R + n + 1, with R the
    :func:`reference_day`; so the set of due targets is a half-open range that a database index can scan.
    """
    ref = reference_day(now)
    hi = start_of_day(ref + dt.timedelta(days=days + 1))
    if next_days is None:
        return now + dt.timedelta(microseconds=1), hi  # T must still be ahead
    return start_of_day(ref + dt.timedelta(days=next_days + 1)), hi


def due_before_series(now: dt.datetime, target: dt.datetime, series: Iterable[int]) -> int | None:
    """Which reminder of a "N days before" series is due for ``target`` at ``now`` (None: none, or T passed)."""
    if now >= target:
        return None
    passed = [n for n in series if days_before(target, n) <= now]
    return min(passed) if passed else None


def after_window(now: dt.datetime, delay: dt.timedelta, catch_up: dt.timedelta) -> tuple[dt.datetime, dt.datetime]:
    """Bounds ``(lo, hi]`` on a moment M such that "``delay`` after M" (wall clock in Amsterdam) has passed at
    ``now`` but not longer than ``catch_up`` ago: ``lo < M <= hi``."""
    here = local(now)
    return utc(here - delay - catch_up), utc(here - delay)


def stamp(moment: dt.datetime) -> str:
    """A compact UTC stamp of a moment for dedupe keys (a moved deadline or meeting gets its own reminders)."""
    return utc(moment).strftime("%Y%m%dT%H%M")


def key(name: str, obj: str, moment: dt.datetime | None, email: str) -> str:
    """``reminder:<name>:<object>[:<moment>]:<recipient>`` — unique per reminder, object and recipient."""
    return recipient_key(object_key(name, obj, moment), email)


def object_key(name: str, obj: str, moment: dt.datetime | None) -> str:
    """The part of :func:`key` before the recipient, for a reminder that goes to several people (made once)."""
    return ":".join(["reminder", name, obj] + ([stamp(moment)] if moment is not None else []))


def recipient_key(object_part: str, email: str) -> str:
    return make_dedupe_key(object_part, email.strip().lower())


def default_language() -> str:
    return settings.LANGUAGE_CODE


def language_map(user_queryset) -> dict[str, str]:
    """``{email: language}`` of the users in ``user_queryset`` whose language is not the default (one query)."""
    return {email.lower(): lang for email, lang in
            user_queryset.exclude(language=default_language()).values_list("email", "language")}
