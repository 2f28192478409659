"""Throwaway PostgreSQL and Redis for the test suite (a pytest plugin, loaded with ``-p tests.services``).

Before pytest-django reads the settings, this starts a private PostgreSQL cluster and a Redis server in a temporary
directory when their server binaries are on the machine, and points ``DATABASE_URL`` and ``REDIS_URL`` at them
(``TEST_REDIS_URL`` too, for tests that need a real broker). Without the binaries the suite runs on SQLite with a
local-memory cache. With ``REQUIRE_SERVICES=1`` a missing or failing service is an error, never a skip.
An explicitly set ``DATABASE_URL`` is respected. Under pytest-xdist only the controller starts the servers; the
workers inherit the environment.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

_started: list[tuple[str, object]] = []
_info: dict[str, str] = {"database": "sqlite (embedded)", "redis": "none (local-memory cache)"}


def services_info() -> dict[str, str]:
    return dict(_info)


def require_services() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "") not in ("", "0", "false", "no")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bindir() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _as_pg_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


def _start_postgres(workdir: Path) -> str:
    bindir = _pg_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    data, port = workdir / "pg", _free_port()
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    subprocess.run(_as_pg_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"]),
                   check=True, capture_output=True)
    options = (f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_pg_user([str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", "60",
                                "-l", str(workdir / "pg.log"), "-o", options, "start"]),
                   check=True, capture_output=True)
    _started.append(("postgres", (bindir, data)))
    return f"postgres://postgres@127.0.0.1:{port}/lobmatch"


def _stop_postgres(bindir: Path, data: Path) -> None:
    subprocess.run(_as_pg_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                   capture_output=True)


def _start_redis(workdir: Path) -> str:
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server not found")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        raise RuntimeError("redis-server did not answer within 15 s")
    _started.append(("redis", proc))
    return f"redis://127.0.0.1:{port}"


def _stop_all() -> None:
    while _started:
        kind, handle = _started.pop()
        try:
            if kind == "postgres":
                _stop_postgres(*handle)
            else:
                handle.terminate()
                handle.wait(timeout=10)
        except Exception:  # noqa: BLE001, S110 - best effort at exit
            pass


def _start_services() -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the controller started them; the environment came with the worker
    if os.environ.get("LOBMATCH_TEST_SERVICES_STARTED"):
        return
    strict = require_services()
    workdir = Path(tempfile.mkdtemp(prefix="lobmatch-test-services-"))
    os.chmod(workdir, 0o755)  # noqa: S103 - the postgres user must reach its socket directory
    atexit.register(shutil.rmtree, workdir, True)
    atexit.register(_stop_all)
    errors = []
    if not os.environ.get("DATABASE_URL"):
        try:
            os.environ["DATABASE_URL"] = _start_postgres(workdir)
            _info["database"] = f"postgresql (throwaway, {os.environ['DATABASE_URL']})"
        except (FileNotFoundError, subprocess.CalledProcessError, OSError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            errors.append(f"PostgreSQL: {exc} {detail.decode(errors='replace')[-500:]}")
    else:
        _info["database"] = f"from DATABASE_URL ({os.environ['DATABASE_URL'].split('@')[-1]})"
    if not os.environ.get("REDIS_URL"):
        try:
            url = _start_redis(workdir)
            os.environ["REDIS_URL"] = f"{url}/1"
            os.environ["TEST_REDIS_URL"] = url
            _info["redis"] = f"redis (throwaway, {url})"
        except (FileNotFoundError, RuntimeError, OSError) as exc:
            errors.append(f"Redis: {exc}")
    else:
        os.environ.setdefault("TEST_REDIS_URL", os.environ["REDIS_URL"].rsplit("/", 1)[0])
        _info["redis"] = "from REDIS_URL"
    os.environ["LOBMATCH_TEST_SERVICES_STARTED"] = "1"
    if errors and strict:
        _stop_all()
        raise pytest.UsageError("REQUIRE_SERVICES=1 but a service could not be started:\n  " + "\n  ".join(errors))


@pytest.hookimpl(hookwrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # Runs before pytest-django's own hook reads the settings (and so DATABASE_URL).
    _start_services()
    yield


def pytest_report_header(config):
    return [f"lobmatch services: database {_info['database']}; redis {_info['redis']}"]


def pytest_unconfigure(config):
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        _stop_all()
