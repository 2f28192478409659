"""Throwaway PostgreSQL and Redis for the test suite (a pytest plugin, loaded with ``-p tests.services``).

Before pytest-django reads the settings, this starts a private PostgreSQL cluster and a Redis server in a temporary
directory when their server binaries are on the machine, and points ``DATABASE_URL`` and ``REDIS_URL`` at them
(``TEST_REDIS_URL`` too, for tests that need a real broker; Celery stays eager). Without the binaries the suite runs
on SQLite with a local-memory cache. With ``REQUIRE_SERVICES=1`` a missing or failing service is an error, never a
skip. An explicitly set ``DATABASE_URL`` or ``REDIS_URL`` is respected. Under pytest-xdist only the controller starts
the servers; the workers inherit the environment (one cluster: pytest-django gives each worker its own database).

The servers stop and their directory is deleted when pytest ends, also on Ctrl-C, SIGTERM or SIGHUP. Servers left
behind by a run that was killed outright (SIGKILL) are stopped by the next run.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

PREFIX = "lobmatch-test-services-"
_started: list[tuple[str, object]] = []
_info: dict[str, str] = {"database": "sqlite (embedded)", "redis": "none (local-memory cache)", "workdir": ""}


def services_info() -> dict[str, str]:
    """What this run uses: ``database``, ``redis`` (human-readable) and ``workdir`` (empty when nothing started)."""
    return dict(_info)


def require_services() -> bool:
    return os.environ.get("REQUIRE_SERVICES", "") not in ("", "0", "false", "no")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bindir() -> Path | None:
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
            candidates.append(Path(out.stdout.strip()))
        except (subprocess.SubprocessError, OSError):
            pass
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                         if p.parent.name.isdigit() else 0, reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    for candidate in candidates:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    return None


def _as_pg_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


# autovacuum off: a throwaway cluster needs no vacuum, and a background analyze would only take CPU from the tests.
TEST_SETTINGS = ("max_connections=200", "autovacuum=off")


def start_postgres(workdir: Path, name: str = "pg", *, settings: tuple[str, ...] = TEST_SETTINGS,
                   create_database: str | None = None) -> str:
    """A throwaway PostgreSQL cluster in ``workdir/name`` (fast and unsafe: no fsync), stopped by :func:`stop_all`;
    its URL names ``create_database`` (created here) or ``lobmatch`` (which Django's test runner prefixes).
    Also used by bench/run, with its own ``settings``."""
    bindir = pg_bindir()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found")
    data, port = workdir / name, free_port()
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    subprocess.run(_as_pg_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"]),
                   check=True, capture_output=True, timeout=120)
    options = " ".join([f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                        "-c full_page_writes=off", *(f"-c {setting}" for setting in settings)])
    _started.append(("postgres", (bindir, data)))  # before the start: a half-started server is stopped too
    subprocess.run(_as_pg_user([str(bindir / "pg_ctl"), "-D", str(data), "-w", "-t", "60",
                                "-l", str(workdir / f"{name}.log"), "-o", options, "start"]),
                   check=True, capture_output=True, timeout=120)
    if create_database:
        subprocess.run(_as_pg_user([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                                    create_database]), check=True, capture_output=True, timeout=60)
    return f"postgres://postgres@127.0.0.1:{port}/{create_database or 'lobmatch'}"


def _stop_postgres(bindir: Path, data: Path) -> None:
    if (data / "postmaster.pid").exists():
        subprocess.run(_as_pg_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-t", "30", "stop"]),
                       capture_output=True, timeout=60)


def start_redis(workdir: Path) -> str:
    """A throwaway Redis without persistence, answering PING; its URL without a database number."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise FileNotFoundError("redis-server not found")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    _started.append(("redis", proc))
    (workdir / "redis.pid").write_text(str(proc.pid))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"redis-server exited with code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    return f"redis://127.0.0.1:{port}"
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError("redis-server did not answer within 15 s")


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate a server we started, and kill it if it has not gone within ten seconds."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def stop_all() -> None:
    while _started:
        kind, handle = _started.pop()
        try:
            if kind == "postgres":
                _stop_postgres(*handle)
            else:
                stop_process(handle)
        except Exception:  # noqa: BLE001, S110 - best effort at exit
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _reap_stale() -> None:
    """Stop and delete the servers of earlier runs whose pytest process is gone (killed with SIGKILL, say)."""
    for workdir in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            owner = int((workdir / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # not ours to judge (or still being set up)
        if _alive(owner):
            continue
        bindir = pg_bindir()
        if bindir is not None:
            for data in workdir.glob("pg*"):
                if data.is_dir():
                    with contextlib.suppress(subprocess.SubprocessError, OSError):
                        _stop_postgres(bindir, data)
        try:
            pid = int((workdir / "redis.pid").read_text())
            if b"redis-server" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError):
            pass
        shutil.rmtree(workdir, ignore_errors=True)


def _exit_cleanly_on(signum: int) -> None:
    """Turn SIGTERM/SIGHUP into the KeyboardInterrupt path, so pytest unwinds and the servers are stopped."""
    if signal.getsignal(signum) is not signal.SIG_DFL:
        return

    def handler(received, frame):
        signal.signal(received, signal.SIG_DFL)
        raise KeyboardInterrupt(f"signal {received}")

    signal.signal(signum, handler)


def _start_services() -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return  # the controller started them; the environment came with the worker
    if os.environ.get("LOBMATCH_TEST_SERVICES_STARTED"):
        return  # a pytest run inside a pytest run: use the outer run's servers
    strict = require_services()
    need_db, need_redis = not os.environ.get("DATABASE_URL"), not os.environ.get("REDIS_URL")
    errors = []
    if need_db or need_redis:
        _reap_stale()
        workdir = Path(tempfile.mkdtemp(prefix=PREFIX))
        os.chmod(workdir, 0o755)  # noqa: S103 - the postgres user must reach its socket directory
        (workdir / "owner.pid").write_text(str(os.getpid()))
        _info["workdir"] = str(workdir)
        atexit.register(shutil.rmtree, workdir, True)
        atexit.register(stop_all)
        for signum in (signal.SIGTERM, signal.SIGHUP):
            _exit_cleanly_on(signum)
    if need_db:
        try:
            os.environ["DATABASE_URL"] = start_postgres(workdir)
            _info["database"] = f"postgresql (throwaway, {os.environ['DATABASE_URL']})"
        except (FileNotFoundError, subprocess.SubprocessError, OSError) as exc:
            detail = (getattr(exc, "stderr", b"") or b"").decode(errors="replace").strip()[-500:]
            errors.append(f"PostgreSQL: {exc} {detail}".strip())
            _info["database"] = f"sqlite (embedded; PostgreSQL not started: {exc})"
    else:
        _info["database"] = f"from DATABASE_URL ({os.environ['DATABASE_URL'].split('@')[-1]})"
    if need_redis:
        try:
            url = start_redis(workdir)
            os.environ["REDIS_URL"] = f"{url}/1"
            os.environ["TEST_REDIS_URL"] = url
            _info["redis"] = f"redis (throwaway, {url})"
        except (FileNotFoundError, RuntimeError, OSError) as exc:
            errors.append(f"Redis: {exc}")
            _info["redis"] = f"none (local-memory cache; Redis not started: {exc})"
    else:
        os.environ.setdefault("TEST_REDIS_URL", os.environ["REDIS_URL"].rsplit("/", 1)[0])
        _info["redis"] = "from REDIS_URL"
    if errors and strict:
        stop_all()
        raise pytest.UsageError("REQUIRE_SERVICES=1 but a service could not be started:\n  " + "\n  ".join(errors))
    os.environ["LOBMATCH_TEST_SERVICES_STARTED"] = "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # Runs before pytest-django's own hook reads the settings (and so DATABASE_URL).
    _start_services()
    yield


def pytest_report_header(config):
    where = f" (in {_info['workdir']})" if _info["workdir"] else ""
    return [f"lobmatch services: database {_info['database']}; redis {_info['redis']}{where}"]


def pytest_unconfigure(config):
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        stop_all()
