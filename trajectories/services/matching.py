"""Matching in the database: build the problem of a tranche, store proposals, and the staff decisions on them.

Proposals are Trajectory rows in status 'proposed'. A re-run replaces the proposals and never touches confirmed
(or later) trajectories. Confirming locks the ambassador school's and the adviser's rows and recounts the seats
inside the transaction, so two staff members can never overbook the last seat.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from ambassadors.models import AmbassadorSchool, GoodPractice
from lobmatch.models import School, StatusChange, Tranche
from lobmatch.outbox import enqueue_email
from lobmatch.workflow import WorkflowError, apply_transition
from partners.models import DeadlineExtension, PartnerApplication, Preference

from .. import matching
from ..models import Adviser, Meeting, ReimbursementClaim, Trajectory
from ..selectors import applications_to_match, chosen_practices, practices_apart, trajectory_counts

# The refusals of a missing reason, also shown by the list's action bar before it sends an action without one.
REJECT_NEEDS_REASON = gettext_lazy("Geef een reden op voor het afwijzen.")
END_NEEDS_REASON = gettext_lazy("Geef een reden: de school en het koppel lezen waarom hun koppeling eindigt.")

ELIGIBLE_STATUSES = PartnerApplication.TO_MATCH
SEAT_STATUSES = [Trajectory.Status.CONFIRMED, Trajectory.Status.PUBLISHED, Trajectory.Status.COMPLETED]
# A proposal holds its seat too, from the moment auto-match or staff make it until it is confirmed (then it is in
# SEAT_STATUSES), changed or rejected. Auto-match replaces all proposals, so it counts only SEAT_STATUSES; a change
# by hand keeps the other proposals and counts HOLDING_STATUSES. Then "Selectie bevestigen" can never push a
# school out, and confirm() keeps its own recount over SEAT_STATUSES under row locks as the last guard.
HOLDING_STATUSES = [Trajectory.Status.PROPOSED, *SEAT_STATUSES]


class MatchingError(Exception):
    pass


def seats_taken(tranche, *, statuses=SEAT_STATUSES):
    by_ambassador = dict(Trajectory.objects.filter(tranche=tranche, status__in=statuses)
                         .values_list("practice__ambassador").annotate(n=Count("pk")))
    by_adviser = dict(Trajectory.objects.filter(tranche=tranche, status__in=statuses)
                      .values_list("adviser").annotate(n=Count("pk")))
    return by_ambassador, by_adviser


def build_problem(tranche) -> matching.Problem:
    """Eligible applications without a confirmed trajectory, their published choices, active advisers."""
    settled = Trajectory.objects.filter(tranche=tranche, status__in=SEAT_STATUSES).values("application_id")
    apps = (PartnerApplication.objects.filter(tranche=tranche, status__in=ELIGIBLE_STATUSES, school__isnull=False)
            .exclude(pk__in=settled))
    practices = {
        p.pk: matching.Practice(p.pk, p.ambassador_id, p.ambassador.school_id, p.province,
                                frozenset(t.code for t in p.school_types.all()),
                                frozenset(t.slug for t in p.themes.all()))
        for p in GoodPractice.objects.filter(status=GoodPractice.Status.PUBLISHED, ambassador__active=True)
        .select_related("ambassador").prefetch_related("school_types", "themes")
    }
    # 10,000 applications: plain values in three queries, not 60,000 model instances through prefetching.
    types_by_school = defaultdict(set)
    for school_id, code in (School.school_types.through.objects.filter(school__applications__in=apps)
                            .values_list("school_id", "schooltype__code")):
        types_by_school[school_id].add(code)
    prefs_by_app = defaultdict(list)
    for app_id, practice_id, rank in (Preference.objects.filter(application__in=apps)
                                      .values_list("application_id", "practice_id", "rank").order_by("rank")):
        prefs_by_app[app_id].append((practice_id, rank))
    ended = ended_matches(apps)  # one query: auto-match never proposes a pair again that staff ended
    applications = [
        matching.App(pk, school_id, province, frozenset(types_by_school.get(school_id, ())),
                     tuple(prefs_by_app.get(pk, ())),
                     ended_practices=frozenset(p for p, _a, _r in ended.get(pk, ())),
                     ended_advisers=frozenset(a for _p, a, _r in ended.get(pk, ())))
        for pk, school_id, province in apps.values_list("pk", "school_id", "school__province")
    ]
    taken_amb, taken_adv = seats_taken(tranche)
    ambassadors = AmbassadorSchool.objects.filter(pk__in={p.ambassador_id for p in practices.values()})
    advisers = list(Adviser.objects.filter(active=True).prefetch_related("expertise", "ties"))
    return matching.Problem(
        applications=applications,
        practices=practices,
        ambassador_capacity={a.pk: a.capacity_for(tranche) - taken_amb.get(a.pk, 0) for a in ambassadors},
        advisers={v.pk: matching.AdviserInfo(v.pk, frozenset(v.provinces or ()),
                                             frozenset(t.slug for t in v.expertise.all()),
                                             frozenset(s.pk for s in v.ties.all())) for v in advisers},
        adviser_capacity={v.pk: v.capacity_for(tranche) - taken_adv.get(v.pk, 0) for v in advisers},
        weights=matching.Weights.of(tranche),
    )


def explain(tranche, application: PartnerApplication, got_rank: int | None, ended=()) -> str:
    """Why a school did not get its first choice (or nothing), in Dutch, naming the schools that hold the seats.
    ``ended``: the application's matches that staff ended (:func:`ended_matches`)."""
    first = application.preferences.filter(rank=1).select_related("practice__ambassador__school").first()
    if first is None or got_rank == 1:
        return ""
    reason = next((why for practice_id, _adviser_id, why in ended if practice_id == first.practice_id), None)
    if reason is not None:
        return _("Eerste keuze niet voorgesteld – een eerdere koppeling van deze school met deze good practice is "
                 "beëindigd: %(reason)s") % {"reason": reason}
    ambassador = first.practice.ambassador
    holders = (Trajectory.objects.filter(tranche=tranche, practice__ambassador=ambassador)
               .filter(status__in=HOLDING_STATUSES)
               .exclude(application=application).select_related("application__school"))
    names = sorted(t.application.school.name for t in holders)
    capacity = ambassador.capacity_for(tranche)
    if len(names) >= capacity:
        listed = " en ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        return _("Eerste keuze niet gelukt – ambassadeursschool vol: capaciteit %(cap)s, bezet door %(names)s.") % {
            "cap": capacity, "names": listed}
    if first.practice.status != GoodPractice.Status.PUBLISHED:
        return _("Eerste keuze niet gelukt – deze good practice is niet (meer) gepubliceerd.")
    return _("Eerste keuze niet gelukt – geen adviseur met ruimte zonder band met een van beide scholen, of een "
             "andere school paste beter zodat meer scholen gekoppeld konden worden.")


def applications_close_at(tranche):
    """The last moment any school may still submit: the deadline, or the latest extension beyond it."""
    latest = DeadlineExtension.objects.filter(tranche=tranche).aggregate(m=Max("until"))["m"]
    return _close_at(tranche, latest)


def _close_at(tranche, latest_extension):
    deadline = tranche.application_deadline
    return max(deadline, latest_extension) if latest_extension else deadline


def applications_open(tranche, at=None) -> bool:
    """Can applications still come in? (The deadline itself still counts, as in partners.services.)"""
    return (at or timezone.now()) <= applications_close_at(tranche)


def with_early_mark(queryset):
    """Annotate ``before_close``: the trajectory was proposed while applications could still come in (before the
    deadline or the latest extension), so it may have been made without schools that applied later. Derived from its
    creation time, so every way of making a proposal is marked alike."""
    # Subqueries, not a join of the tranche: a list's COUNT then reads the trajectories alone.
    deadline = Subquery(Tranche.objects.filter(pk=OuterRef("tranche_id")).values("application_deadline")[:1])
    latest = Subquery(DeadlineExtension.objects.filter(tranche=OuterRef("tranche")).order_by("-until")
                      .values("until")[:1])
    closes = Greatest(deadline, Coalesce(latest, deadline))
    return queryset.annotate(before_close=ExpressionWrapper(Q(created_at__lte=closes), output_field=BooleanField()))


@transaction.atomic
def run_auto_match(tranche, *, by, before_close: bool = False) -> dict:
    """Replace the proposals of a tranche by the optimal ones. Confirmed matches stay as they are.

    While applications can still come in, it runs only when the caller says so explicitly (``before_close``):
    a school that submits later would otherwise silently miss the round.
    """
    if applications_open(tranche) and not before_close:
        raise MatchingError(_(
            "Aanmelden voor %(tranche)s kan nog tot %(closes)s (deadline of verlenging). Scholen die zich daarna nog "
            "aanmelden, doen niet mee. Bevestig dat u toch nu een koppelvoorstel wilt maken.") % {
            "tranche": tranche, "closes": timezone.localtime(applications_close_at(tranche)).strftime(
                "%d-%m-%Y %H:%M")})
    replaced = 0
    for old in Trajectory.objects.filter(tranche=tranche, status=Trajectory.Status.PROPOSED):
        apply_transition(old, "cancel", by=by, reason=_("vervangen door een nieuwe koppelronde"))
        replaced += 1
    problem = build_problem(tranche)
    result = matching.solve(problem)
    ranks = {(a.id, p): r for a in problem.applications for p, r in a.prefs}
    created = []
    for assignment in result.assignments:
        trajectory = Trajectory.objects.create(
            tranche=tranche, application_id=assignment.application_id, practice_id=assignment.practice_id,
            adviser_id=assignment.adviser_id, score=assignment.score,
            score_details={**assignment.parts, "choice": ranks[(assignment.application_id, assignment.practice_id)]},
        )
        created.append(trajectory)
    matched = {t.application_id: t for t in created}
    ended = ended_matches([a.id for a in problem.applications if a.ended_practices])
    unmatched = []
    for app in PartnerApplication.objects.filter(pk__in=[a.id for a in problem.applications]).select_related("school"):
        trajectory = matched.get(app.pk)
        reason = explain(tranche, app, trajectory.score_details["choice"] if trajectory else None,
                         ended.get(app.pk, ()))
        if trajectory is not None:
            if reason:
                trajectory.explanation = reason
                trajectory.save(update_fields=["explanation"])
        else:
            unmatched.append((app, reason or _("Geen van de gekozen good practices heeft nog plek.")))
    return {"proposed": len(created), "replaced": replaced, "before_close": applications_open(tranche),
            "score": result.score,
            "method": result.method, "gap": result.gap, "unmatched": unmatched}


def auto_match_summary(outcome: dict) -> str:
    """What a round of :func:`run_auto_match` did, in plain words: how many proposals, how many schools left
    without one, and whether a better set of matches exists by the programme's rules (the most schools matched, then
    the highest total score); the total score in brackets for whoever wants it. "bewezen optimaal" was the solver's
    word, not the staff's."""
    made = ngettext("%(n)s voorstel gemaakt", "%(n)s voorstellen gemaakt", outcome["proposed"]) % {
        "n": outcome["proposed"]}
    unmatched = ngettext("%(u)s school niet gekoppeld.", "%(u)s scholen niet gekoppeld.",
                         len(outcome["unmatched"])) % {"u": len(outcome["unmatched"])}
    if outcome["gap"]:
        quality = _("Er bestaat misschien een iets betere verdeling, met hooguit %(gap)s punten meer (totaalscore "
                    "%(score)s).") % {"gap": outcome["gap"], "score": outcome["score"]}
    else:
        quality = _("Een betere verdeling bestaat niet volgens de regels van het programma: geen andere koppelt meer "
                    "scholen of geeft meer punten (totaalscore %(score)s).") % {"score": outcome["score"]}
    return f"{made}; {unmatched} {quality}"


def _check_capacity(trajectory: Trajectory) -> None:
    tranche = trajectory.tranche
    ambassador = AmbassadorSchool.objects.select_for_update().get(pk=trajectory.practice.ambassador_id)
    adviser = Adviser.objects.select_for_update().get(pk=trajectory.adviser_id)
    busy = Trajectory.objects.filter(tranche=tranche, status__in=SEAT_STATUSES).exclude(pk=trajectory.pk)
    if busy.filter(practice__ambassador=ambassador).count() >= ambassador.capacity_for(tranche):
        holders = ", ".join(busy.filter(practice__ambassador=ambassador)
                            .values_list("application__school__name", flat=True))
        raise MatchingError(_("%(amb)s is vol (capaciteit %(cap)s: %(holders)s).") % {
            "amb": ambassador, "cap": ambassador.capacity_for(tranche), "holders": holders})
    if busy.filter(adviser=adviser).count() >= adviser.capacity_for(tranche):
        raise MatchingError(_("Adviseur %(adv)s heeft geen ruimte meer (capaciteit %(cap)s).") % {
            "adv": adviser, "cap": adviser.capacity_for(tranche)})


def tied_trajectories(adviser: Adviser) -> list[Trajectory]:
    """The adviser's running trajectories (proposed, confirmed, published) with a school the adviser has a tie with
    (the partner school or the ambassador school): a tie recorded after the match was made. Matching never proposes
    such a pair; a confirmed one needs another adviser, which staff decide."""
    ties = adviser.ties.values("pk")
    live = [Trajectory.Status.PROPOSED, Trajectory.Status.CONFIRMED, Trajectory.Status.PUBLISHED]
    return list(Trajectory.objects.filter(adviser=adviser, status__in=live)
                .filter(Q(application__school__in=ties) | Q(practice__ambassador__school__in=ties))
                .select_related("application__school", "practice__ambassador__school").order_by("pk"))


def tie_message(trajectory: Trajectory) -> str:
    """Why the adviser should not be on ``trajectory`` (see :func:`tied_trajectories`) and what staff can do."""
    names = {"adviser": trajectory.adviser, "trajectory": trajectory, "status": trajectory.get_status_display()}
    if trajectory.status == Trajectory.Status.PROPOSED:
        return _("%(adviser)s heeft een band met een school van het voorstel %(trajectory)s. Dit voorstel kan zo niet "
                 "worden bevestigd: kies via ‘wijzigen’ op de koppelpagina een andere adviseur.") % names
    return _("%(adviser)s heeft een band met een school van het traject %(trajectory)s (%(status)s). Een adviseur "
             "begeleidt geen school waarmee een band bestaat: kies bij het traject ‘Adviseur vervangen’.") % names


@transaction.atomic
def confirm(trajectory: Trajectory, *, by, reason: str = "") -> Trajectory:
    trajectory = Trajectory.objects.select_for_update(of=("self",)).select_related(
        "tranche", "practice__ambassador", "application__school", "adviser__user").get(pk=trajectory.pk)
    if trajectory.status != Trajectory.Status.PROPOSED:
        raise MatchingError(_("Dit voorstel is al bevestigd of vervallen."))
    application = PartnerApplication.objects.select_for_update().get(pk=trajectory.application_id)
    if application.status not in (*ELIGIBLE_STATUSES, PartnerApplication.Status.MATCHED):
        raise MatchingError(_("De aanmelding is %(status)s; dit voorstel kan niet meer worden bevestigd.")
                            % {"status": application.get_status_display()})
    if application.submitted_at and application.submitted_at > trajectory.created_at:
        # A school may change its application until the deadline (or its extension): a proposal made on what it
        # wrote before no longer answers its choices.
        raise MatchingError(_("De school heeft haar aanmelding na dit voorstel gewijzigd. Maak een nieuw voorstel "
                              "op basis van wat nu is ingediend (automatisch koppelen)."))
    if Adviser.ties.through.objects.filter(adviser_id=trajectory.adviser_id, school_id__in=[
            application.school_id, trajectory.practice.ambassador.school_id]).exists():
        raise MatchingError(tie_message(trajectory))  # a tie recorded after the proposal was made
    _check_capacity(trajectory)
    apply_transition(trajectory, "confirm", by=by, reason=reason)
    if application.status != PartnerApplication.Status.MATCHED:
        apply_transition(application, "match", by=by, reason=str(trajectory.practice))
    return trajectory


def confirm_many(trajectories, *, by) -> tuple[int, list[str]]:
    done, errors = 0, []
    for trajectory in trajectories:
        try:
            confirm(trajectory, by=by)
            done += 1
        except (MatchingError, WorkflowError) as exc:
            errors.append(f"{trajectory}: {exc}")
    return done, errors


def _holders(tranche, *, exclude_pk=None):
    """Who holds a seat now: per ambassador school the (school name, status) of its trajectories, per adviser the
    number of trajectories; both over HOLDING_STATUSES and without the trajectory that is being changed."""
    rows = (Trajectory.objects.filter(tranche=tranche, status__in=HOLDING_STATUSES).exclude(pk=exclude_pk)
            .values_list("practice__ambassador_id", "adviser_id", "application__school__name", "status")
            .order_by("application__school__name"))
    by_ambassador, by_adviser = defaultdict(list), defaultdict(int)
    for ambassador_id, adviser_id, school_name, status in rows:
        by_ambassador[ambassador_id].append((school_name, status))
        by_adviser[adviser_id] += 1
    return by_ambassador, by_adviser


def check_room(tranche, practice, adviser, *, exclude_pk=None) -> None:
    """Refuse a new or moved proposal when the ambassador school or the adviser has no seat left (proposals hold
    seats). For callers outside change(), e.g. the admin's add form."""
    by_ambassador, by_adviser = _holders(tranche, exclude_pk=exclude_pk)
    ambassador = practice.ambassador
    holders = by_ambassador.get(ambassador.pk, [])
    if len(holders) >= ambassador.capacity_for(tranche):
        raise MatchingError(full_message(ambassador, ambassador.capacity_for(tranche), holders))
    if by_adviser.get(adviser.pk, 0) >= adviser.capacity_for(tranche):
        raise MatchingError(_("Adviseur %(adv)s heeft geen ruimte meer: %(load)s van %(cap)s trajecten.") % {
            "adv": adviser, "load": by_adviser.get(adviser.pk, 0), "cap": adviser.capacity_for(tranche)})


def full_message(ambassador, capacity: int, holders) -> str:
    labels = dict(Trajectory.Status.choices)
    names = [f"{name} ({labels[status]})" for name, status in holders]
    listed = " en ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return _("%(amb)s is vol: capaciteit %(cap)s, bezet door %(names)s.") % {
        "amb": ambassador, "cap": capacity, "names": listed}


def alternatives(trajectory: Trajectory, limit: int = 15, per_practice: int = 5) -> list[dict]:
    """The (practice, adviser) options for this application, free ones best first, then the full ones.

    Each option says whether it is the current proposal, the seats of its ambassador school (taken by whom,
    proposals included: see HOLDING_STATUSES) and the load of its adviser, why it is blocked, if it is, and
    (``ended``) the warning that it repeats the practice or adviser of a match staff ended.
    With a ``limit``, the :func:`shortlist` of them; ``limit=0`` gives every option the rules allow.
    """
    tranche = trajectory.tranche
    application = PartnerApplication.objects.select_related("school").get(pk=trajectory.application_id)
    school = application.school
    prefs = list(chosen_practices(application.pk).prefetch_related("practice__school_types", "practice__themes"))
    advisers = list(Adviser.objects.filter(active=True).select_related("user").prefetch_related("expertise", "ties"))
    by_ambassador, by_adviser = _holders(tranche, exclude_pk=trajectory.pk)
    ended = ended_matches([application.pk]).get(application.pk, ())
    app = matching.App(application.pk, school.pk if school else 0, school.province if school else "",
                       frozenset(school.school_types.values_list("code", flat=True)) if school else frozenset(),
                       tuple((p.practice_id, p.rank) for p in prefs))
    problem = matching.Problem([app], {}, {}, {}, {}, matching.Weights.of(tranche))
    infos = {v.pk: matching.AdviserInfo(v.pk, frozenset(v.provinces or ()),
                                        frozenset(t.slug for t in v.expertise.all()),
                                        frozenset(s.pk for s in v.ties.all())) for v in advisers}
    options = []
    for pref in prefs:
        practice = pref.practice
        ambassador = practice.ambassador
        info = matching.Practice(practice.pk, ambassador.pk, ambassador.school_id, practice.province,
                                 frozenset(t.code for t in practice.school_types.all()),
                                 frozenset(t.slug for t in practice.themes.all()))
        holders = by_ambassador.get(ambassador.pk, [])
        capacity = ambassador.capacity_for(tranche)
        ambassador_full = len(holders) >= capacity
        rows = []
        for adviser in advisers:
            if {app.school_id, info.ambassador_school_id} & infos[adviser.pk].ties:
                continue
            load, adviser_capacity = by_adviser.get(adviser.pk, 0), adviser.capacity_for(tranche)
            parts = matching.score_parts(problem, app, info, pref.rank, infos[adviser.pk])
            blocked = ""
            if ambassador_full:
                blocked = full_message(ambassador, capacity, holders)
            elif load >= adviser_capacity:
                blocked = _("Adviseur %(adv)s heeft geen ruimte meer: %(load)s van %(cap)s trajecten.") % {
                    "adv": adviser, "load": load, "cap": adviser_capacity}
            rows.append({
                "practice_id": practice.pk, "adviser_id": adviser.pk, "practice": practice, "adviser": adviser,
                "rank": pref.rank, "score": sum(parts.values()), "parts": parts,
                "current": practice.pk == trajectory.practice_id and adviser.pk == trajectory.adviser_id,
                "ambassador": ambassador, "ambassador_capacity": capacity, "ambassador_holders": holders,
                "ambassador_free": max(capacity - len(holders), 0), "adviser_load": load,
                "adviser_capacity": adviser_capacity, "blocked": blocked,
                # allowed by hand, with a warning: auto-match never proposes it (see ended_matches)
                "ended": ended_words(ended, practice.pk, adviser.pk),
            })
        options += rows
    return shortlist(options, limit, per_practice) if limit else options


def shortlist(options: list[dict], limit: int = 15, per_practice: int = 5) -> list[dict]:
    """The best of :func:`alternatives`' options, free ones first (and those that repeat an ended match after the
    others): at most ``per_practice`` advisers per chosen practice (so every choice of the school shows) and
    ``limit`` in all, and the current proposal always."""
    by_practice: dict[int, list[dict]] = {}
    for option in sorted(options, key=lambda o: (not o["current"], bool(o["blocked"]), bool(o["ended"]),
                                                 -o["score"])):
        by_practice.setdefault(option["practice_id"], []).append(option)
    best = sorted((o for rows in by_practice.values() for o in rows[:per_practice]),
                  key=lambda o: (bool(o["blocked"]), bool(o["ended"]), -o["score"]))
    return best[:limit] + [o for o in best[limit:] if o["current"]]


def other_choices(options: list[dict]) -> tuple[list[dict], list[dict]]:
    """For a combination of one's own: the school's chosen practices in its order and every adviser the rules
    allow (not tied to either school) by name, each once, from all of :func:`alternatives`' options."""
    practices, advisers = {}, {}
    for option in sorted(options, key=lambda o: o["rank"]):
        practices.setdefault(option["practice_id"], option)
        advisers.setdefault(option["adviser_id"], option)
    return list(practices.values()), sorted(advisers.values(), key=lambda o: str(o["adviser"]).lower())


@transaction.atomic
def change(trajectory: Trajectory, *, practice_id: int, adviser_id: int, reason: str, by) -> Trajectory:
    """Move a proposal to another of the school's choices or another adviser, for a reason.

    A proposal holds its seat (HOLDING_STATUSES), so a change into a full ambassador school or to a full adviser is
    refused here, naming who holds the seats; otherwise confirming the selection would later push another school
    out. The target's rows are locked first, so two staff members cannot both move a proposal into the last seat.
    """
    if not reason.strip():
        raise MatchingError(_("Geef een reden op voor de wijziging."))
    trajectory = Trajectory.objects.select_for_update(of=("self",)).select_related("tranche").get(pk=trajectory.pk)
    if trajectory.status != Trajectory.Status.PROPOSED:
        raise MatchingError(_("Alleen voorstellen kunnen worden gewijzigd."))
    target = GoodPractice.objects.filter(pk=practice_id).values_list("ambassador_id", flat=True).first()
    if target is not None:
        AmbassadorSchool.objects.select_for_update().filter(pk=target).first()
    Adviser.objects.select_for_update().filter(pk=adviser_id).first()
    if (practice_id, adviser_id) == (trajectory.practice_id, trajectory.adviser_id):
        raise MatchingError(_("Dit is het huidige voorstel; kies een ander alternatief."))
    option = option_for(trajectory, practice_id, adviser_id)
    trajectory.practice_id, trajectory.adviser_id = practice_id, adviser_id
    trajectory.score, trajectory.score_details = option["score"], {**option["parts"], "choice": option["rank"]}
    trajectory.explanation = _("Handmatig gewijzigd: %(reason)s") % {"reason": reason.strip()}
    trajectory._change_reason = reason
    trajectory._history_user = by
    trajectory.save()
    return trajectory


def option_for(trajectory: Trajectory, practice_id: int, adviser_id: int) -> dict:
    """The option of :func:`alternatives` that puts the trajectory's application with this practice and adviser,
    or MatchingError saying why there is none: a practice the school did not choose, an adviser tied to one of the
    schools, or no seat left. ``trajectory`` is the proposal being changed, or an unsaved new one."""
    option = next((o for o in alternatives(trajectory, limit=0)
                   if o["practice_id"] == practice_id and o["adviser_id"] == adviser_id), None)
    if option is None:
        raise MatchingError(_no_option_reason(trajectory, practice_id, adviser_id))
    if option["blocked"]:
        raise MatchingError(option["blocked"])
    return option


def _no_option_reason(trajectory: Trajectory, practice_id: int, adviser_id: int) -> str:
    """Why the rules allow no such option, by name: the practice is none of the school's published choices, or the
    adviser is inactive or has a tie with one of the two schools (it said only "geen keuze of een band")."""
    application = trajectory.application
    practice = GoodPractice.objects.select_related("ambassador__school").filter(pk=practice_id).first()
    chosen = chosen_practices(application.pk).filter(practice_id=practice_id).exists()
    if practice is None or not chosen:
        return _("%(practice)s is geen (gepubliceerde) keuze van %(school)s.") % {
            "practice": practice.title if practice else practice_id, "school": application.school}
    adviser = Adviser.objects.select_related("user").filter(pk=adviser_id).first()
    if adviser is None or not adviser.active:
        return _("Kies een actieve adviseur.")
    tied = adviser.ties.filter(pk__in=[application.school_id, practice.ambassador.school_id]).first()
    if tied is not None:
        return _("%(adviser)s heeft een band met %(school)s en begeleidt deze koppeling niet.") % {
            "adviser": adviser, "school": tied}
    return _("Deze combinatie is niet mogelijk.")


def check_proposal(application: PartnerApplication, practice_id: int, adviser_id: int) -> dict:
    """Why a proposal made by hand for ``application`` cannot be made, as MatchingError; else its option. The
    rules of auto-match: a submitted application in its own tranche, without a proposal or trajectory yet
    (:func:`~trajectories.selectors.applications_to_match`, which the admin's list of applications offers too), one
    of its chosen practices, an adviser without ties to either school, and a seat at both."""
    if not applications_to_match().filter(pk=application.pk).exists():
        raise MatchingError(_not_to_match_reason(application))
    return option_for(Trajectory(application=application, tranche_id=application.tranche_id), practice_id,
                      adviser_id)


def _not_to_match_reason(application: PartnerApplication) -> str:
    """Why :func:`~trajectories.selectors.applications_to_match` leaves ``application`` out, by name."""
    if application.status not in ELIGIBLE_STATUSES:
        return _("Alleen een ingediende aanmelding kan worden gekoppeld; deze is %(status)s.") % {
            "status": application.get_status_display()}
    if application.school_id is None:
        return _("Deze aanmelding heeft nog geen geregistreerde school.")
    return _("Deze aanmelding heeft al een voorstel of traject; wijzig dat op de koppelpagina.")


@transaction.atomic
def propose(application: PartnerApplication, *, practice_id: int, adviser_id: int, by) -> Trajectory:
    """A proposal made by hand (the admin's "add"), by the rules of :func:`check_proposal`, in the application's
    own tranche; it holds its seat until it is confirmed or rejected, like auto-match's proposals."""
    application = PartnerApplication.objects.select_for_update().get(pk=application.pk)
    target = GoodPractice.objects.filter(pk=practice_id).values_list("ambassador_id", flat=True).first()
    if target is not None:
        AmbassadorSchool.objects.select_for_update().filter(pk=target).first()
    Adviser.objects.select_for_update().filter(pk=adviser_id).first()
    option = check_proposal(application, practice_id, adviser_id)
    trajectory = Trajectory(application=application, tranche_id=application.tranche_id, practice_id=practice_id,
                            adviser_id=adviser_id, score=option["score"],
                            score_details={**option["parts"], "choice": option["rank"]},
                            explanation=_("Handmatig voorgesteld."))
    trajectory._history_user = by
    trajectory.save()
    return trajectory


def release_proposals(sender, instance, target, by, **kwargs) -> None:
    """An application that leaves the running (rejected, withdrawn, put on the waiting list) gives up its proposal
    and the seat it held, in the same transaction (a receiver of lobmatch.workflow.transitioned). A confirmed
    match is not undone here: the application is then matched and cannot take those transitions."""
    if target in (PartnerApplication.Status.SUBMITTED, PartnerApplication.Status.UNDER_REVIEW,
                  PartnerApplication.Status.MATCHED):
        return  # still in the running (a waitlisted one may be matched later, by a new proposal)
    label = PartnerApplication.Status(target).label
    for trajectory in Trajectory.objects.select_for_update().filter(application=instance,
                                                                     status=Trajectory.Status.PROPOSED):
        apply_transition(trajectory, "cancel", by=by,
                         reason=_("de aanmelding is %(status)s") % {"status": label})


def check_reject_reason(reason: str) -> str:
    """The reason for turning proposals down, stripped, or MatchingError: every decision on a proposal is recorded
    with why (DESIGN.md), as a change is; "voorstel afgewezen" in the history told nobody why."""
    reason = (reason or "").strip()
    if not reason:
        raise MatchingError(str(REJECT_NEEDS_REASON))
    return reason


def reject(trajectory: Trajectory, *, by, reason: str) -> Trajectory:
    """A proposal staff turn down, for a reason: its seats are free and the application is back among those without
    one. A confirmed or published match is ended with :func:`end_match` (a reason, the school back in the running)."""
    reason = check_reject_reason(reason)
    if trajectory.status != Trajectory.Status.PROPOSED:
        raise MatchingError(_("Alleen voorstellen die nog niet bevestigd zijn, kunnen worden afgewezen. Een bevestigde "
                              "of gepubliceerde koppeling beëindigt u met ‘Koppeling beëindigen’, met een reden."))
    return apply_transition(trajectory, "reject", by=by, reason=reason)


def reject_many(trajectories, *, by, reason: str) -> tuple[int, list[str]]:
    """:func:`reject` for each of ``trajectories`` (the matching page's selection, the admin's action): a missing
    reason refuses the whole selection once, as MatchingError; otherwise (done, errors per trajectory)."""
    reason = check_reject_reason(reason)
    done, errors = 0, []
    for trajectory in trajectories:
        try:
            reject(trajectory, by=by, reason=reason)
            done += 1
        except (MatchingError, WorkflowError) as exc:
            errors.append(f"{trajectory}: {exc}")
    return done, errors


@transaction.atomic
def end_match(trajectory: Trajectory, *, by, reason: str) -> Trajectory:
    """End a confirmed or published match before anything was held (an adviser falls ill, a school cannot start):
    the trajectory is cancelled, its planned meetings too (everyone's calendar removes them), and the application
    goes back to 'ingediend', so staff can match it again or put it on the waiting list. Once a meeting was held
    (or a claim submitted) the trajectory has a history that money may depend on: it is not ended here."""
    from .planning import cancel_meeting

    reason = (reason or "").strip()
    if not reason:
        raise MatchingError(str(END_NEEDS_REASON))
    trajectory = Trajectory.objects.select_for_update(of=("self",)).select_related(
        "tranche", "application__school", "practice__ambassador__school", "adviser__user").get(pk=trajectory.pk)
    if trajectory.status not in (Trajectory.Status.CONFIRMED, Trajectory.Status.PUBLISHED):
        raise MatchingError(_("Alleen een bevestigde of gepubliceerde koppeling kan worden beëindigd; een voorstel "
                              "wijst u af."))
    if (trajectory.meetings.filter(status=Meeting.Status.HELD).exists()
            or ReimbursementClaim.objects.filter(trajectory=trajectory).exclude(
                status=ReimbursementClaim.Status.DRAFT).exists()):
        raise MatchingError(_("Er is al een bijeenkomst gehouden of een declaratie ingediend: deze koppeling wordt "
                              "niet beëindigd. Zet het traject af via het resultaat, met de adviseur."))
    for meeting in trajectory.meetings.filter(status=Meeting.Status.PLANNED):
        cancel_meeting(meeting, by=by, note=reason)
    published = trajectory.status == Trajectory.Status.PUBLISHED
    apply_transition(trajectory, "cancel", by=by, reason=reason)
    apply_transition(trajectory.application, "unmatch", by=by, reason=reason)
    if published:  # the pair was introduced by mail (publish): it hears that the match ended, and why
        _mail_pair(trajectory, template="trajectory_ended", context={"decision_reason": reason},
                   key=f"trajectory-ended:{trajectory.pk}")
    return trajectory


def _mail_pair(trajectory: Trajectory, *, template: str, context: dict, key: str, also: tuple[str, ...] = ()) -> None:
    """One mail to everyone of a published pair: the school's account and its project and school leader, the
    ambassador school's contacts and the adviser (plus ``also``), as the introduction at publishing went."""
    application = trajectory.application
    enqueue_email(
        to=[application.created_by.email, application.project_leader_email, application.school_leader_email,
            trajectory.adviser.user.email, *also,
            *trajectory.practice.ambassador.contacts.values_list("email", flat=True)],
        template=template,
        context={"school": application.school.name, "ambassador": trajectory.practice.ambassador.school.name,
                 "practice": trajectory.practice.title, "adviser": str(trajectory.adviser),
                 "adviser_email": trajectory.adviser.user.email, "tranche": str(trajectory.tranche),
                 "url": reverse("trajectories:trajectory_detail", args=[trajectory.pk]), **context},
        dedupe_key=key,
        reason=gettext_noop("u bent betrokken bij een scholenkoppel van LOB Ambassadeurs"),
    )


def adviser_options(trajectory: Trajectory) -> list[dict]:
    """The active advisers another adviser could be for ``trajectory``, the current one left out, each with their
    seats in its tranche and why not (a tie with one of its schools, or no room): what the hand-over page lists."""
    tranche = trajectory.tranche
    schools = {trajectory.application.school_id, trajectory.practice.ambassador.school_id}
    load = dict(Trajectory.objects.filter(tranche=tranche, status__in=HOLDING_STATUSES).order_by()
                .values_list("adviser").annotate(n=Count("*")))
    options = []
    for adviser in (Adviser.objects.filter(active=True).exclude(pk=trajectory.adviser_id).select_related("user")
                    .prefetch_related("ties").order_by("user__first_name", "user__last_name", "pk")):
        capacity, seats = adviser.capacity_for(tranche), load.get(adviser.pk, 0)
        why_not = (_("band met een van de scholen") if schools & {s.pk for s in adviser.ties.all()}
                   else _("vol") if seats >= capacity else "")
        options.append({"adviser": adviser, "seats": seats, "capacity": capacity, "why_not": why_not})
    return options


@transaction.atomic
def replace_adviser(trajectory: Trajectory, *, adviser_id: int, reason: str, by) -> Trajectory:
    """Another adviser takes over a confirmed or published trajectory (the adviser falls ill or leaves, or a tie
    comes to light), for a reason kept in its history. By the rules of matching: an active adviser with room in the
    tranche and no tie with either school. What was logged stays as it was (by whom it was logged). Each planned
    meeting still to come moves to the new adviser in everyone's calendar: the former adviser gets a cancellation,
    everyone expected an update of the same event naming the new one. The pair, both schools' contacts and both
    advisers get a mail. An open poll stays open in the new adviser's name, who picks its slot."""
    from .planning import hand_over, hand_over_polls

    reason = (reason or "").strip()
    if not reason:
        raise MatchingError(_("Geef een reden op voor de wissel van adviseur."))
    trajectory = Trajectory.objects.select_for_update(of=("self",)).select_related(
        "tranche", "application__school", "practice__ambassador__school", "adviser__user").get(pk=trajectory.pk)
    if trajectory.status == Trajectory.Status.PROPOSED:
        raise MatchingError(_("Een voorstel krijgt een andere adviseur via ‘wijzigen’ op de koppelpagina."))
    if trajectory.status not in (Trajectory.Status.CONFIRMED, Trajectory.Status.PUBLISHED):
        raise MatchingError(_("Alleen een bevestigd of lopend traject krijgt een andere adviseur; dit traject is "
                              "%(status)s.") % {"status": trajectory.get_status_display()})
    new = Adviser.objects.select_for_update(of=("self",)).select_related("user").filter(pk=adviser_id).first()
    if new is None or not new.active:
        raise MatchingError(_("Kies een actieve adviseur."))
    if new.pk == trajectory.adviser_id:
        raise MatchingError(_("%(adviser)s is al de adviseur van dit traject.") % {"adviser": new})
    if new.ties.filter(pk__in=[trajectory.application.school_id, trajectory.practice.ambassador.school_id]).exists():
        raise MatchingError(_("%(adviser)s heeft een band met een van de scholen van dit traject en kan het niet "
                              "begeleiden.") % {"adviser": new})
    # Proposals hold their seats too (as a change of a proposal counts them): else the next "Selectie bevestigen"
    # found the new adviser full.
    seats = Trajectory.objects.filter(tranche=trajectory.tranche, status__in=HOLDING_STATUSES, adviser=new).count()
    if seats >= new.capacity_for(trajectory.tranche):
        raise MatchingError(_("Adviseur %(adv)s heeft geen ruimte meer (capaciteit %(cap)s).") % {
            "adv": new, "cap": new.capacity_for(trajectory.tranche)})
    former = trajectory.adviser
    trajectory.adviser = new
    trajectory.explanation = _("Adviseur vervangen (was %(former)s): %(reason)s") % {"former": former,
                                                                                    "reason": reason}
    trajectory._history_user = by
    trajectory._change_reason = reason
    trajectory.save(update_fields=["adviser", "explanation", "updated_at"])
    for meeting in trajectory.meetings.filter(status=Meeting.Status.PLANNED, planned_start__gt=timezone.now()):
        hand_over(meeting, former_email=former.user.email, former_name=former.user.get_full_name())
    hand_over_polls(trajectory, new.user)
    if trajectory.status == Trajectory.Status.PUBLISHED:  # a confirmed match is not announced yet: nobody to tell
        _mail_pair(trajectory, template="trajectory_adviser_changed", context={"former": str(former)},
                   key=f"trajectory-adviser:{trajectory.pk}:{new.pk}:{timezone.now():%Y%m%d%H%M%S%f}",
                   also=(former.user.email,))
    return trajectory


@transaction.atomic
def publish(trajectory: Trajectory, *, by) -> Trajectory:
    trajectory = Trajectory.objects.select_for_update(of=("self",)).select_related(
        "application__school", "practice__ambassador__school", "adviser__user").get(pk=trajectory.pk)
    apply_transition(trajectory, "publish", by=by)
    from .meetings import ensure_meetings

    ensure_meetings(trajectory)
    application = trajectory.application
    recipients = [application.created_by.email, application.project_leader_email, application.school_leader_email,
                  trajectory.adviser.user.email, *trajectory.practice.ambassador.contacts.values_list("email", flat=True)]
    enqueue_email(
        to=recipients, template="trajectory_introduction",
        context={"school": application.school.name, "ambassador": trajectory.practice.ambassador.school.name,
                 "practice": trajectory.practice.title, "adviser": str(trajectory.adviser),
                 "adviser_email": trajectory.adviser.user.email, "tranche": str(trajectory.tranche),
                 "url": f"/trajecten/{trajectory.pk}/"},
        dedupe_key=f"trajectory-introduction:{trajectory.pk}",
        reason=gettext_noop("u bent betrokken bij een nieuw scholenkoppel van LOB Ambassadeurs"),
    )
    return trajectory


def waitlist_unmatched(tranche, application_ids, *, by, reason: str) -> int:
    n = 0
    for application in PartnerApplication.objects.filter(pk__in=application_ids, tranche=tranche):
        try:
            apply_transition(application, "waitlist", by=by, reason=reason)
            n += 1
        except WorkflowError:
            continue
    return n


MATCHING_PAGE_ROWS = 50  # rows per table of the matching page: a first render that does not grow with the tranche


def matching_overview(tranche, *, page=None, unmatched_page=None):
    """What the matching page shows, in a constant number of queries: the status counts, page ``page`` of the
    proposals and matches and page ``unmatched_page`` of the applications without one (50 rows each; a tranche of
    10,000 applications rendered whole took seconds and occupied a web worker meanwhile)."""
    rows = trajectory_counts(tranche)
    by_status = {key: n for key, _label, n in rows}  # (the cancelled ones under "lapsed" and "ended")
    counts = {label: n for _key, label, n in rows}
    # The good practices of the page's rows in a query of their own (practices_apart).
    trajectories = Paginator(with_early_mark(
        Trajectory.objects.filter(tranche=tranche).exclude(status=Trajectory.Status.CANCELLED)
        .select_related("application__school", "adviser__user")
        .prefetch_related(practices_apart())
        .order_by("status", "-score", "pk")), MATCHING_PAGE_ROWS)
    # (the counts just read hold the total: no second count)
    trajectories.count = sum(n for status, n in by_status.items() if status in Trajectory.ACTIVE)
    trajectories = trajectories.get_page(page)
    # read once (the rows get their words below); before the first proposal there is nothing to read
    trajectories.object_list = list(trajectories.object_list) if trajectories.paginator.count else []
    settled = Trajectory.objects.filter(tranche=tranche).exclude(status=Trajectory.Status.CANCELLED)
    eligible = PartnerApplication.objects.filter(tranche=tranche, status__in=ELIGIBLE_STATUSES)
    unmatched = Paginator(
        eligible.exclude(pk__in=settled.values("application_id")).select_related("school")
        .only("status", "school__name")
        # In the order they came in, and the choices counted per row of the page: sorting by name or counting with a
        # join read all 10,000 applications of a tranche for one page (0.2 ms this way, 40-120 ms those).
        .annotate(n_prefs=Coalesce(Subquery(Preference.objects.filter(application=OuterRef("pk"), rank__gte=1)
                                            .order_by().values("application").annotate(n=Count("pk")).values("n")), 0))
        .order_by("pk"),
        MATCHING_PAGE_ROWS)
    # How many are left: the eligible applications less those with a proposal or match. The first count reads the
    # (tranche, status) index alone (0.7 ms at 10,000 applications); "NOT IN" fetched every row for it (4 ms).
    # (an application has at most one live trajectory: a constraint, so no DISTINCT)
    with_one = (settled.filter(application__tranche=tranche, application__status__in=ELIGIBLE_STATUSES).order_by()
                .values("tranche").annotate(n=Count("*")).values("n"))
    unmatched.count = eligible.aggregate(n=Count("*") - Coalesce(Subquery(with_one), 0))["n"]
    unmatched = unmatched.get_page(unmatched_page)
    unmatched.object_list = list(unmatched.object_list)
    labels = dict(PartnerApplication.Status.choices)  # once, where get_status_display() rebuilds it for every row
    for application in unmatched.object_list:
        application.status_label = labels.get(application.status, application.status)
    now = timezone.now()
    extensions = DeadlineExtension.objects.filter(tranche=tranche).aggregate(
        latest=Max("until"), running=Count("pk", filter=Q(until__gte=now)))
    closes_at = _close_at(tranche, extensions["latest"])
    _describe_all(tranche, trajectories.object_list)
    return {"trajectories": trajectories, "counts": counts,
            "has_proposed": bool(by_status.get(Trajectory.Status.PROPOSED)),
            "proposed": by_status.get(Trajectory.Status.PROPOSED, 0),
            "has_confirmed": bool(by_status.get(Trajectory.Status.CONFIRMED)),
            "unmatched": unmatched, "closes_at": closes_at, "applications_open": now <= closes_at,
            "open_extensions": extensions["running"]}


# The parts of a score that the two schools and the adviser share, in the words of the matching page (its
# explanation of a proposal and the trajectory's page in the admin alike); the keys of ``score_details``.
SHARED_WORDS = (
    ("school_types", gettext_noop("dezelfde schoolsoort")),
    ("province_ambassador", gettext_noop("ambassadeursschool in dezelfde provincie")),
    ("province_adviser", gettext_noop("adviseur uit de regio")),
    ("expertise", gettext_noop("adviseur kent de gekozen LOB-thema's")),
)


def _choice_words(choice) -> str:
    return _("keuze %(n)s van de school") % {"n": choice} if choice else _("geen keuze van de school")


def score_parts(score_details: dict) -> list[tuple[str, int]]:
    """The parts of a trajectory's score as (words, points), the school's choice first: what ``score_details``
    holds (keys of trajectories.matching.score_parts), said as the matching page says it."""
    d = score_details or {}
    return [(capfirst(_choice_words(d.get("choice"))), d.get("rank", 0)),
            *((capfirst(_(words)), d.get(key, 0)) for key, words in SHARED_WORDS)]


def _describe_all(tranche, trajectories) -> None:
    """Set ``trajectory.words`` and ``status_label`` for every row of ``trajectories`` (a page of the matching page):
    which choice it is, what the schools and the adviser share, and for an unmet first choice why (who holds that
    ambassador school's seats). At most two queries for the rows together, limited to what these rows need; the points stay in
    ``score_details`` for whoever wants them."""
    trajectories = list(trajectories)
    if not trajectories:
        return
    firsts = {p.application_id: p.practice for p in Preference.objects.filter(
        rank=1, application__in=[t.application_id for t in trajectories]).select_related("practice__ambassador")}
    holders: dict[int, list[tuple[int, str]]] = {}
    unmet = {firsts[t.application_id].ambassador_id for t in trajectories
             if t.application_id in firsts and (t.score_details or {}).get("choice") != 1}
    for ambassador_id, application_id, name in (Trajectory.objects.filter(
            tranche=tranche, status__in=HOLDING_STATUSES, practice__ambassador__in=unmet)
            .order_by().values_list("practice__ambassador_id", "application_id", "application__school__name")):
        holders.setdefault(ambassador_id, []).append((application_id, name))
    ended = ended_matches([t.application_id for t in trajectories if t.status == Trajectory.Status.PROPOSED])
    labels = dict(Trajectory.Status.choices)
    for t in trajectories:
        t.status_label = labels.get(t.status, t.status)
        d = t.score_details or {}
        choice = d.get("choice")
        parts = [_choice_words(choice)]
        shared = [_(words) for key, words in SHARED_WORDS if d.get(key)]
        parts.append(_("gemeenschappelijk: %(s)s") % {"s": ", ".join(shared)} if shared else _("verder niets gemeenschappelijk"))
        words = capfirst("; ".join(parts)) + "."
        first = firsts.get(t.application_id)
        if choice != 1 and first is not None:
            others = sorted(name for app_id, name in holders.get(first.ambassador_id, []) if app_id != t.application_id)
            if t.explanation:
                why = t.explanation
            elif others:
                why = _("Eerste keuze (%(p)s) niet gelukt: de plaatsen zijn bezet door %(names)s.") % {
                    "p": first.title, "names": ", ".join(others)}
            else:
                why = _("Eerste keuze (%(p)s) niet gelukt: een andere verdeling koppelde meer scholen.") % {
                    "p": first.title}
            words = f"{words} {why}"
        if warning := ended_words(ended.get(t.application_id, ()), t.practice_id, t.adviser_id):
            words = f"{words} {warning}"  # a proposal made by hand may repeat it: staff see it before confirming
        t.words = words


def ended_matches(applications) -> dict[int, list[tuple[int, int, str]]]:
    """Per application the (practice, adviser, reason) of its matches that staff ended after confirming them
    (:func:`end_match`), in one query; ``applications`` are ids or a queryset. The one rule of every path: auto-match
    never proposes such a practice or adviser to the school again (:func:`build_problem`); staff may, by hand, and
    are warned (:func:`ended_words`). A proposal that lapsed or was turned down is not an ended match."""
    if isinstance(applications, (list, tuple, set)) and not applications:
        return {}
    content_type = ContentType.objects.get_for_model(Trajectory)
    cancels = StatusChange.objects.filter(content_type=content_type, transition="cancel")
    ended_ids = cancels.filter(source__in=[Trajectory.Status.CONFIRMED, Trajectory.Status.PUBLISHED])
    reason = cancels.filter(object_id=OuterRef("pk")).order_by("-at").values("reason")[:1]
    ended: dict[int, list[tuple[int, int, str]]] = {}
    for application_id, practice_id, adviser_id, why in (
            Trajectory.objects.filter(application__in=applications, status=Trajectory.Status.CANCELLED,
                                      pk__in=ended_ids.values("object_id"))
            .annotate(ended_because=Subquery(reason)).order_by("pk")
            .values_list("application_id", "practice_id", "adviser_id", "ended_because")):
        ended.setdefault(application_id, []).append((practice_id, adviser_id, why or ""))
    return ended


def ended_words(ended, practice_id: int, adviser_id: int) -> str:
    """The warning for a proposal of ``practice_id`` and ``adviser_id`` that repeats the practice or the adviser of
    one of the school's ended matches (``ended``: its rows of :func:`ended_matches`), with the reason; "" if none."""
    words = []
    for ended_practice, ended_adviser, reason in ended:
        same = [word for word, equal in ((_("dezelfde good practice"), ended_practice == practice_id),
                                         (_("dezelfde adviseur"), ended_adviser == adviser_id)) if equal]
        if same:
            words.append(_("Let op: een eerdere koppeling van deze school met %(same)s is beëindigd: %(reason)s")
                         % {"same": _(" en ").join(same), "reason": reason})
    return " ".join(words)


def ended_warning(trajectory: Trajectory) -> str:
    """:func:`ended_words` for a proposal just made or changed by hand (what the admin says after saving it)."""
    return ended_words(ended_matches([trajectory.application_id]).get(trajectory.application_id, ()),
                       trajectory.practice_id, trajectory.adviser_id)


# --- capacity and money rules that a change elsewhere must not break ------------------------------------------------

MONEY_RULES = ("hourly_rate", "max_hours_per_session", "max_members_reimbursed", "guided_sessions")


def _over(rows, capacity_of) -> list[tuple[str, int, int]]:
    """(name, seats held, capacity) of every row whose seats exceed its capacity."""
    return [(name, held, capacity_of(own)) for name, own, held in rows if held > capacity_of(own)]


def tranche_problems(tranche) -> dict[str, str]:
    """A stored tranche's capacity may not drop below the seats its trajectories hold (proposals included), and its
    money rules are fixed once a school has submitted a claim in it (finance saw and approved amounts by them).
    Registered with lobmatch.tranche_rules: the tranche's own validation asks it."""
    if tranche.pk is None:
        return {}
    stored = Tranche.objects.filter(pk=tranche.pk).values(*MONEY_RULES, "ambassador_capacity",
                                                          "adviser_capacity").first()
    if stored is None:
        return {}
    problems = {}
    from ..models import ReimbursementClaim

    changed = [field for field in MONEY_RULES if getattr(tranche, field) != stored[field]]
    if changed and ReimbursementClaim.objects.filter(trajectory__tranche=tranche).exclude(
            status=ReimbursementClaim.Status.DRAFT).exists():
        for field in changed:
            problems[field] = _("Dit ligt vast: in deze tranche is al een declaratie ingediend, en die is volgens "
                                "deze regels berekend.")
    seats = Trajectory.objects.filter(tranche=tranche, status__in=Trajectory.ACTIVE).order_by()
    if tranche.ambassador_capacity < stored["ambassador_capacity"]:
        rows = (seats.filter(practice__ambassador__capacity__isnull=True)
                .values_list("practice__ambassador__school__name", "practice__ambassador__capacity")
                .annotate(n=Count("pk")))
        if over := _over(rows, lambda own: tranche.ambassador_capacity):
            problems["ambassador_capacity"] = _capacity_message(over)
    if tranche.adviser_capacity < stored["adviser_capacity"]:
        # the adviser by name, as the matching page names them (the address only for an account without one)
        rows = [(f"{first} {last}".strip() or email, own, n) for first, last, email, own, n in
                seats.filter(adviser__capacity__isnull=True)
                .values_list("adviser__user__first_name", "adviser__user__last_name", "adviser__user__email",
                             "adviser__capacity").annotate(n=Count("pk"))]
        if over := _over(rows, lambda own: tranche.adviser_capacity):
            problems["adviser_capacity"] = _capacity_message(over)
    return problems


def practice_in_use(practice) -> str:
    """Why ``practice`` stays in the catalogue: matches that use it and are not over (registered with the catalogue,
    which refuses to unpublish it). A school's pages, mails and reports point to it."""
    live = Trajectory.objects.filter(practice=practice, status__in=[
        Trajectory.Status.PROPOSED, Trajectory.Status.CONFIRMED, Trajectory.Status.PUBLISHED]).count()
    if not live:
        return ""
    return ngettext("Deze good practice wordt gebruikt door %(n)s lopende koppeling; de publicatie intrekken kan "
                    "pas als die is afgerond of beëindigd.",
                    "Deze good practice wordt gebruikt door %(n)s lopende koppelingen; de publicatie intrekken kan "
                    "pas als die zijn afgerond of beëindigd.", live) % {"n": live}


def own_capacity_problem(*, ambassador=None, adviser=None) -> str:
    """Why the capacity just typed for one ambassador school or adviser is below the seats it holds in a tranche
    whose matching is under way (a proposal or a confirmed match not yet published), or ""; an empty capacity
    means the tranche's own. A finished tranche is history: a lower capacity for the next ones is fine."""
    matching_now = Trajectory.objects.filter(status__in=[Trajectory.Status.PROPOSED, Trajectory.Status.CONFIRMED])
    seats = Trajectory.objects.filter(status__in=Trajectory.ACTIVE,
                                      tranche__in=matching_now.values("tranche_id")).order_by()
    if ambassador is not None:
        owner, seats = ambassador, seats.filter(practice__ambassador_id=ambassador.pk)
    else:
        owner, seats = adviser, seats.filter(adviser_id=adviser.pk)
    if owner.pk is None:
        return ""
    rows = seats.values_list("tranche__name", "tranche__ambassador_capacity" if ambassador is not None
                             else "tranche__adviser_capacity").annotate(n=Count("pk"))
    over = _over(rows, lambda default: owner.capacity if owner.capacity is not None else default)
    return _capacity_message(over) if over else ""


def _capacity_message(over) -> str:
    listed = "; ".join(ngettext("%(name)s: %(held)s traject", "%(name)s: %(held)s trajecten", held)
                       % {"name": name, "held": held} for name, held, _c in over)
    return _("Niet lager dan de plaatsen die al bezet zijn (voorstellen meegeteld): %(listed)s. Wijzig of annuleer "
             "eerst die trajecten op de koppelpagina.") % {"listed": listed}
