"""Role checks used by views, selectors and templates. Roles are Django groups named after :class:`Role`."""

from __future__ import annotations

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from .models import Role

SECOND_FACTOR_ROLES = {Role.STAFF, Role.FINANCE}


def has_role(user, role: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if role == Role.STAFF and user.is_superuser:
        return True
    return user.has_role(role)


def grants_rights(user) -> bool:
    """Who may do what (roles, superuser and staff flags, permissions, passwords, second factors, which tasks run) is
    for the superuser alone, whatever model permissions a group holds."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def holds_rights(user) -> bool:
    """An account that reaches the admin or money: its login address is the door to it (a password reset goes
    there), so only the superuser may move it."""
    return bool(user.is_superuser or user.is_staff or {Role.STAFF, Role.FINANCE} & user.role_names)


def is_staff_member(user) -> bool:
    return has_role(user, Role.STAFF)


def is_finance(user) -> bool:
    return has_role(user, Role.FINANCE)


def needs_second_factor(user) -> bool:
    return getattr(user, "is_authenticated", False) and (
        user.is_superuser or user.is_staff or any(user.has_role(r) for r in SECOND_FACTOR_ROLES)
    )


class RoleRequiredMixin(AccessMixin):
    """A page for one or more roles: anonymous users go to the login page, other roles get 403."""

    roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not any(has_role(request.user, role) for role in self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
