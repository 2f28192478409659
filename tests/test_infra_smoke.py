"""The test infrastructure itself: real services in CI, the services plugin's promises, Chromium, axe-core."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.db import connection
from playwright.sync_api import expect

from tests.services import pg_bindir, require_services, services_info

ROOT = Path(__file__).resolve().parent.parent
HEADER = re.compile(r"^lobmatch services: database (?P<db>.*?); redis (?P<redis>.*?)(?: \(in (?P<workdir>\S+)\))?$",
                    re.MULTILINE)


@pytest.mark.django_db
def test_database_is_postgresql_when_services_are_required():
    if require_services():
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor in ("postgresql", "sqlite")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_cache_is_redis_when_services_are_required():
    if require_services():
        assert type(caches["default"]).__name__ == "RedisCache"
        cache.set("ping", "pong", 10)
        assert cache.get("ping") == "pong"
    else:
        assert os.environ.get("REDIS_URL") or type(caches["default"]).__name__ == "LocMemCache"


def test_services_info_names_what_this_run_uses():
    info = services_info()  # filled in the controller; an xdist worker only inherits the environment
    assert set(info) >= {"database", "redis", "workdir"}
    if require_services():
        assert os.environ["DATABASE_URL"].startswith("postgres://")
        assert os.environ["REDIS_URL"].startswith("redis://")


def test_the_real_redis_answers_a_raw_client_and_keeps_celery_apart_from_the_cache(redis_url):
    import redis

    client = redis.Redis.from_url(redis_url)
    assert client.ping() is True
    assert redis_url.count("/") == 2, "TEST_REDIS_URL names the server; each user picks its own database"
    # Tasks stay eager in tests: a test that wants a real broker builds its URL from TEST_REDIS_URL.
    from django.conf import settings

    assert settings.CELERY_TASK_ALWAYS_EAGER is True


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_page_in_chromium_is_dutch_and_accessible(live_server, page, assert_accessible):
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.locator("h1").first).to_have_text(re.compile(r"^LOB Ambassadeurs"))
    assert_accessible(page)


# --- the services plugin itself, run as a separate pytest so it starts (or fails to start) its own servers ---

def _empty_path(tmp_path: Path) -> str:
    (tmp_path / "bin").mkdir(exist_ok=True)
    return str(tmp_path / "bin")


def _clean_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PYTEST_") and k not in (
               "DATABASE_URL", "REDIS_URL", "TEST_REDIS_URL", "LOBMATCH_TEST_SERVICES_STARTED", "REQUIRE_SERVICES")}
    env.update(extra)
    return env


def _inner_pytest(tmp_path: Path, body: str, env: dict[str, str]) -> subprocess.Popen:
    test_file = tmp_path / "test_inner.py"
    test_file.write_text(body)
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
         "-p", "no:cacheprovider", "-p", "no:xdist", "-s", str(test_file)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _port_open(url: str) -> bool:
    port = int(re.search(r"127\.0\.0\.1:(\d+)", url).group(1))
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _have_servers() -> bool:
    have = pg_bindir() is not None and shutil.which("redis-server") is not None
    if not have and require_services():
        pytest.fail("REQUIRE_SERVICES=1 but the PostgreSQL or Redis server binaries are missing")
    return have


def test_required_service_that_is_missing_is_an_error_not_a_skip(tmp_path):
    """No redis-server on PATH: with REQUIRE_SERVICES=1 pytest stops with a usage error before running anything."""
    env = _clean_env(PATH=_empty_path(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
                     REQUIRE_SERVICES="1")
    out, _ = _inner_pytest(tmp_path, "def test_never_runs():\n    raise AssertionError\n", env).communicate(timeout=120)
    assert "REQUIRE_SERVICES=1 but a service could not be started" in out
    assert "Redis: redis-server not found" in out
    assert "test_never_runs" not in out


def test_missing_service_falls_back_to_local_memory_without_require_services(tmp_path):
    env = _clean_env(PATH=_empty_path(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    body = ("from django.conf import settings\n"
            "def test_locmem():\n"
            "    assert 'LocMem' in settings.CACHES['default']['BACKEND']\n")
    proc = _inner_pytest(tmp_path, body, env)
    out, _ = proc.communicate(timeout=120)
    assert proc.returncode == 0, out
    assert "redis none (local-memory cache; Redis not started: redis-server not found)" in out
    assert "database from DATABASE_URL" in out


@pytest.mark.services
@pytest.mark.parametrize("how", ["normal exit", "SIGTERM"])
def test_throwaway_servers_are_stopped_and_deleted_at_the_end(tmp_path, how):
    if not _have_servers():
        pytest.skip("no PostgreSQL or Redis server binaries on this machine")
    body = ("import os, time\n"  # no database access: creating the test database would cost all migrations
            "def test_uses_them():\n"
            "    assert os.environ['DATABASE_URL'].startswith('postgres://')\n"
            "    print('READY', flush=True)\n"
            f"    time.sleep({60 if how == 'SIGTERM' else 0})\n")
    proc = _inner_pytest(tmp_path, body, _clean_env(REQUIRE_SERVICES="1"))
    lines = []
    deadline = time.monotonic() + 120
    for line in proc.stdout:
        lines.append(line)
        if "READY" in line:
            break
        assert time.monotonic() < deadline, "".join(lines)
    header = HEADER.search("".join(lines))
    assert header, "".join(lines)
    db_url, redis_url, workdir = header["db"], header["redis"], Path(header["workdir"])
    assert "postgresql (throwaway" in db_url and "redis (throwaway" in redis_url
    assert _port_open(db_url) and _port_open(redis_url) and workdir.is_dir()
    if how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=120)
    if how == "normal exit":
        assert proc.returncode == 0, "".join(lines) + rest
    assert not _port_open(db_url), "PostgreSQL still listening"
    assert not _port_open(redis_url), "Redis still listening"
    assert not workdir.exists(), f"{workdir} left behind"
