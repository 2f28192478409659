"""Reminders for draft applications: 7 days and 1 day before the tranche deadline, to the draft's author.

A pure function of ``now``; see :mod:`lobmatch.reminders` for the moments (09:00 Amsterdam time, calendar days,
DST-proof) and the catch-up windows. The deadline's moment is part of the dedupe key: when staff move a deadline,
the drafts are reminded of the new one.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from lobmatch.outbox import build_email, enqueue_messages
from lobmatch.reminders import before_series_window, key, register

from .models import PartnerApplication

DRAFT_SERIES = (7, 1)  # days before the deadline


@register("draft_applications")
def run_draft_reminders(now: dt.datetime | None = None) -> int:
    """Record the due deadline reminders for drafts; returns the number of messages recorded."""
    now = now or timezone.now()
    marker = 987654321
    edit_url = reverse("partners:edit", args=[marker]).replace(str(marker), "{}")
    messages = []
    for i, days in enumerate(DRAFT_SERIES):
        nxt = DRAFT_SERIES[i + 1] if i + 1 < len(DRAFT_SERIES) else None
        lo, hi = before_series_window(now, days, nxt)
        rows = (PartnerApplication.objects
                .filter(status=PartnerApplication.Status.DRAFT, tranche__application_deadline__gte=lo,
                        tranche__application_deadline__lt=hi, created_by__is_active=True)
                .values_list("pk", "tranche__name", "tranche__application_deadline", "school__name",
                             "created_by__email", "created_by__first_name", "created_by__language"))
        for pk, tranche, deadline, school, email, first, lang in rows.iterator(chunk_size=5000):
            if not email:
                continue
            messages.append(build_email(
                to=[email], template="reminder_draft_application",
                context={"days": days, "tranche": tranche, "deadline_at": deadline.isoformat(),
                         "school": school or "", "name": first, "url": edit_url.format(pk)},
                dedupe_key=key(f"draft-{days}d", f"application-{pk}", deadline, email), language=lang,
                not_after=deadline,
                still_due={"model": "partners.partnerapplication", "pk": pk, "status": "draft"},
            ))
    return enqueue_messages(messages)

