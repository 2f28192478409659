"""The web worker at start-up (lobmatch/wsgi.py): it does what Django would do on its first request, so the first
visitor does not wait for it, then sets the objects made so far aside from Python's cycle collector and lets the
collector run less often (under load it took a tenth of every worker's time)."""

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


FIRST_REQUEST = """
import io, json, os, sys
from lobmatch.wsgi import application
def target(fd):
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:  # the descriptor listdir itself used, closed by now
        return ""
fds = os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []  # Linux (CI); elsewhere not counted
sockets = [fd for fd in fds if target(fd).startswith("socket:")]
before = set(sys.modules)
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/healthz/", "SERVER_NAME": "lobmatch.example.org",
           "SERVER_PORT": "443", "HTTP_HOST": "lobmatch.example.org", "wsgi.url_scheme": "https",
           "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
status = []
b"".join(application(environ, lambda s, headers, exc_info=None: status.append(s)))
print(json.dumps([len(sockets), status[0], sorted(set(sys.modules) - before)]))
"""


def test_a_worker_is_ready_before_its_first_request(tmp_path):
    # Django imports the views, builds the URL lookups, sets up the template engine and imports the cache backend
    # (with the Redis client: 0.2 s) on the first request of each worker, unless the worker did it at start-up.
    # The suite's own PostgreSQL (its maintenance database) and Redis: a connection made at start-up would stay open.
    database = os.environ.get("DATABASE_URL", "")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lobmatch.settings.production", "SECRET_KEY": "k" * 60,
           "ALLOWED_HOSTS": "lobmatch.example.org", "CELERY_BROKER_URL": "",
           "DATABASE_URL": database.rsplit("/", 1)[0] + "/postgres" if database.startswith("postgres")
           else f"sqlite:///{tmp_path / 'db.sqlite3'}",  # (a run without PostgreSQL: no socket to open anyway)
           "REDIS_URL": os.environ.get("REDIS_URL") or "redis://127.0.0.1:9/0"}
    out = subprocess.run([sys.executable, "-c", FIRST_REQUEST], env=env, cwd=ROOT, capture_output=True, text=True,
                         check=True)
    sockets, status, imported = json.loads(out.stdout.strip().splitlines()[-1])
    # gunicorn --preload loads the application before it forks the workers: a connection opened meanwhile (to the
    # database, to Redis) would be shared by all of them.
    assert sockets == 0
    assert status == "200 OK"
    # What is left: the message and session storage, which Django imports when a request first uses them.
    assert len(imported) <= 5, imported
