"""Transport and browser security: CSP without inline code, secure headers, production settings (`check --deploy`),
session expiry, error pages without stack traces, login rate limits (the admin's too), CSRF and upload sniffing."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import path, reverse

import lobmatch.urls
from lobmatch import views as core_views
from lobmatch.models import Role
from lobmatch.uploads import sniff
from tests.factories import TrancheFactory, UserFactory

ROOT = Path(settings.BASE_DIR)
PASSWORD = "correct horse battery"  # the factories' password

# --- a test URLconf: the project's URLs plus one view that fails -----------------------------------------------


def _boom(request):
    raise RuntimeError("secret-internal-detail-4711")


urlpatterns = [path("boom/", _boom), *lobmatch.urls.urlpatterns]
handler400, handler403 = core_views.error_400, core_views.error_403
handler404, handler500 = core_views.error_404, core_views.error_500


# --- CSP -----------------------------------------------------------------------------------------------------------

def _csp(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/good-practices/", "/aanmelden/", "/accounts/login/", "/privacy/"])
def test_every_page_sends_a_strict_csp(client, url):
    TrancheFactory()  # the application intro needs an open tranche
    response = client.get(url)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "no inline or eval'd scripts, no third-party hosts"
    assert csp["style-src"] == ["'self'"], "no inline styles"
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_logged_in_pages_and_the_admin_send_the_csp_too(client):
    client.force_login(UserFactory(roles=[Role.SCHOOL_CONTACT]))
    assert _csp(client.get(reverse("start")))["script-src"] == ["'self'"]
    assert "Content-Security-Policy" in client.get("/admin/login/").headers


def _served_templates() -> list[Path]:
    """Every HTML template a browser may receive. Email bodies and WeasyPrint print templates never reach one."""
    dirs = [ROOT / "templates", *ROOT.glob("*/templates")]
    found = []
    for d in dirs:
        for f in d.rglob("*.html"):
            rel = f.relative_to(d).as_posix()
            if rel.startswith(("emails/", "reports/")):
                continue
            found.append(f)
    return sorted(found)


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def test_the_scan_finds_templates():
    names = {f.name for f in _served_templates()}
    assert {"base.html", "404.html", "practice_list.html"} <= names


def test_the_scan_catches_what_it_is_meant_to_catch():
    assert SCRIPT_TAG.search('<script>alert(1)</script>')
    assert EVENT_HANDLER.search('<button type="button"\n  onclick="go()">')
    assert STYLE_ATTR.search('<div class="x" style="color:red">')
    assert not EVENT_HANDLER.search('<a href="/" data-confirm="x">') and not STYLE_ATTR.search('<link rel="stylesheet">')


@pytest.mark.parametrize("template", _served_templates(), ids=lambda f: f.relative_to(ROOT).as_posix())
def test_templates_contain_no_inline_script_handler_or_style(template):
    text = template.read_text(encoding="utf-8")
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        attrs = match.group(1)
        if "src=" not in attrs and "application/json" not in attrs and "application/ld+json" not in attrs:
            problems.append(f"inline <script> at offset {match.start()}")
    problems += [f"inline event handler: {m.group(0)[-40:]!r}" for m in EVENT_HANDLER.finditer(text)]
    problems += [f"style attribute: {m.group(0)[-40:]!r}" for m in STYLE_ATTR.finditer(text)]
    problems += [f"<style> element at offset {m.start()}" for m in STYLE_TAG.finditer(text)]
    problems += [f"javascript: URL: {m.group(0)!r}" for m in JAVASCRIPT_URL.finditer(text)]
    assert not problems, f"{template}: the CSP blocks these; move them to static/js or static/css: {problems}"


# --- other headers -------------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/good-practices/", "/healthz/"])
def test_secure_headers(client, url):
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


# --- production settings -------------------------------------------------------------------------------------------

def _production_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "SECURE_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "lobmatch.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "lob-match.example.org",
        "DATABASE_URL": "sqlite:////tmp/lobmatch-deploy-check.sqlite3",
        **extra,
    })
    return env


def _deploy_check(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _deploy_check(_production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_on_insecure_settings():
    """The check above is worth something: the development settings do not pass it."""
    env = _production_env(DJANGO_SETTINGS_MODULE="lobmatch.settings.base")
    result = _deploy_check(env)
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # no HSTS


def test_production_settings_values(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(64))
    monkeypatch.setenv("ALLOWED_HOSTS", "lob-match.example.org")
    sys.modules.pop("lobmatch.settings.production", None)
    try:
        prod = importlib.import_module("lobmatch.settings.production")
    finally:
        sys.modules.pop("lobmatch.settings.production", None)
    assert prod.DEBUG is False
    assert prod.SECURE_HSTS_SECONDS >= 31_536_000 and prod.SECURE_HSTS_INCLUDE_SUBDOMAINS
    assert prod.SECURE_SSL_REDIRECT and prod.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE and prod.SESSION_COOKIE_HTTPONLY
    assert prod.SESSION_COOKIE_NAME.startswith("__Host-") and prod.CSRF_COOKIE_NAME.startswith("__Host-")
    assert prod.SESSION_EXPIRE_AT_BROWSER_CLOSE and prod.SESSION_COOKIE_AGE <= 12 * 3600
    assert prod.LOBMATCH_REQUIRE_MFA is True


@pytest.mark.django_db
def test_hsts_is_sent_over_https_in_production_shape(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    plain = client.get("/healthz/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/healthz/", headers={"x-forwarded-proto": "https"})
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- sessions ------------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_session_ends_with_the_browser_and_expires_on_the_server(client):
    UserFactory(email="sessie@example.org", roles=[Role.SCHOOL_CONTACT])
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client.post(reverse("account_login"), {"login": "sessie@example.org", "password": PASSWORD})
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        assert not cookie["expires"] and not cookie["max-age"], "a session cookie, gone when the browser closes"
        assert cookie["httponly"]
        assert client.get(reverse("start")).status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60), tick=False):
        assert client.get(reverse("start")).status_code == 200
    with time_machine.travel(start + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60), tick=False):
        response = client.get(reverse("start"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


# --- error pages ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_server_error_page_leaks_no_stack_trace(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Er ging iets mis" in body
    for leak in ("Traceback", "secret-internal-detail-4711", "RuntimeError", 'File "', str(ROOT), "settings"):
        assert leak not in body, leak
    assert response["Content-Security-Policy"]


@pytest.mark.django_db
def test_not_found_page_is_in_house_style_and_leaks_nothing(client):
    response = client.get("/bestaat-niet/<script>x</script>/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body
    assert 'class="skip-link"' in body and "css/lobmatch.css" in body, "the site's own layout"
    assert "Using the URLconf" not in body and "<script>x</script>" not in body and "urlpatterns" not in body.lower()


@pytest.mark.django_db
def test_forbidden_page_is_in_house_style(client):
    client.force_login(UserFactory(roles=[Role.SCHOOL_CONTACT]))
    response = client.get(reverse("trajectories:finance_claims"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "css/lobmatch.css" in body and "Traceback" not in body and "PermissionDenied" not in body


# --- login rate limits ---------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_failed_logins_lock_the_account_even_with_the_right_password(client):
    UserFactory(email="petra@example.org")
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "petra@example.org", "password": "fout-fout"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": "petra@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    # A colleague's account at the same address (one school network) is not locked by these five; the per-address
    # limit comes later (tests/security/test_login_rate_limits.py).
    UserFactory(email="karel@example.org")
    response = client.post(reverse("account_login"), {"login": "karel@example.org", "password": PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_many_login_attempts_from_one_address_get_429(client):
    for _ in range(40):
        response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "y"})
        if response.status_code == 429:
            break
    assert response.status_code == 429


@pytest.mark.django_db
def test_admin_login_is_the_rate_limited_allauth_login(client):
    UserFactory(email="staf@example.org", roles=[Role.STAFF])
    # The admin's own login form never authenticates: it sends everyone to allauth.
    response = client.post("/admin/login/?next=/admin/", {"username": "staf@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    login_url = response["Location"]
    for _ in range(5):
        client.post(login_url, {"login": "staf@example.org", "password": "fout-fout"})
    client.post(login_url, {"login": "staf@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session, "five failures lock the admin account as well"


@pytest.mark.django_db
def test_password_reset_is_rate_limited(client):
    UserFactory(email="reset@example.org")
    codes = [client.post(reverse("account_reset_password"), {"email": "reset@example.org"}).status_code
             for _ in range(8)]
    assert 429 in codes


# --- CSRF ----------------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_posts_without_a_csrf_token_are_refused():
    user = UserFactory(email="csrf@example.org", roles=[Role.FINANCE])
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("account_login"), {"login": "csrf@example.org", "password": PASSWORD}).status_code == 403
    client.force_login(user)
    assert client.post(reverse("account_logout")).status_code == 403
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 403


@pytest.mark.django_db
def test_posts_with_the_csrf_token_are_accepted():
    UserFactory(email="csrf@example.org")
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("account_login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(reverse("account_login"),
                           {"login": "csrf@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and "_auth_user_id" in client.session


# --- uploads -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("content", [
    b"<html><script>alert(1)</script></html>",
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,
    b"#!/bin/sh\nrm -rf /\n",
])
def test_uploads_are_judged_by_their_content_not_their_name(content):
    with pytest.raises(ValidationError) as info:
        sniff(SimpleUploadedFile("plan.pdf", content, content_type="application/pdf"))
    assert info.value.code == "bad_type"


def test_a_real_pdf_is_accepted_and_an_oversized_one_refused(settings):
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n")
    assert sniff(pdf) == "application/pdf"
    settings.LOBMATCH_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as info:
        sniff(pdf)
    assert info.value.code == "too_large"
