from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _trajectory_panel(request):
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from lobmatch.roles import has_role

    from .models import Meeting, ReimbursementClaim
    from .selectors import trajectories_for

    trajectories = trajectories_for(request.user).exclude(status="cancelled").order_by("-tranche__number")
    is_school = has_role(request.user, "school_contact")
    if is_school:  # a transfer the bank sent back waits for the school: the start page says so
        trajectories = trajectories.annotate(claim_status=Subquery(
            ReimbursementClaim.objects.filter(trajectory=OuterRef("pk")).values("status")[:1]))
    # The adviser's next step: meetings that have passed and wait for their report (as the adviser list counts them)
    awaiting = (Meeting.objects.filter(trajectory__adviser__user=request.user, status=Meeting.Status.PLANNED,
                                       planned_start__lte=timezone.now()).count()
                if has_role(request.user, "adviser") else 0)
    return {"trajectories": trajectories, "is_school": is_school, "awaiting_logs": awaiting}


def _feed_panel(request):
    from .services.planning import current_feed
    from .views.planning import feed_links

    return {"feed_links": feed_links(request, current_feed(user=request.user))}


def _finance_panel(request):
    from .selectors import finance_worklist

    return {"worklist": finance_worklist()}


def _staff_panel(request):
    from .selectors import current_tranche, staff_worklist

    return {"worklist": staff_worklist(), "tranche": current_tranche()}


class TrajectoriesConfig(AppConfig):
    name = "trajectories"
    verbose_name = _("Trajecten, bijeenkomsten en declaraties")

    def ready(self):
        from ambassadors.contributions import (
            PracticeUses,
            register_capacity_check,
            register_practice_uses,
            register_room,
            register_unpublish_check,
        )
        from lobmatch import tranche_rules
        from lobmatch.mailing import register_attachment, register_context, register_personal_link
        from lobmatch.pagecache import register_public_models
        from lobmatch.permissions import register_programme_models
        from lobmatch.start import StartPanel, register_panel
        from lobmatch.workflow import transitioned
        from partners.contributions import register_to_match
        from partners.models import PartnerApplication
        from partners.services import contacts_corrected

        from .ics import render_attachment, render_invitation
        from .reminders import meeting_context
        from .selectors import applications_to_match, room_for, with_visible_trajectories
        from .services.invitations import invite_corrected_contacts
        from .services.matching import own_capacity_problem, practice_in_use, release_proposals, tranche_problems

        # Staff may only view the money (finance decides and pays); finance reads claims, batches and attendance.
        register_programme_models(
            self.label,
            finance_only=["reimbursementclaim", "historicalreimbursementclaim", "exportbatch", "paymentreturn"],
            finance_view=["reimbursementclaim", "exportbatch", "paymentreturn", "attendance", "meeting", "trajectory"],
        )
        # The catalogue shows the room an ambassador school has left, which trajectories fill (so a change of them
        # renews the cached public pages), and the ambassador sees the trajectories that use each own practice.
        register_room(room_for)
        register_public_models("trajectories.trajectory")
        register_practice_uses(PracticeUses(attach=with_visible_trajectories,
                                            list_template="trajectories/practice_uses_list.html",
                                            cell_template="trajectories/practice_uses_cell.html"))
        register_attachment("ics", render_attachment)
        register_attachment("invitation", render_invitation)
        register_context("meeting", meeting_context)
        for url_name in ("trajectories:poll_answer", "trajectories:pulse", "trajectories:feed"):
            register_personal_link(url_name)
        # An application staff reject (or the school withdraws) frees the seat its proposal held.
        transitioned.connect(release_proposals, sender=PartnerApplication, dispatch_uid="release_proposals")
        # The admin's list of applications for a proposal made by hand offers only those its save accepts.
        register_to_match(applications_to_match)
        # A contact address staff corrected gets the invitations of the meetings already planned.
        contacts_corrected.connect(invite_corrected_contacts, sender=PartnerApplication,
                                   dispatch_uid="invite_corrected_contacts")
        # No capacity below the seats held, and no change of a tranche's money rules once a claim is in.
        tranche_rules.register(tranche_problems)
        register_capacity_check(lambda ambassador: own_capacity_problem(ambassador=ambassador))
        register_unpublish_check(practice_in_use)
        register_panel(StartPanel(order=30, roles=frozenset({"school_contact", "ambassador", "adviser"}),
                                  template="trajectories/start_panel.html", context=_trajectory_panel))
        register_panel(StartPanel(order=31, roles=frozenset({"school_contact", "ambassador", "adviser"}),
                                  template="trajectories/feed_panel.html", context=_feed_panel))
        register_panel(StartPanel(order=5, roles=frozenset({"staff"}), template="trajectories/start_staff.html",
                                  context=_staff_panel))
        register_panel(StartPanel(order=6, roles=frozenset({"finance"}), template="trajectories/start_finance.html",
                                  context=_finance_panel))
