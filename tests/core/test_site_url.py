"""Absolute links in mails and calendar files use ``SITE_URL``; ``make run`` sets it to the server it starts, so a
demo on another port mails links to that port (production sets ``SITE_URL`` itself)."""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from lobmatch.mailing import render_message
from lobmatch.models import OutboxMessage, Role
from partners import services as partner_service
from tests.factories import MeetingFactory, ReimbursementClaimFactory, UserFactory
from tests.partners.helpers import complete_draft
from trajectories.ics import meeting_ics
from trajectories.services import claims as claim_service

ROOT = Path(__file__).resolve().parent.parent.parent
SITE = "http://127.0.0.1:8123"


def test_make_run_sets_site_url_from_its_host_and_port(tmp_path):
    """The real Makefile, with a stand-in for the virtualenv's python that records what it was started with."""
    record = tmp_path / "calls.txt"
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\necho "$* | $SITE_URL | DEBUG=$DEBUG MFA=$LOBMATCH_REQUIRE_MFA" >> "{record}"\n')
    python.chmod(0o755)
    stamp = tmp_path / "stamp"
    stamp.touch()  # newer than pyproject.toml: nothing to install
    env = {**os.environ, "SITE_URL": "https://lobmatch.example.org"}  # production's value must not leak into the demo
    result = subprocess.run([shutil.which("make") or "make", "run", "PORT=8123", f"PY={python}", f"STAMP={stamp}"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert record.read_text().splitlines() == [
        f"manage.py migrate --noinput | {SITE} | DEBUG=1 MFA=0",
        f"manage.py demo_data | {SITE} | DEBUG=1 MFA=0",
        f"manage.py runserver 127.0.0.1:8123 | {SITE} | DEBUG=1 MFA=0",
    ]
    assert f"{SITE}/" in result.stdout


def rendered(template: str) -> str:
    message = OutboxMessage.objects.filter(payload__template=template).latest("pk")
    mail = render_message({**message.payload, "attachments": []})  # (the links, not the attached PDF)
    return mail.body + "\n".join(content for content, _mime in mail.alternatives)


@pytest.mark.django_db
def test_links_in_mails_and_calendar_files_use_site_url(settings):
    settings.SITE_URL = SITE
    application = complete_draft()
    partner_service.submit(application, by=application.created_by)
    claim = ReimbursementClaimFactory(status="submitted", amount=Decimal("100"))
    claim_service.decide(claim, approve=False, reason="uren kloppen niet", by=UserFactory(roles=[Role.FINANCE]))
    meeting = MeetingFactory()

    confirmation = rendered("application_confirmation")
    decision = rendered("claim_decided")
    _name, ics, _mime = meeting_ics(meeting)

    assert f"{SITE}/aanmelden/{application.pk}/" in confirmation
    assert f"{SITE}/trajecten/{claim.trajectory_id}/declaratie/" in decision
    assert f"URL:{SITE}/trajecten/{meeting.trajectory_id}/" in ics.decode()
    assert ":8000" not in confirmation + decision + ics.decode()
