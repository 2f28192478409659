"""Planning meetings: the adviser's availability polls, the personal answer page (no account), planning, moving and
cancelling a meeting, and the personal calendar feeds.

Adviser pages find their objects through selectors.meetings_logged_by and polls_logged_by (another adviser's poll is
a 404); the token pages find theirs through the token alone (an unknown or revoked token is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lobmatch.models import Role
from lobmatch.roles import has_role

from .. import selectors
from ..forms import PollAnswerForm, PollForm, ScheduleForm
from ..ics import MIMETYPE, feed_ics
from ..models import Meeting, MeetingPoll, PollAnswer, PollSlot
from ..services import planning as service
from ..services.meetings import MeetingError, window_label


@login_required
@require_http_methods(["GET", "POST"])
def poll_create(request, pk):
    meeting = get_object_or_404(selectors.meetings_logged_by(request.user), pk=pk)
    open_poll = meeting.polls.filter(status=MeetingPoll.Status.OPEN).first()
    if open_poll is not None:
        return redirect("trajectories:poll_detail", pk=open_poll.pk)
    # After a stopped poll the new one starts from its duration and place (the adviser typed them once).
    stopped = meeting.polls.filter(status=MeetingPoll.Status.CLOSED, chosen_slot__isnull=True).order_by("-pk").first()
    first, last = bounds = service.slot_bounds(meeting)
    form = PollForm(request.POST or None, initial={
        "duration_minutes": stopped.duration_minutes if stopped else meeting.duration_minutes,
        "location": (stopped.location if stopped else "") or service.suggested_location(meeting)}, bounds=bounds)
    if request.method == "POST" and "without_poll" in request.POST:  # what was typed goes along, not lost
        url = reverse("trajectories:meeting_schedule", args=[meeting.pk])
        typed = form.typed_for_schedule()
        return redirect(f"{url}?{urlencode(typed)}" if typed else url)
    warnings, seen = [], ""
    if request.method == "POST" and form.is_valid():
        starts, duration = form.starts(), form.cleaned_data["duration_minutes"]
        # Warnings before anyone is mailed: the form shows them and sends only when asked again for these slots.
        seen = "|".join(sorted(start.isoformat() for start in starts)) + f"|{duration}"
        try:
            warnings = service.proposal_warnings(meeting, starts, duration)
            if not warnings or request.POST.get("warned") == seen:
                poll, _warnings = service.propose_slots(meeting, starts, duration_minutes=duration,
                                                        location=form.cleaned_data["location"], by=request.user)
        except service.SlotError as exc:  # at the slot it is about (the first one with that time)
            form.add_error(form.slot_field(exc.start), str(exc))
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            if not warnings or request.POST.get("warned") == seen:
                # (the warnings stay on the poll page for as long as the poll runs, not once as a message)
                messages.success(request, _("De peiling is verstuurd naar iedereen die bij deze bijeenkomst wordt "
                                            "verwacht."))
                return redirect("trajectories:poll_detail", pk=poll.pk)
            # Each slot's own warnings also under its field: on a phone the adviser sees which time they are about.
            for name, start in form.slots():
                form.warn(name, service.slot_warnings(meeting, [start], duration))
    return render(request, "trajectories/poll_create.html", {"meeting": meeting, "form": form,
                                                             "moving": service.is_a_move(meeting),
                                                             "window": window_label(meeting), "warnings": warnings,
                                                             "warned": seen if warnings else "",
                                                             "window_over": last is not None and first > last},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def poll_detail(request, pk):
    # Only the joins this page shows (not the tranche): each costs PostgreSQL planning time on every visit.
    poll = get_object_or_404(selectors.polls_logged_by(request.user).select_related(None)
                             .select_related("meeting__trajectory__application__school"), pk=pk)
    overview = service.poll_overview(poll)
    # The overlap and holiday warnings of the proposal, still true when the adviser comes back to choose a slot.
    warnings = (service.slot_warnings(poll.meeting, [s.slot.start for s in overview.slots], poll.duration_minutes,
                                      busy=overview.busy)
                if poll.status == MeetingPoll.Status.OPEN and overview.slots else [])
    # While the poll runs it suggests the best slot; once a slot is chosen, the page says which one.
    is_open = poll.status == MeetingPoll.Status.OPEN
    return render(request, "trajectories/poll_detail.html", {
        "poll": poll, "meeting": poll.meeting, "overview": overview, "warnings": warnings,
        "best": overview.suggested if is_open else None,
        "chosen": next((s for s in overview.slots if s.slot.pk == poll.chosen_slot_id), None)})


@login_required
@require_POST
def poll_choose(request, pk):
    poll = get_object_or_404(selectors.polls_logged_by(request.user), pk=pk)
    slot = PollSlot.objects.filter(poll=poll, pk=request.POST.get("slot") or 0).first()
    if slot is None:
        messages.error(request, _("Kies een van de voorgestelde tijdstippen."))
        return redirect("trajectories:poll_detail", pk=poll.pk)
    try:
        service.choose_slot(poll, slot, by=request.user)
    except MeetingError as exc:
        messages.error(request, str(exc))
        return redirect("trajectories:poll_detail", pk=poll.pk)
    messages.success(request, _("De bijeenkomst is gepland; iedereen ontvangt een uitnodiging voor de agenda."))
    return redirect("trajectories:trajectory_detail", pk=poll.meeting.trajectory_id)


@login_required
@require_POST
def poll_stop(request, pk):
    poll = get_object_or_404(selectors.polls_logged_by(request.user), pk=pk)
    try:
        service.stop_poll(poll, by=request.user)
    except MeetingError as exc:
        messages.error(request, str(exc))
        return redirect("trajectories:poll_detail", pk=poll.pk)
    messages.success(request, _("De peiling is gestopt; wie werd gevraagd, krijgt daarvan bericht. Stel hieronder "
                                "nieuwe tijdstippen voor, of ga terug naar het traject."))
    return redirect("trajectories:poll_create", pk=poll.meeting_id)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_schedule(request, pk):
    """Plan a meeting directly (without a poll) or move a planned one: both through service.plan_meeting, which
    sends everyone expected the invitation or the update."""
    meeting = get_object_or_404(selectors.meetings_logged_by(request.user), pk=pk)
    again = meeting.status == Meeting.Status.CANCELLED
    moving = service.is_a_move(meeting)
    initial = {"duration_minutes": meeting.duration_minutes, "location": service.suggested_location(meeting)}
    if moving:
        initial["start"] = timezone.localtime(meeting.planned_start)
    form = ScheduleForm(request.POST or None, initial={**initial, **ScheduleForm.carried(request.GET)})
    warnings, seen = [], ""
    if request.method == "POST" and form.is_valid():
        start, duration, location = (form.cleaned_data[name] for name in ("start", "duration_minutes", "location"))
        # As the poll form: warnings before anyone is mailed, and the date is set only when asked again for it.
        seen = f"{start.isoformat()}|{duration}|{location.strip()}"
        try:
            warnings = service.schedule_warnings(meeting, start, duration, location)
            if not warnings or request.POST.get("warned") == seen:
                invites = service.invites_on(meeting, start)
                warnings = service.plan_meeting(meeting, start=start, duration_minutes=duration, location=location,
                                                by=request.user)
                return _scheduled(request, meeting, warnings, moving=moving, again=again, invites=invites)
        except service.SlotError as exc:  # about the date: said at the date field
            form.add_error("start", str(exc))
        except MeetingError as exc:
            form.add_error(None, str(exc))
    return render(request, "trajectories/meeting_schedule.html",
                  {"meeting": meeting, "form": form, "moving": moving, "window": window_label(meeting),
                   "warnings": warnings, "warned": seen if warnings else ""},
                  status=400 if form.errors else 200)


def _scheduled(request, meeting, warnings, *, moving: bool, again: bool, invites: bool = True):
    for warning in warnings:  # seen before, kept on the trajectory page as a reminder
        if warning == service.poll_stops_warning():  # (said before the move; now it has happened)
            messages.info(request, _("De peiling voor deze bijeenkomst is gestopt; de uitnodiging vervangt haar.")
                          if invites else _("De peiling voor deze bijeenkomst is gestopt."))
        else:
            messages.warning(request, warning)
    if not invites:  # a first date in the past: the meeting is recorded afterwards
        messages.success(request, _("De datum is vastgelegd. Er gaat geen uitnodiging uit: de datum ligt in het "
                                    "verleden."))
    elif moving:
        messages.success(request, _("De bijeenkomst is verplaatst; iedereen ontvangt een bijgewerkte uitnodiging."))
    elif again:
        messages.success(request, _("De bijeenkomst is opnieuw gepland; iedereen ontvangt een nieuwe uitnodiging "
                                    "voor de agenda."))
    else:
        messages.success(request, _("De bijeenkomst is gepland; iedereen ontvangt een uitnodiging voor de agenda."))
    return redirect("trajectories:trajectory_detail", pk=meeting.trajectory_id)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, pk):
    """GET asks to confirm (a cancellation mails everyone expected at once), with room for a note to them; POST
    cancels."""
    meeting = get_object_or_404(selectors.meetings_logged_by(request.user), pk=pk)
    if request.method == "GET":
        if reason := service.cannot_cancel(meeting):  # no question that only leads to a refusal
            messages.error(request, reason)
            return redirect("trajectories:trajectory_detail", pk=meeting.trajectory_id)
        return render(request, "trajectories/meeting_cancel.html", {"meeting": meeting, "note_max": service.NOTE_MAX})
    try:
        service.cancel_meeting(meeting, by=request.user, note=request.POST.get("note", ""))
    except MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("De bijeenkomst is geannuleerd; iedereen ontvangt een afmelding voor de "
                                    "agenda."))
    return redirect("trajectories:trajectory_detail", pk=meeting.trajectory_id)


def feed_links(request, feed) -> dict[str, str]:
    """The two addresses of a calendar feed, or {} without one. ``webcal`` opens the calendar app to subscribe
    (Apple, Outlook); ``https`` is the one to paste where a calendar subscribes "from a URL": Google Calendar, and
    Android, where no app opens a webcal link."""
    if feed is None:
        return {}
    https = request.build_absolute_uri(reverse("trajectories:feed", args=[feed.token]))
    return {"webcal": "webcal://" + https.split("://", 1)[1], "https": https}


@require_http_methods(["GET", "POST"])
def poll_answer(request, token):
    """The personal answer page: no account, only the names of those expected, and the person's own feed link."""
    participant = service.participant_for_token(token)
    if participant is None:
        raise Http404
    poll = participant.poll
    if request.method == "POST" and request.POST.get("feed") in ("renew", "revoke"):
        _change_feed(request, request.POST["feed"], email=participant.email)
        return redirect("trajectories:poll_answer", token=token)
    # The slots with the person's own answer to each (one query).
    slots = list(poll.slots.annotate(own=Subquery(PollAnswer.objects.filter(participant=participant,
                                                                           slot=OuterRef("pk")).values("choice"))))
    form = PollAnswerForm(request.POST or None, slots=slots, duration_minutes=poll.duration_minutes,
                          initial_answers={s.pk: s.own for s in slots})
    saved = False
    if request.method == "POST" and poll.status == MeetingPoll.Status.OPEN and form.is_valid():
        try:
            service.answer(token, form.choices())
        except MeetingError as exc:
            form.add_error(None, str(exc))
        else:
            saved = True
    has_account = service.account_of(participant.email) is not None
    feed = None if has_account else service.current_feed(email=participant.email)
    # The radios as plain HTML (the template): Django's widget templates took most of this page's time, and a phone
    # on a slow line opens it. Per slot its field's name, id, label, errors and current value.
    answers = [{"name": field.html_name, "id": field.auto_id, "label": field.label, "errors": field.errors,
                "value": field.value()} for field in form]
    return render(request, "trajectories/poll_answer.html", {
        "participant": participant, "poll": poll, "meeting": poll.meeting, "form": form, "saved": saved,
        "answers": answers, "choices": [(value, str(label)) for value, label in PollAnswer.Choice.choices],
        # with each role: whoever opens the link knows the school's people, not the adviser or the ambassador by name
        "names": [f"{p.name or _('(naam onbekend)')} ({p.get_role_display()})" for p in poll.participants.all()],
        "feed_links": feed_links(request, feed), "has_account": has_account,
    }, status=400 if form.errors else 200)


def _change_feed(request, action, *, user=None, email=""):
    """Make, renew or revoke a calendar link (the user's own or, without an account, the address's) and say what
    happened: the person must know whether the link in their calendar still works."""
    feed = service.current_feed(user=user, email=email)
    if action == "renew":
        try:
            service.renew_feed(user=user, email=email)
        except service.FeedError as exc:
            messages.error(request, str(exc))
            return
        if feed is None:
            messages.success(request, _("Uw agendalink is klaar: voeg hem toe aan uw agenda."))
        else:
            messages.success(request, _("U hebt een nieuwe agendalink; de oude werkt niet meer."))
    elif action == "revoke":
        if feed is not None:
            service.revoke_feed(feed)
        messages.success(request, _("De agendalink is ingetrokken."))


@login_required
@require_http_methods(["GET", "POST"])
def my_feed(request):
    """The user's own calendar feed: its webcal link, and renew or revoke it."""
    if request.method == "POST":
        _change_feed(request, request.POST.get("feed"), user=request.user)
        return redirect("trajectories:my_feed")
    feed = service.current_feed(user=request.user)
    # How many meetings the feed holds now: an empty calendar must not look like a broken link.
    # (held ones stay in the calendar too: the count says how many are still to come)
    counts = service.meetings_expected(request.user.email).aggregate(
        all=Count("pk"), coming=Count("pk", filter=Q(planned_start__gte=timezone.now())))
    # Nothing for this address: the trajectories the user can read are where their meetings are (a school's account
    # holder is often none of the people the application names, and found an empty agenda without a way on).
    # (staff and finance read every trajectory: no list for them)
    readable = [] if counts["all"] or has_role(request.user, Role.STAFF) or has_role(request.user, Role.FINANCE) \
        else list(selectors.trajectories_for(request.user).order_by("-tranche__number", "pk")[:5])
    return render(request, "trajectories/my_feed.html", {"feed_links": feed_links(request, feed),
                                                         "meetings": counts["all"], "coming": counts["coming"],
                                                         "readable": readable})


@require_GET
def feed(request, token):
    """The calendar feed behind a personal token: only the meetings its owner is expected at."""
    calendar_feed = service.feed_for_token(token)
    if calendar_feed is None:
        raise Http404
    email = calendar_feed.user.email if calendar_feed.user_id else calendar_feed.email
    response = HttpResponse(feed_ics(service.meetings_expected(email)), content_type=MIMETYPE)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
