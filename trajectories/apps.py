from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _trajectory_panel(request):
    from .selectors import trajectories_for

    return {"trajectories": trajectories_for(request.user).exclude(status="cancelled").order_by("-tranche__number")}


def _feed_panel(request):
    from django.urls import reverse

    feed = request.user.calendar_feeds.filter(revoked_at__isnull=True).first()
    return {"feed_url": "webcal://" + request.get_host() + reverse("trajectories:feed", args=[feed.token])
            if feed else ""}


def _staff_panel(request):
    from .selectors import current_tranche, staff_worklist

    return {"worklist": staff_worklist(), "tranche": current_tranche()}


class TrajectoriesConfig(AppConfig):
    name = "trajectories"
    verbose_name = _("Trajecten, bijeenkomsten en declaraties")

    def ready(self):
        from lobmatch.mailing import register_attachment, register_context
        from lobmatch.start import StartPanel, register_panel

        from .ics import render_attachment, render_invitation
        from .reminders import meeting_context

        register_attachment("ics", render_attachment)
        register_attachment("invitation", render_invitation)
        register_context("meeting", meeting_context)
        register_panel(StartPanel(order=30, roles=frozenset({"school_contact", "ambassador", "adviser"}),
                                  template="trajectories/start_panel.html", context=_trajectory_panel))
        register_panel(StartPanel(order=31, roles=frozenset({"school_contact", "ambassador", "adviser"}),
                                  template="trajectories/feed_panel.html", context=_feed_panel))
        register_panel(StartPanel(order=5, roles=frozenset({"staff"}), template="trajectories/start_staff.html",
                                  context=_staff_panel))
