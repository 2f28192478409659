"""Test set-up: a claim is submitted once every guided session is logged (trajectories.services.claims.not_ready).
Tests about one logged session mark the others as not held, which pays nothing and changes no amount."""

from trajectories.models import Meeting


def cancel_unlogged_sessions(trajectory) -> int:
    return trajectory.meetings.filter(kind=Meeting.Kind.SESSION, status=Meeting.Status.PLANNED).update(
        status=Meeting.Status.CANCELLED)
