"""The personal start page is assembled from panels that the apps register; core does not import the apps.

Each app registers in its ``AppConfig.ready``::

    register_panel(StartPanel(order=20, roles={"adviser"}, template="<app>/start_adviser.html",
                              context=lambda request: {...}))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .roles import has_role


@dataclass(frozen=True)
class StartPanel:
    order: int
    roles: frozenset[str]
    template: str
    context: Callable = field(default=lambda request: {})


_panels: list[StartPanel] = []


def register_panel(panel: StartPanel) -> None:
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda p: p.order)


def panels_for(request) -> list[tuple[str, dict]]:
    out = []
    for panel in _panels:
        if any(has_role(request.user, role) for role in panel.roles):
            out.append((panel.template, panel.context(request)))
    return out
