"""One way to ask before a step that cannot be undone: the server checks first, then asks.

The step's form posts without ``step``: the view has the service check everything the step would (without saving)
and, only when it can be done, answers with :func:`confirmation_page`: what will happen, the values as typed (kept
in hidden fields) and two buttons. ``step=confirm`` does it (the service checks again, whatever came before);
``step=change`` shows the form again with what was typed. A refusal is never preceded by a question, no rule lives in
JavaScript, and nothing typed is lost."""

from __future__ import annotations

from django.shortcuts import render

STEP = "step"
CONFIRM = "confirm"
CHANGE = "change"


def step(request) -> str:
    """"confirm", "change" or "" (check, then ask) for the POST of a step's form."""
    value = request.POST.get(STEP, "")
    return value if value in (CONFIRM, CHANGE) else ""


def confirmation_page(request, *, title: str, question: str, facts: list[tuple[str, str]], keep: dict[str, str],
                      confirm_label: str, change_anchor: str = ""):
    """The question, after the check: ``facts`` (label, value) say what will happen, ``keep`` the posted values to
    send again, to the same address; "Wijzigen" goes back to the form there (at ``change_anchor``)."""
    return render(request, "confirm_step.html", {
        "title": title, "question": question, "facts": facts, "keep": keep, "confirm_label": confirm_label,
        "step": STEP, "confirm": CONFIRM, "change": CHANGE, "change_anchor": change_anchor,
    })
