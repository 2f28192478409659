import json
import re

from allauth.account.admin import EmailAddressAdmin as _EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin as _AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.widgets import ManyToManyRawIdWidget
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin as _SimpleHistoryAdmin

from . import admin_beat, admin_outbox  # noqa: F401 - register the periodic-task and outbox admins
from .accounts import AccountError, change_login_email, check_login_email
from .admin_columns import yes_no
from .admin_history import ReadableChanges
from .models import Role, School, SchoolType, StatusChange, Theme, Tranche, User
from .roles import grants_rights, holds_rights


class ReasonActionForm(ActionForm):
    """An action bar with a reason box, for actions whose service needs a reason. ``needed_by`` maps those actions
    to the service's words for a missing one: the box names them, and static/js/admin/reason_action.js (add it to
    the admin's Media) keeps the form, and the ticked rows, until a reason is typed. The service still decides."""

    needed_by: dict = {}
    reason = forms.CharField(label=_("Reden"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["data-needed-by"] = json.dumps(
            {action: str(message) for action, message in self.needed_by.items()})


class PagedChangelistMixin:
    """Changelists of 50 rows a page (as the application, adviser and finance lists): each visit renders them anew,
    with Django's own ChangeList; the rows' cells are written by :mod:`lobmatch.admin_rows` (Django's HTML)."""

    list_per_page = 50


class NamedManyToManyRawIdWidget(ManyToManyRawIdWidget):
    """Django's raw-id box of a many-to-many field shows the chosen objects as bare ids ("12,40"): this one names
    them beside the box, as the box of a single foreign key does, read in one query whatever their number."""

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        wanted = [str(v).strip() for v in (value if isinstance(value, (list, tuple)) else str(value).split(","))]
        try:
            found = {str(getattr(obj, key)): obj for obj in self.rel.model._default_manager.using(self.db)
                     .filter(**{f"{key}__in": [v for v in wanted if v]})}
        except (ValueError, ValidationError):
            return "", ""
        return ", ".join(str(found[v]) for v in dict.fromkeys(wanted) if v in found), ""


class NamedRawIdMixin:
    """A many-to-many field in ``raw_id_fields`` (a multiple select2 box has an unlabelled search field: axe) names
    the objects chosen (:class:`NamedManyToManyRawIdWidget`) instead of showing their ids alone."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.raw_id_fields \
                and db_field.name not in self.get_autocomplete_fields(request):
            kwargs["widget"] = NamedManyToManyRawIdWidget(db_field.remote_field, self.admin_site,
                                                          using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SimpleHistoryAdmin(PagedChangelistMixin, NamedRawIdMixin, _SimpleHistoryAdmin):
    """django-simple-history's admin, read-only history: its "revert" form saves a whole old version (status,
    batch, amounts) past the state machines, the locks and the services, and it only checks *view* permission.
    Every change goes through the services; the history pages only show what happened."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:  # the page prints a missing reason as "None"
            record.history_change_reason = record.history_change_reason or ""


class OnlyDraftsDeletedMixin:
    """Only what its app's ``deletion_problem(obj)`` allows is deleted, through its ``delete_draft(obj, by=)``
    (``drafts``: the app's services module): the delete button and URL go for anything else, and Django's bulk
    delete, which would skip the rule, is not offered (deleting goes one at a time, from the object's page)."""

    drafts = None

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not self.drafts.deletion_problem(obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        self.drafts.delete_draft(obj, by=request.user)


class CheckboxManyToManyMixin:
    """Small many-to-many sets (roles, themes, school types, tranches) as labelled checkboxes: Django's two-box
    filter widget fails WCAG (an aria-label on a bare span) and is clumsy with a keyboard."""

    checkbox_fields: tuple[str, ...] = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SuperuserOnlyAdmin:
    """Who may do what (roles, permissions, second factors, login addresses) is for the superuser alone: these admins
    ask for the superuser flag, not for a model permission that a group could be given by mistake."""

    def has_module_permission(self, request):
        return grants_rights(request.user)

    def has_view_permission(self, request, obj=None):
        return grants_rights(request.user)

    def has_add_permission(self, request, *args):
        return grants_rights(request.user)

    def has_change_permission(self, request, obj=None):
        return grants_rights(request.user)

    def has_delete_permission(self, request, obj=None):
        return grants_rights(request.user)


# The flags of a user that grant rights (besides the groups and permissions, which PersonForm leaves out).
RIGHTS_FLAGS = ("is_active", "is_staff", "is_superuser", "password")


class PersonForm(forms.ModelForm):
    """What staff may change about a person: name, contact details, language. Nothing that grants rights."""

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "phone", "language")


def role_label(name: str) -> str:
    """A role's group in words ("Externe adviseur", not "adviser"); any other group by its own name."""
    return str(Role(name).label) if name in Role.values else name


class RoleFilter(admin.SimpleListFilter):
    title = _("rol")
    parameter_name = "rol"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        return queryset.filter(groups__name=self.value()) if self.value() else queryset


@admin.register(User)
class UserAdmin(CheckboxManyToManyMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", yes_no("is_staff", model=User),
                    yes_no("is_active", model=User),
                    "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", RoleFilter]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "phone", "language")}),
        (_("Rollen en rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    # Staff see the roles and rights of a person, and change only the person.
    person_fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "phone", "language")}),
        (_("Rollen en rechten"), {
            "fields": ("is_active", "is_staff", "is_superuser", "role_list"),
            "description": _("Rollen en rechten kent alleen de beheerder (superuser) toe."),
        }),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2", "groups")}),)
    filter_horizontal = ()
    checkbox_fields = ("groups",)

    @admin.display(description=_("rollen"))
    def role_list(self, obj):
        return ", ".join(role_label(name) for name in sorted(obj.role_names))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups":  # the superuser ticks roles by their names in words
            field.label_from_instance = lambda group: role_label(group.name)
        return field

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not grants_rights(request.user):
            return self.person_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if grants_rights(request.user):
            return super().get_readonly_fields(request, obj)
        readonly = ["is_active", "is_staff", "is_superuser", "role_list", "last_login", "date_joined"]
        if obj is None or holds_rights(obj):
            readonly.append("email")
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not grants_rights(request.user):
            kwargs["form"] = PersonForm
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form

        class LoginEmailForm(form):
            """A new login address is checked by the service that sets it (who may, not in use), message and all."""

            def clean_email(self):
                try:
                    return check_login_email(obj, self.cleaned_data.get("email", ""), by=request.user)
                except AccountError as exc:
                    raise forms.ValidationError(str(exc), code="login_email") from exc

        return LoginEmailForm

    def has_add_permission(self, request):
        # A new account is given its roles and password at once: the superuser's.
        return grants_rights(request.user)

    def has_delete_permission(self, request, obj=None):
        return grants_rights(request.user)

    def save_model(self, request, obj, form, change):
        # The last line of defence: whatever form a non-superuser posted, the rights stay as they are.
        if change and not grants_rights(request.user):
            stored = User.objects.get(pk=obj.pk)
            guarded = RIGHTS_FLAGS + (("email",) if holds_rights(stored) else ())
            if any(getattr(stored, name) != getattr(obj, name) for name in guarded):
                raise PermissionDenied
        # A new login address goes through the service: unverified until its owner confirms it, the old one told.
        new_email = None
        if change and "email" in form.changed_data:
            new_email, obj.email = obj.email, form.initial["email"]
        super().save_model(request, obj, form, change)
        if new_email is not None:
            try:
                changed = change_login_email(obj, new_email, by=request.user, request=request)
            except AccountError as exc:  # taken by another account since the form was checked
                self.message_user(request, str(exc), messages.ERROR)
                return
            obj.email = new_email
            if changed:
                self.message_user(request, _("Het nieuwe e-mailadres %(email)s werkt pas als de eigenaar het bevestigt "
                                             "met de link die er nu naartoe is gestuurd; het oude adres heeft bericht "
                                             "gekregen.") % {"email": new_email}, messages.WARNING)

    def user_change_password(self, request, id, form_url=""):
        # Setting someone's password is logging in as them: the superuser alone.
        if not grants_rights(request.user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Tranche)
class TrancheAdmin(SimpleHistoryAdmin):
    list_display = ["name", "number", "application_opens_at", "application_deadline", "hourly_rate",
                    "max_claim_amount_display"]
    fieldsets = (
        (None, {"fields": ("number", "name")}),
        (_("Aanmelding"), {"fields": ("application_opens_at", "application_deadline")}),
        (_("Planning"), {"fields": ("kickoff_starts_on", "kickoff_ends_on", "sessions_start_on", "sessions_end_on")}),
        (_("Vergoeding verletkosten"), {"fields": ("hourly_rate", "max_hours_per_session", "max_members_reimbursed",
                                                   "guided_sessions")}),
        (_("Capaciteit"), {"fields": ("ambassador_capacity", "adviser_capacity")}),
        (_("Gewichten koppelvoorstel"), {"fields": (
            "weight_rank_1", "weight_rank_2", "weight_rank_3", "weight_school_type",
            "weight_same_province_ambassador", "weight_same_province_adviser", "weight_expertise")}),
    )

    @admin.display(description=_("maximum per traject"))
    def max_claim_amount_display(self, obj):
        from .templatetags.lobmatch import format_money

        return format_money(obj.max_claim_amount)


class SchoolCodeSearchMixin:
    """A school's code as the lists print it (BRIN and location, "15WW00") finds its rows. Django's search looks for
    the whole term in one field, and the BRIN and the location are two fields. ``school_path`` leads from the listed
    model to the school ("" for the school itself)."""

    school_path = "school"

    def get_search_results(self, request, queryset, search_term):
        code = search_term.strip().replace(" ", "").upper()
        if re.fullmatch(r"\d{2}[A-Z]{2}\d{2}", code):
            prefix = f"{self.school_path}__" if self.school_path else ""
            return queryset.filter(**{f"{prefix}brin": code[:4], f"{prefix}location_code": code[4:]}), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(School)
class SchoolAdmin(SchoolCodeSearchMixin, CheckboxManyToManyMixin, SimpleHistoryAdmin):
    school_path = ""
    list_display = ["name", "brin", "location_code", "city", "province"]
    list_filter = ["province", "school_types"]
    search_fields = ["name", "brin", "city", "postcode"]
    checkbox_fields = ("school_types",)
    # A web address typed without a scheme gets https://, as the DUO import does (and Django 6 will by default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    ordering = ["order"]


@admin.register(SchoolType)
class SchoolTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


class LabelledTabularInline(admin.TabularInline):
    """Django's tabular inline heads its columns but ties no label to the inputs (axe: label): each input, and the
    delete box, is named after its column."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", str(formfield.label or db_field.verbose_name))
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        base = super().get_formset(request, obj, **kwargs)

        class Labelled(base):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = str(_("Verwijderen"))

        return Labelled


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SuperuserOnlyAdmin, BaseGroupAdmin):
    # The roles' permissions as a plain labelled list: the two-box filter widget fails WCAG (see above).
    filter_horizontal = ()


# allauth's second factors and login addresses: resetting a second factor or verifying an address is taking over an
# account. Imported here so that they are registered before we replace them.
admin.site.unregister(Authenticator)
admin.site.unregister(EmailAddress)


@admin.register(Authenticator)
class AuthenticatorAdmin(SuperuserOnlyAdmin, _AuthenticatorAdmin):
    pass


@admin.register(EmailAddress)
class EmailAddressAdmin(SuperuserOnlyAdmin, _EmailAddressAdmin):
    list_display = ["email", "user", yes_no("primary", model=EmailAddress),
                    yes_no("verified", model=EmailAddress)]


class ReadOnlyAdmin(PagedChangelistMixin, admin.ModelAdmin):
    """Records that are written by the services only (history, money): readable in the admin, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ChangedKindFilter(admin.SimpleListFilter):
    """The kinds of record that have status changes (not every content type of the project)."""

    title = _("soort")
    parameter_name = "soort"

    def lookups(self, request, model_admin):
        kinds = ContentType.objects.filter(pk__in=StatusChange.objects.order_by().values("content_type").distinct())
        return sorted(((kind.pk, capfirst(kind.model_class()._meta.verbose_name)) for kind in kinds
                       if kind.model_class() is not None), key=lambda pair: str(pair[1]))

    def queryset(self, request, queryset):
        return queryset.filter(content_type_id=self.value()) if self.value() else queryset


def _status_label(change: StatusChange, value: str) -> str:
    """A status in the words of its model ('ingediend', not 'submitted')."""
    model = change.content_type.model_class()
    try:
        choices = dict(model._meta.get_field("status").choices or ()) if model is not None else {}
    except FieldDoesNotExist:
        choices = {}
    return str(choices.get(value, value))


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdmin):
    """Who changed which status when and why: in the staff's words (the columns and the statuses in Dutch)."""

    list_display = ["when", "kind", "record", "from_status", "to_status", "who", "why"]
    list_filter = [ChangedKindFilter]
    list_select_related = ["content_type", "by"]
    search_fields = ["reason", "by__email"]
    date_hierarchy = "at"

    @admin.display(description=_("wanneer"), ordering="at")
    def when(self, obj):
        return date_format(timezone.localtime(obj.at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("soort"))
    def kind(self, obj):
        model = obj.content_type.model_class()
        return capfirst(model._meta.verbose_name) if model is not None else obj.content_type.model

    @admin.display(description=_("nummer"), ordering="object_id")
    def record(self, obj):
        return obj.object_id

    @admin.display(description=_("oude status"))
    def from_status(self, obj):
        return _status_label(obj, obj.source)

    @admin.display(description=_("nieuwe status"))
    def to_status(self, obj):
        return _status_label(obj, obj.target)

    @admin.display(description=_("door"), ordering="by__email")
    def who(self, obj):
        return obj.by or "–"

    @admin.display(description=_("reden"))
    def why(self, obj):
        return obj.reason
