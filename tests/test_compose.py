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
