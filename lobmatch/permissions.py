"""Model permissions of the role groups, synchronised after every migrate.

Staff run the programme in the admin: every programme model, except that they cannot decide on or pay claims.
Finance works in its own pages; in the admin it may read claims, batches and attendance.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import Role

PROGRAMME_APPS = ["lobmatch", "ambassadors", "partners", "trajectories", "django_celery_beat"]
FINANCE_ONLY_MODELS = ["reimbursementclaim", "historicalreimbursementclaim", "exportbatch", "paymentreturn"]
FINANCE_VIEW_MODELS = ["reimbursementclaim", "exportbatch", "paymentreturn", "attendance", "meeting", "trajectory"]


def sync_role_permissions(using="default", apps=global_apps, **kwargs):
    if not global_apps.is_installed("django.contrib.auth"):
        return
    # Our receiver may run before auth's own for the app being migrated: make sure every permission exists.
    from django.contrib.auth.management import create_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    programme = Permission.objects.filter(content_type__app_label__in=PROGRAMME_APPS)
    staff_perms = programme.exclude(
        Q(content_type__model__in=FINANCE_ONLY_MODELS) & ~Q(codename__startswith="view_")
    ).exclude(content_type__model="user", codename__in=["add_user", "delete_user"])
    staff, _ = Group.objects.get_or_create(name=Role.STAFF)
    staff.permissions.set(staff_perms)
    finance, _ = Group.objects.get_or_create(name=Role.FINANCE)
    finance.permissions.set(
        programme.filter(content_type__app_label="trajectories", content_type__model__in=FINANCE_VIEW_MODELS,
                         codename__startswith="view_")
    )
    for role in (Role.SCHOOL_CONTACT, Role.AMBASSADOR, Role.ADVISER):
        Group.objects.get_or_create(name=role)
    ensure_reference_data()


def ensure_reference_data() -> None:
    """The 12 LOB themes and the school types of the data migration, restored after a database flush."""
    import importlib

    from .models import SchoolType, Theme

    if Theme.objects.count() >= 12 and SchoolType.objects.count() >= 7:
        return
    migration = importlib.import_module("lobmatch.migrations.0002_reference_data")
    migration.forwards(global_apps, None)
