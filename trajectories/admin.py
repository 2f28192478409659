"""Admin registrations of the trajectories app, one module per area (see trajectories/admins/)."""

from .admins import finance, matching, meetings  # noqa: F401
