"""What someone typed in the application form but could not save yet (not, or no longer, logged in): kept in their
session until they have logged in, then put back into the form once."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse

KEY = "partners_pending_application"
# A session is no file store: the longest form the application form accepts (each answer at most
# partners.models.LONG_TEXT) stays below this; more is not a typed application.
MAX_CHARS = 60_000


def keep(request, pk: int | None = None) -> bool:
    """Keep the posted form for after login; ``pk`` is the draft they were editing (None for a new application).
    Whether it was kept: not when it is longer than any form the application form accepts."""
    data = {k: v for k, v in request.POST.lists() if k != "csrfmiddlewaretoken"}
    if sum(len(x) for values in data.values() for x in values) > MAX_CHARS:
        return False
    request.session[KEY] = {"pk": pk, "data": data}
    return True


def keep_merged(request, pk: int, data: dict[str, list[str]], added: int) -> None:
    """Keep typed input that was merged into the school's draft ``pk``, with how many members that added."""
    request.session[KEY] = {"pk": pk, "data": data, "added": added}


def url(request) -> str | None:
    """Where typed-but-unsaved input waits for this session, if any: the form it was typed in."""
    pending = request.session.get(KEY)
    if not pending:
        return None
    return reverse("partners:edit", args=[pending["pk"]]) if pending.get("pk") else reverse("partners:start")


def take(request, pk: int | None = None) -> tuple[QueryDict | None, int | None]:
    """What was kept for this draft (or for a new application), once; and, when it was merged into the school's
    draft, how many working-group members that added (else None)."""
    pending = request.session.get(KEY)
    if not pending or pending.get("pk") != pk:
        return None, None
    del request.session[KEY]
    restored = QueryDict(mutable=True)
    for key, values in pending["data"].items():
        restored.setlist(key, values)
    return restored, pending.get("added")
