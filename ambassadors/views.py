"""The public good-practice catalogue and the ambassadors' own pages. Thin: queries in selectors, changes in
services."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from lobmatch.models import Province, Role, SchoolType, Theme
from lobmatch.pagecache import cache_public_page
from lobmatch.roles import has_role
from lobmatch.selectors import current_tranche
from lobmatch.uploads import serve_upload
from lobmatch.workflow import WorkflowError

from . import contributions, selectors, services
from .forms import CatalogueFilterForm, GoodPracticeForm, MaterialForm
from .models import AmbassadorSchool, GoodPractice

PAGE_SIZE = 20


@require_safe
@cache_public_page(params=("q", "theme", "type", "province", "page"))
def practice_list(request):
    themes, types = list(Theme.objects.all()), list(SchoolType.objects.all())
    form = CatalogueFilterForm(request.GET or None, themes=themes, types=types)
    data = {}
    if form.is_bound:
        # A bad value (an old bookmark's theme, say) drops only that filter, not the whole search:
        # cleaned_data holds every field that was valid.
        form.is_valid()
        data = dict(form.cleaned_data)
        if "q" in form.errors:
            data["q"] = request.GET.get("q", "")[:200]
    # What the words find is filtered and counted apart (selectors.filter_and_count). With a filter ticked, that
    # search is not ranked (the rank builds the text of every practice it found): the filtered one is, in SQL.
    published, words = selectors.published_practices(), data.get("q", "")
    by_slug, by_code = {t.slug: t.pk for t in themes}, {t.code: t.pk for t in types}
    ticked = {"themes": {by_slug[v] for v in data.get("theme") or () if v in by_slug},
              "types": {by_code[v] for v in data.get("type") or () if v in by_code},
              "provinces": set(data.get("province") or ())}
    narrowed = any(ticked.values())
    found = list(selectors.search(published, words, ranked=not narrowed).values_list("pk", "province"))
    ids, counts = selectors.filter_and_count(found, **ticked)
    if narrowed and ids and words.strip():
        ids = list(selectors.apply_filters(selectors.search(published, words), **ticked).values_list("pk", flat=True))
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.catalogue_cards(list(page.object_list), themes)
    query = request.GET.copy()
    query.pop("page", None)
    facets = [
        _facet("theme", _("LOB-thema"), [(t.slug, t.label, counts["themes"].get(t.pk, 0)) for t in themes], data),
        _facet("type", _("Schoolsoort"), [(t.code, t.label, counts["types"].get(t.pk, 0)) for t in types], data),
        _facet("province", _("Provincie"),
               [(code, label, counts["provinces"].get(code, 0)) for code, label in Province.choices], data),
    ]
    # Nothing passes the filters but the words alone find something: offer that, words kept, rather than a dead end.
    unfiltered = len(found) if narrowed and not ids else 0
    return render(request, "ambassadors/practice_list.html", {
        "form": form, "page": page, "facets": facets, "querystring": query.urlencode(), "q": data.get("q", ""),
        "unfiltered": unfiltered, "unfiltered_query": urlencode({"q": words}) if words.strip() else "",
    })


def _facet(name: str, legend: str, options: list[tuple[str, str, int]], data: dict) -> dict:
    """One filter group as the page shows it: the values ticking would show something for (see
    selectors.filter_and_count), plus the chosen ones so they can be unticked, each with whether it is ticked
    (decided here, not per option in the template)."""
    chosen = set(data.get(name) or ())
    return {"name": name, "legend": legend, "chosen": len(chosen),
            "options": [(value, label, count, value in chosen) for value, label, count in options
                        if count or value in chosen]}


@require_safe
@cache_public_page
def practice_detail(request, slug):
    practice = get_object_or_404(
        selectors.practices_visible_to(request.user).prefetch_related("materials"), slug=slug
    )
    tranche = current_tranche()
    return render(request, "ambassadors/practice_detail.html", {
        "practice": practice, "room": contributions.room_for(practice.ambassador, tranche),
        "apply_template": contributions.apply_button(),
        "can_edit": selectors.practices_editable_by(request.user).filter(pk=practice.pk).exists(),
        "is_preview": practice.status != GoodPractice.Status.PUBLISHED,
    })


@require_GET
def school_detail(request, pk):
    ambassador = get_object_or_404(AmbassadorSchool.objects.select_related("school").filter(active=True), pk=pk)
    practices = selectors.practices_visible_to(request.user).filter(ambassador=ambassador)
    return render(request, "ambassadors/school_detail.html", {
        "ambassador": ambassador, "practices": practices, "room": contributions.room_for(ambassador, current_tranche()),
    })


def _require_ambassador(request):
    if not (has_role(request.user, Role.AMBASSADOR) or has_role(request.user, Role.STAFF)):
        raise PermissionDenied


@login_required
@require_GET
def my_practices(request):
    _require_ambassador(request)
    schools = selectors.ambassador_schools_of(request.user)
    practices, uses = contributions.with_uses(selectors.own_practices(request.user), request.user)
    tranche = current_tranche()
    return render(request, "ambassadors/my_practices.html", {
        "schools": [(s, contributions.room_for(s, tranche)) for s in schools], "practices": practices,
        "uses_template": uses and uses.cell_template,
    })


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request):
    _require_ambassador(request)
    school = selectors.ambassador_schools_of(request.user).first()
    if school is None:
        raise PermissionDenied
    form = GoodPracticeForm(request.POST or None, initial=services.new_practice_initial(request.user))
    if request.method == "POST":
        if form.is_valid():
            practice = services.save_practice(form, by=request.user, ambassador=school)
            messages.success(request, _("De good practice is als concept opgeslagen."))
            return redirect("ambassadors:practice_edit", slug=practice.slug)
        messages.error(request, _("Controleer de gemarkeerde velden; de good practice is nog niet opgeslagen."))
    return render(request, "ambassadors/practice_form.html", {"form": form, "practice": None})


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request, slug):
    _require_ambassador(request)
    practice = get_object_or_404(selectors.practices_editable_by(request.user), slug=slug)
    form = GoodPracticeForm(request.POST or None, instance=practice)
    if request.method == "POST":
        if form.is_valid() and _saved(request, form):
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("ambassadors:practice_edit", slug=practice.slug)
        if form.errors:  # (a save over someone else's change: _saved said so)
            messages.error(request, _("Controleer de gemarkeerde velden."))
    return render(request, "ambassadors/practice_form.html", {
        "form": form, "practice": practice, "material_form": MaterialForm(prefix="material"),
        "materials": practice.materials.all(),
    })


def _saved(request, form) -> bool:
    """Save a valid edit form; False (and said why) when someone else saved the practice since the page loaded."""
    try:
        services.save_practice(form, by=request.user, loaded_at=form.cleaned_data.get("loaded_at"))
    except services.ChangedMeanwhile as exc:
        messages.error(request, str(exc))
        form.seen(exc.at)
        return False
    return True


@login_required
@require_POST
def practice_submit(request, slug):
    """Save what the edit form holds, then offer the practice for publication (the button sits in the edit form, so
    changes typed just before are not lost); refused fields show on the form, nothing offered."""
    _require_ambassador(request)
    practice = get_object_or_404(selectors.practices_editable_by(request.user), slug=slug)
    if "title" in request.POST:  # posted from the edit form
        form = GoodPracticeForm(request.POST, instance=practice)
        if not form.is_valid() or not _saved(request, form):
            if form.errors:
                messages.error(request, _("Controleer de gemarkeerde velden; de good practice is nog niet aangeboden."))
            return render(request, "ambassadors/practice_form.html", {
                "form": form, "practice": practice, "material_form": MaterialForm(prefix="material"),
                "materials": practice.materials.all()}, status=400)
    try:
        services.submit_for_publication(practice, by=request.user)
    except WorkflowError:
        messages.error(request, _("Deze good practice kan in deze status niet ter publicatie worden aangeboden."))
    else:
        messages.success(request, _("Aangeboden ter publicatie. De VO-raad bekijkt de good practice en publiceert hem."))
    return redirect("ambassadors:practice_edit", slug=practice.slug)


@login_required
@require_POST
def material_upload(request, slug):
    _require_ambassador(request)
    practice = get_object_or_404(selectors.practices_editable_by(request.user), slug=slug)
    form = MaterialForm(request.POST, request.FILES, prefix="material")
    if form.is_valid():
        try:
            services.add_material(practice, upload=form.cleaned_data["file"], title=form.cleaned_data["title"],
                                  by=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(request, _("Het materiaal is toegevoegd."))
            return redirect("ambassadors:practice_edit", slug=practice.slug)
    return render(request, "ambassadors/practice_form.html", {
        "form": GoodPracticeForm(instance=practice), "practice": practice, "material_form": form,
        "materials": practice.materials.all(),
    }, status=400)


@login_required
@require_POST
def practice_delete(request, slug):
    _require_ambassador(request)
    practice = get_object_or_404(selectors.practices_editable_by(request.user), slug=slug)
    try:
        services.delete_draft(practice, by=request.user)
    except services.PracticeError as exc:
        messages.error(request, str(exc))
        return redirect("ambassadors:practice_edit", slug=practice.slug)
    messages.success(request, _("Het concept ‘%(title)s’ is verwijderd.") % {"title": practice.title})
    return redirect("ambassadors:my_practices")


@login_required
@require_POST
def material_remove(request, pk):
    _require_ambassador(request)
    material = get_object_or_404(selectors.materials_editable_by(request.user), pk=pk)
    services.remove_material(material, by=request.user)
    messages.success(request, _("‘%(title)s’ is verwijderd.") % {"title": material.title})
    return redirect("ambassadors:practice_edit", slug=material.practice.slug)


@require_GET
def material_download(request, pk):
    material = get_object_or_404(selectors.materials_visible_to(request.user), pk=pk)
    return serve_upload(material.file, filename=material.original_name)
