"""Test settings: the database and Redis come from the throwaway servers of tests/services.py when present."""

import os

from .base import *  # noqa: F403

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEBUG = False
SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = ""
LOBMATCH_REQUIRE_MFA = False
MEDIA_ROOT = "/tmp/lobmatch-test-media"  # noqa: S108
ALLOWED_HOSTS = ["*"]
# The throwaway test database is dropped at the end: no connection may outlive its request (live-server threads).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# pytest-xdist workers share one throwaway Redis: give each worker its own database, because cache.clear()
# (between tests) flushes the whole database.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw"):  # noqa: F405
    _base = REDIS_URL.rsplit("/", 1)[0]  # noqa: F405
    CACHES = {"default": {"BACKEND": "lobmatch.cache.RedisCache",
                          "LOCATION": f"{_base}/{2 + int(_worker[2:]) % 14}"}}
