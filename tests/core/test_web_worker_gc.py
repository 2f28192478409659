"""The web worker sets the objects made at start-up aside from Python's cycle collector and lets the collector run
less often (lobmatch/wsgi.py): under load it took a tenth of every worker's time."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_loading_the_web_application_freezes_the_start_up_objects_and_raises_the_threshold(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lobmatch.settings.production", "SECRET_KEY": "k" * 60,
           "ALLOWED_HOSTS": "lobmatch.example.org", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "CELERY_BROKER_URL": "", "REDIS_URL": ""}
    out = subprocess.run(
        [sys.executable, "-c", "import gc, json; before = gc.get_freeze_count(); import lobmatch.wsgi; "
         "print(json.dumps([before, gc.get_freeze_count(), gc.get_threshold()]))"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    before, frozen, threshold = json.loads(out.stdout.strip().splitlines()[-1])
    assert before == 0
    assert frozen > 50_000  # Django, the apps and the URL conf: out of the collector's walk
    assert threshold == [10_000, 10, 10]
