from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lobmatch.admin import (
    CheckboxManyToManyMixin,
    LabelledTabularInline,
    OnlyDraftsDeletedMixin,
    ReasonActionForm,
    SimpleHistoryAdmin,
)
from lobmatch.admin_columns import CapacityColumn, yes_no
from lobmatch.workflow import WorkflowError

from . import services
from .models import AmbassadorSchool, GoodPractice, Material


class MaterialInline(LabelledTabularInline):
    model = Material
    extra = 0
    fields = ["title", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # materials arrive through the checked upload on the practice page, never as an empty row


@admin.register(AmbassadorSchool)
class AmbassadorSchoolAdmin(CapacityColumn, CheckboxManyToManyMixin, SimpleHistoryAdmin):
    list_display = ["school", "capacity_shown", yes_no("active", model=AmbassadorSchool)]
    list_filter = ["active", "tranches", "school__province"]
    search_fields = ["school__name", "school__brin", "contacts__email"]
    autocomplete_fields = ["school"]
    raw_id_fields = ["contacts"]  # select2's multiple box has an unlabelled search field (axe: label)
    checkbox_fields = ("tranches",)
    list_select_related = ["school"]


class ChangedSinceReviewFilter(admin.SimpleListFilter):
    title = _("nakijken")
    parameter_name = "nakijken"

    def lookups(self, request, model_admin):
        return [("ja", _("gewijzigd na publicatie"))]

    def queryset(self, request, queryset):
        return queryset.filter(changed_since_review_at__isnull=False) if self.value() == "ja" else queryset


class PracticeReasonActionForm(ReasonActionForm):
    needed_by = {"unpublish_selected": services.UNPUBLISH_NEEDS_REASON}


@admin.register(GoodPractice)
class GoodPracticeAdmin(OnlyDraftsDeletedMixin, CheckboxManyToManyMixin, SimpleHistoryAdmin):
    # Only a draft is deleted: a published practice is on the catalogue and may be in schools' applications.
    drafts = services
    # (the field's long name as a header pushed the list past 1280 px: a short header, the date as the value)
    list_display = ["title", "ambassador", "province", "status", "published_at", "to_review"]
    list_filter = [ChangedSinceReviewFilter, "status", "province", "themes", "school_types"]
    search_fields = ["title", "summary", "tips", "ambassador__school__name"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "published_at", "changed_since_review_at"]
    checkbox_fields = ("themes", "school_types")
    list_select_related = ["ambassador__school"]
    inlines = [MaterialInline]
    action_form = PracticeReasonActionForm  # taking one out of the catalogue needs a reason, mailed to its school

    class Media:
        js = ["js/admin/reason_action.js"]

    @admin.display(description=_("na te kijken sinds"), ordering="changed_since_review_at")
    def to_review(self, obj):
        return obj.changed_since_review_at
    actions = ["publish_selected", "mark_reviewed_selected", "unpublish_selected"]

    def _transition(self, request, queryset, service, done, reason=""):
        # done(n): the message for n changed practices (ngettext: "1 good practice", "2 good practices")
        changed = 0
        for practice in queryset:
            try:
                service(practice, by=request.user, reason=reason or str(_("via het beheer")))
                changed += 1
            except services.PracticeError as exc:
                self.message_user(request, f"{practice.title}: {exc}", messages.ERROR)
            except WorkflowError:
                self.message_user(request, _("%(title)s: niet mogelijk vanuit status %(status)s.")
                                  % {"title": practice.title, "status": practice.get_status_display()},
                                  messages.WARNING)
        if changed:
            self.message_user(request, done(changed) % {"n": changed}, messages.SUCCESS)

    @admin.action(description=_("Publiceren"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._transition(request, queryset, services.publish, lambda n: ngettext(
            "%(n)s good practice gepubliceerd.", "%(n)s good practices gepubliceerd.", n))

    @admin.action(description=_("Wijzigingen nagekeken (de geschiedenis toont ze)"), permissions=["change"])
    def mark_reviewed_selected(self, request, queryset):
        n = sum(services.mark_reviewed(practice, by=request.user) for practice in queryset)
        self.message_user(request, ngettext("%(n)s good practice nagekeken.", "%(n)s good practices nagekeken.", n)
                          % {"n": n}, messages.SUCCESS)

    @admin.action(description=_("Publicatie intrekken (terug naar concept)"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        try:  # a missing reason refuses the selection once, not once per practice
            reason = services.check_unpublish_reason(request.POST.get("reason", ""))
        except services.PracticeError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self._transition(request, queryset, services.unpublish, lambda n: ngettext(
            "%(n)s good practice teruggezet naar concept.", "%(n)s good practices teruggezet naar concept.", n),
            reason=reason)
