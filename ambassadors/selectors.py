"""Good-practice queries, scoped per user, with full-text search and facet counts."""

from __future__ import annotations

from collections import Counter

from django.db import connections
from django.db.models import CharField, Prefetch, Q, QuerySet, Value
from django.urls import reverse

from lobmatch import textsearch
from lobmatch.models import Province, Role, SchoolType, Theme
from lobmatch.roles import has_role

from .models import AmbassadorSchool, GoodPractice, Material


def _base() -> QuerySet[GoodPractice]:
    return GoodPractice.objects.select_related("ambassador__school").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("order")),
        Prefetch("school_types", queryset=SchoolType.objects.order_by("order")),
    )


def practices_visible_to(user) -> QuerySet[GoodPractice]:
    """Published practices of taking-part schools for everyone; an ambassador also sees its own (drafts, or of a
    deactivated school); staff see everything."""
    qs = _base()
    if has_role(user, Role.STAFF):
        return qs
    scope = Q(status=GoodPractice.Status.PUBLISHED, ambassador__active=True)
    if has_role(user, Role.AMBASSADOR):
        scope |= Q(ambassador__contacts=user)
    return qs.filter(scope).distinct()


def practices_editable_by(user) -> QuerySet[GoodPractice]:
    if has_role(user, Role.STAFF):
        return _base()
    if not has_role(user, Role.AMBASSADOR):
        return GoodPractice.objects.none()
    return _base().filter(ambassador__contacts=user)


def materials_editable_by(user) -> QuerySet[Material]:
    """The materials of the practices ``user`` may edit (their own school's; staff every one)."""
    return Material.objects.filter(practice__in=practices_editable_by(user)).select_related("practice")


def ambassador_schools_of(user) -> QuerySet[AmbassadorSchool]:
    if not has_role(user, Role.AMBASSADOR):
        return AmbassadorSchool.objects.none()
    return AmbassadorSchool.objects.filter(contacts=user).select_related("school")


def published_practices() -> QuerySet[GoodPractice]:
    """Public: published, of an ambassador school that takes part (a deactivated school is not matched either)."""
    return _base().filter(status=GoodPractice.Status.PUBLISHED, ambassador__active=True)


def search(qs: QuerySet[GoodPractice], query: str, *, ranked: bool = True) -> QuerySet[GoodPractice]:
    """Practices with every word of ``query`` in one of its Dutch word forms ("stages" finds "stage", "mentoren"
    finds "mentor"; ``lobmatch.textsearch``) or at the start of a compound ("loopbaan" finds "loopbaandossier"),
    or in the school's name or place as typed. The same match on SQLite and
    PostgreSQL; PostgreSQL also ranks by its weighted Dutch full-text search (unless ``ranked`` is False: the
    rank builds every found practice's text vector, which counting them does not need)."""
    query = (query or "").strip()[:200]
    terms = textsearch.query_terms(query)
    if not terms:
        return qs.order_by("title")
    qs = qs.filter(stemmed_match(terms))
    if not ranked or connections[qs.db].vendor != "postgresql":
        return qs.order_by("title")
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    # The school's place ranks with the title: "Leiden" puts a Leiden school's practices above one whose text has
    # "leidt" (the same Dutch stem).
    vector = (
        SearchVector("title", "ambassador__school__city", weight="A", config="dutch")
        + SearchVector("summary", "tips", "ambassador__school__name", weight="B", config="dutch")
        + SearchVector("description", "principles", "region", weight="C", config="dutch")
    )
    # Any of the words ranks (a practice found through the other stemmer only ranks last, by title).
    rank_query = SearchQuery(" or ".join(word for word, _ in terms), config="dutch", search_type="websearch")
    return qs.annotate(rank=SearchRank(vector, rank_query)).order_by("-rank", "title")


# A stem this long also finds the Dutch compounds it begins ("loopbaan" finds "loopbaandossier"); a shorter one
# only itself ("les" would find "lesbrief" but also "lest" and "leslie").
PREFIX_FROM = 4


def stemmed_match(terms) -> Q:
    """Every word: one of its stems in the stored stemmed text (as a word, or as the start of one when the stem
    has PREFIX_FROM letters or more), or the word in the school's name or place."""
    condition = Q()
    for word, stems in terms:
        word_q = Q(ambassador__school__name__icontains=word) | Q(ambassador__school__city__icontains=word)
        for stem in sorted(stems):
            word_q |= Q(search_text__contains=f" {stem}" if len(stem) >= PREFIX_FROM else f" {stem} ")
        condition &= word_q
    return condition


def apply_filters(qs: QuerySet[GoodPractice], *, themes=(), types=(), provinces=()) -> QuerySet[GoodPractice]:
    """Combine filters: within one group any value may match (OR); groups combine with AND. ``themes`` and
    ``types`` are ids, ``provinces`` codes. The same rule as :func:`filter_and_count`, in SQL."""
    if themes:
        qs = qs.filter(pk__in=GoodPractice.themes.through.objects.filter(theme_id__in=themes)
                       .values("goodpractice_id"))
    if types:
        qs = qs.filter(pk__in=GoodPractice.school_types.through.objects.filter(schooltype_id__in=types)
                       .values("goodpractice_id"))
    if provinces:
        qs = qs.filter(province__in=provinces)
    return qs


def filter_and_count(found: list[tuple[int, str]], *, themes=frozenset(), types=frozenset(),
                     provinces=frozenset()) -> tuple[list[int], dict[str, Counter]]:
    """The practices ``found`` (ids and provinces, in the search's order) that pass the ticked filters, and the
    count beside every filter value. Within a group any ticked value may match (OR); groups combine (AND). So a
    group's counts are taken over the practices that pass the *other* groups' filters: what ticking that value
    shows. A group never hides its own other values (after ticking Friesland, Groningen can still be added), and
    a value the search lacks is not offered. ``themes`` and ``types`` are ids, ``provinces`` codes.

    One query, whatever is ticked: the themes and school types of every published practice off the link tables (a
    catalogue holds a few hundred; a list of the found ids took PostgreSQL longer to plan than the rows to read);
    the filtering and counting is done here."""
    themes_of: dict[int, set] = {}
    types_of: dict[int, set] = {}

    def rows(kind, through, column):
        # the kind as text: an integer Value gets a converter called on every row (a third of the time)
        return (through.objects.filter(goodpractice__status=GoodPractice.Status.PUBLISHED).order_by()
                .values_list(Value(kind, output_field=CharField()), "goodpractice_id", column))

    for kind, pk, value in rows("t", GoodPractice.themes.through, "theme_id").union(
            rows("s", GoodPractice.school_types.through, "schooltype_id"), all=True):
        (themes_of if kind == "t" else types_of).setdefault(pk, set()).add(value)
    wanted = (set(themes), set(types), set(provinces))
    counts = (Counter(), Counter(), Counter())
    kept, empty = [], set()
    for pk, province in found:
        values = (themes_of.get(pk, empty), types_of.get(pk, empty), {province})
        ok = [not want or not want.isdisjoint(have) for want, have in zip(wanted, values, strict=True)]
        if all(ok):
            kept.append(pk)
        for group in range(3):  # the practice counts in a group when it passes the other two groups' filters
            if ok[(group + 1) % 3] and ok[(group + 2) % 3]:
                counts[group].update(values[group])
    return kept, dict(zip(("themes", "types", "provinces"), counts, strict=True))


def catalogue_cards(ids: list[int], themes: list[Theme]) -> list[GoodPractice]:
    """The practices ``ids`` in that order, as the catalogue's cards show them: with ``url``, ``school_name``,
    ``place`` and ``theme_labels`` (in the themes' order) set here, once, instead of per card in the template. Only
    the columns the cards show; the themes from the page's own list by their links."""
    practices = GoodPractice.objects.filter(pk__in=ids).select_related("ambassador__school").only(
        "title", "slug", "summary", "ambassador__school__name", "ambassador__school__city",
        "ambassador__school__province").in_bulk()
    links: dict[int, set[int]] = {}
    for practice_id, theme_id in GoodPractice.themes.through.objects.filter(goodpractice_id__in=ids).values_list(
            "goodpractice_id", "theme_id"):
        links.setdefault(practice_id, set()).add(theme_id)
    labels = [(t.pk, t.label) for t in themes]
    # Every card's address is the detail address with its slug: reversed once (the placeholder is no slug's).
    url = reverse("ambassadors:practice_detail", kwargs={"slug": "0slug0"})
    cards = []
    for pk in ids:
        if pk in practices:
            practice = practices[pk]
            school = practice.ambassador.school
            practice.url = url.replace("0slug0", practice.slug)
            practice.school_name, practice.place = school.name, school.place
            practice.theme_labels = [label for theme_id, label in labels if theme_id in links.get(pk, ())]
            cards.append(practice)
    return cards


def province_choices():
    return Province.choices


def own_practices(user) -> QuerySet[GoodPractice]:
    """The practices of the ambassador's own schools, by title."""
    return _base().filter(ambassador__in=ambassador_schools_of(user)).order_by("title")


def materials_visible_to(user) -> QuerySet[Material]:
    return Material.objects.filter(practice__in=practices_visible_to(user).values("pk")).select_related("practice")
