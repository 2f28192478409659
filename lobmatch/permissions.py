"""Model permissions of the role groups, synchronised after every migrate.

Staff run the programme in the admin: every programme model, except that they cannot decide on or pay claims.
Finance works in its own pages; in the admin it may read claims, batches and attendance.

Who may do what is for the superuser alone: no role gets a permission of the auth, mfa or account apps (groups,
permissions, second factors, login addresses), nor adds or deletes people. Staff may change people (the user admin
shows them only names and addresses, see lobmatch.admin.UserAdmin) and *when* the programme's own Celery tasks run:
which task runs with which arguments is code execution, whether it runs at all (see lobmatch.admin_beat) is for
the superuser, and deleting a schedule deletes its tasks.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import Role

# The programme's data: the core's own models, the scheduled tasks (django-celery-beat) and the models each app
# registers in its AppConfig.ready (register_programme_models).
_programme_apps: set[str] = {"lobmatch", "django_celery_beat"}
# (app label, model name) pairs: staff may only view these (money is decided by finance) ...
_finance_only_models: set[tuple[str, str]] = set()
# ... and finance may view these in the admin.
_finance_view_models: set[tuple[str, str]] = set()
# django-celery-beat: staff see and re-time the existing tasks and keep the crontab and interval rows they choose
# from, each running its tasks at least every hour (lobmatch.admin_beat.delays_reminders); solar and clocked rows they only
# see (a sunset that never comes at the latitude typed, a time that comes once).
STAFF_BEAT_PERMISSIONS = ["view_periodictask", "change_periodictask"] + [
    f"view_{kind}schedule" for kind in ("crontab", "interval", "solar", "clocked")] + [
    f"{action}_{kind}schedule" for action in ("add", "change") for kind in ("crontab", "interval")]


def register_programme_models(app_label: str, *, finance_only=(), finance_view=()) -> None:
    """An app's models are programme data that staff run in the admin. ``finance_only``: model names staff may only
    view; ``finance_view``: model names finance may view. Called from the app's ``AppConfig.ready``."""
    _programme_apps.add(app_label)
    _finance_only_models.update((app_label, model) for model in finance_only)
    _finance_view_models.update((app_label, model) for model in finance_view)


def _models(pairs) -> Q:
    condition = Q(pk__in=[])
    for app_label, model in sorted(pairs):
        condition |= Q(content_type__app_label=app_label, content_type__model=model)
    return condition


def sync_role_permissions(using="default", apps=global_apps, **kwargs):
    if not global_apps.is_installed("django.contrib.auth"):
        return
    # Our receiver may run before auth's own for the app being migrated: make sure every permission exists.
    from django.contrib.auth.management import create_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    programme = Permission.objects.filter(content_type__app_label__in=_programme_apps)
    staff_perms = programme.exclude(
        _models(_finance_only_models) & ~Q(codename__startswith="view_")
    ).exclude(content_type__model="user", codename__in=["add_user", "delete_user"]).exclude(
        Q(content_type__app_label="django_celery_beat") & ~Q(codename__in=STAFF_BEAT_PERMISSIONS)
    )
    staff, _ = Group.objects.get_or_create(name=Role.STAFF)
    staff.permissions.set(staff_perms)
    finance, _ = Group.objects.get_or_create(name=Role.FINANCE)
    finance.permissions.set(programme.filter(_models(_finance_view_models), codename__startswith="view_"))
    for role in (Role.SCHOOL_CONTACT, Role.AMBASSADOR, Role.ADVISER):
        Group.objects.get_or_create(name=role)
    ensure_reference_data()


def ensure_reference_data() -> None:
    """What the data migrations made, restored after a database flush: the 12 LOB themes and the school types with
    their English names, and the programme's own beat schedules. Each step leaves existing rows as they are."""
    import importlib

    from django_celery_beat.models import PeriodicTask

    from .models import SchoolType, Theme

    def run(migration):
        importlib.import_module(f"lobmatch.migrations.{migration}").forwards(global_apps, None)

    if Theme.objects.count() < 12 or SchoolType.objects.count() < 7:
        run("0002_reference_data")
    if Theme.objects.filter(name_en="").exists() or SchoolType.objects.filter(name_en="").exists():
        run("0007_theme_and_school_type_english_names")  # fills only the empty English names of the known rows
    if not PeriodicTask.objects.exists():
        run("0004_beat_schedules")
