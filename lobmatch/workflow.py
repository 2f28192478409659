"""One way to change a workflow status: :func:`apply_transition` runs a django-fsm transition, saves the object and
records who did it, when and why. Illegal transitions raise :class:`WorkflowError` in services and admin alike."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal
from django_fsm import TransitionNotAllowed, can_proceed, has_transition_perm  # noqa: F401

from .models import StatusChange

# Sent by apply_transition once a transition is saved and logged, inside its transaction (a receiver's change is
# undone with it): sender=the model, and instance, name, source, target, by, reason. One app follows another's
# workflow without that app knowing it (an application that leaves the running frees its matching proposal).
transitioned = Signal()


class WorkflowError(Exception):
    """A transition that the workflow does not allow from the current status."""


def apply_transition(obj, name: str, *, by=None, reason: str = "", save_fields: list[str] | None = None, **kwargs):
    """Run ``obj.<name>()`` (an FSM transition), save and log it in one transaction."""
    method = getattr(obj, name)
    field_name = method._django_fsm.field.name if hasattr(method, "_django_fsm") else "status"
    source = getattr(obj, field_name)
    if not can_proceed(method):
        raise WorkflowError(
            f"{obj._meta.verbose_name} {obj.pk}: '{name}' is not allowed from status '{source}'."
        )
    with transaction.atomic():
        try:
            method(**kwargs)
        except TransitionNotAllowed as exc:
            raise WorkflowError(str(exc)) from exc
        if save_fields is not None:
            obj.save(update_fields=[field_name, *save_fields])
        else:
            obj.save()
        StatusChange.objects.create(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
            object_id=obj.pk,
            transition=name,
            source=source,
            target=getattr(obj, field_name),
            by=by if (by is not None and getattr(by, "is_authenticated", False)) else None,
            reason=reason or "",
        )
        transitioned.send(sender=type(obj), instance=obj, name=name, source=source,
                          target=getattr(obj, field_name), by=by, reason=reason or "")
    return obj


def status_history(obj):
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk
    ).select_related("by")
