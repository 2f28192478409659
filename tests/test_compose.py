"""docker-compose.yml must stay a valid production shape even where no Docker engine runs (as in CI)."""

import re
from pathlib import Path

import yaml

COMPOSE = Path(__file__).resolve().parent.parent / "docker-compose.yml"
INTERPOLATION = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)(?::?[-?][^}]*)?\}")


def load():
    return yaml.safe_load(COMPOSE.read_text())


def test_has_the_production_services_with_healthchecks():
    services = load()["services"]
    assert set(services) >= {"web", "worker", "beat", "postgres", "redis", "migrate"}
    for name in ("web", "worker", "postgres", "redis"):
        assert "test" in services[name]["healthcheck"], name
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "lobmatch", "worker"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in services["beat"]["command"]


def test_app_services_share_the_image_and_production_settings():
    services = load()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        svc = services[name]
        assert svc["build"] == "." and svc["image"] == "lobmatch:latest"
        env = svc["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "lobmatch.settings.production"
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:")
        assert env["DATABASE_URL"].startswith("postgres://") and "@postgres:5432/" in env["DATABASE_URL"]
        assert env["SECRET_KEY"].startswith("${SECRET_KEY:?"), "the secret must come from the environment"


def test_dependencies_point_at_existing_services_with_valid_conditions():
    services = load()["services"]
    conditions = {"service_started", "service_healthy", "service_completed_successfully"}
    for name, svc in services.items():
        for dep, spec in (svc.get("depends_on") or {}).items():
            assert dep in services, f"{name} depends on unknown {dep}"
            assert spec["condition"] in conditions
            if spec["condition"] == "service_healthy":
                assert "healthcheck" in services[dep], f"{dep} has no healthcheck"
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_named_volumes_are_declared_and_interpolations_are_well_formed():
    data = load()
    declared = set(data["volumes"])
    for svc in data["services"].values():
        for volume in svc.get("volumes", []):
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in declared
    text = COMPOSE.read_text()
    assert text.count("${") == len(INTERPOLATION.findall(text))


def test_dockerfile_builds_what_compose_runs():
    dockerfile = (COMPOSE.parent / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11" in dockerfile
    assert "libharfbuzz-subset0" in dockerfile and "collectstatic" in dockerfile
    assert "USER lobmatch" in dockerfile


def test_the_web_healthcheck_passes_against_the_production_settings(tmp_path):
    """Run the compose healthcheck's own Python against a WSGI server with the production settings: the probe
    goes over plain HTTP to 127.0.0.1 with the site's host name, and must get 200 (not a 400 for the host, nor a
    301 to HTTPS)."""
    import os
    import socket
    import subprocess
    import sys
    import time

    snippet = load()["services"]["web"]["healthcheck"]["test"][-1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "lobmatch.settings.production", "SECRET_KEY": "k" * 60,
           "ALLOWED_HOSTS": "lobmatch.example.org,www.lobmatch.example.org",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "CELERY_BROKER_URL": "", "REDIS_URL": ""}
    server = subprocess.Popen(
        [sys.executable, "-c", "import django.core.wsgi as w, wsgiref.simple_server as s; "
         f"s.make_server('127.0.0.1', {port}, w.get_wsgi_application()).serve_forever()"],
        env=env, cwd=COMPOSE.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        probe = snippet.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        for _ in range(100):
            result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
            if result.returncode == 0 or "Connection refused" not in result.stderr:
                break
            time.sleep(0.1)
        assert result.returncode == 0, result.stderr[-2000:]
        without_host = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                      env={**env, "ALLOWED_HOSTS": "localhost"})
        assert without_host.returncode != 0  # a wrong host is refused: the probe really checks the host
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_cache_is_its_own_bounded_redis_in_memory_only():
    """Rendered pages hold personal data and the broker must never lose a queue to eviction: the cache is a
    second Redis with a memory limit that evicts only entries with a lifetime, and writes nothing to disk."""
    services = load()["services"]
    command = services["cache"]["command"]
    assert command[command.index("--appendonly") + 1] == "no" and command[command.index("--save") + 1] == ""
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru" and "--maxmemory" in command
    assert "volumes" not in services["cache"]
    for name in ("web", "worker", "beat", "migrate"):
        env = services[name]["environment"]
        assert env["REDIS_URL"].startswith("redis://cache:") and env["CELERY_BROKER_URL"].startswith("redis://redis:")
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["cache"]["condition"] == "service_healthy"
