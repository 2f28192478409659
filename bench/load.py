"""The deadline afternoon as a load: readers on every main page while schools save and submit drafts and an adviser
logs sessions at a steady rate. Only against 127.0.0.1, bounded in time and in requests.

    python bench/load.py PLAN.json CONNECTIONS SECONDS   -> JSON on stdout

PLAN.json (written by bench/run from ``measure.py setup``): ``base`` (http://127.0.0.1:PORT), ``pages`` (label,
path, cookie: the readers go round them, each connection starting elsewhere), ``schools`` (one writer each: path,
cookie, csrf, body with ``{round}`` in its motivation, the submit body) and ``adviser`` (path, cookie, csrf, body with
``{round}`` in its notes). Each school saves its draft every ``save_every`` seconds and submits it at the end; the
adviser logs every ``log_every`` seconds. What each writer last had accepted is returned, for bench/run to compare
with the database (nothing lost). Plain asyncio and sockets: no dependency, little CPU beside the server's.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from urllib.parse import urlsplit

MAX_REQUESTS = 200_000  # a bound whatever the duration
TIMEOUT = 30.0


async def request(host: str, port: int, method: str, path: str, cookie: str, body: str = "",
                  csrf: str = "") -> tuple[int, str, float]:
    """(status, Location header, seconds). Status 0: no answer (refused, reset, timed out)."""
    started = time.perf_counter()
    headers = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "Connection: close", "User-Agent: lobmatch-bench"]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    payload = body.encode()
    if method == "POST":
        headers += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(payload)}",
                    f"Referer: http://{host}:{port}{path}"]
        if csrf:
            headers.append(f"X-CSRFToken: {csrf}")
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), TIMEOUT)
        try:
            writer.write(("\r\n".join(headers) + "\r\n\r\n").encode() + payload)
            await writer.drain()
            data = await asyncio.wait_for(reader.read(-1), TIMEOUT)
        finally:
            writer.close()
    except (TimeoutError, OSError):
        return 0, "", time.perf_counter() - started
    seconds = time.perf_counter() - started
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    try:
        status = int(head[0].split()[1])
    except (IndexError, ValueError):
        return 0, "", seconds
    location = next((line.split(":", 1)[1].strip() for line in head[1:] if line.lower().startswith("location:")), "")
    return status, location, seconds


class Stats:
    def __init__(self):
        self.samples: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.error_examples: list[str] = []

    def add(self, label: str, seconds: float, ok: bool, detail: str = ""):
        self.samples.setdefault(label, []).append(seconds)
        if not ok:
            self.errors[label] = self.errors.get(label, 0) + 1
            if len(self.error_examples) < 10:
                self.error_examples.append(f"{label}: {detail}")

    def total(self) -> int:
        return sum(len(v) for v in self.samples.values())

    def summary(self, duration: float) -> dict:
        def pct(values, q):
            ordered = sorted(values)
            return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

        return {label: {"n": len(v), "rps": len(v) / duration, "p50": pct(v, 0.50), "p95": pct(v, 0.95),
                        "p99": pct(v, 0.99), "errors": self.errors.get(label, 0)}
                for label, v in self.samples.items()}


def remember(saved: dict, path: str, value: str, ok: bool, status: int) -> None:
    """What the database may hold for ``path``: the last save the server accepted, or one sent after it whose answer
    never came (status 0: the server may still have done it). Anything else there is a write lost."""
    if ok:
        saved[path] = [value]
    elif status == 0:
        saved.setdefault(path, [None]).append(value)


async def reader(n: int, plan: dict, host: str, port: int, stats: Stats, until: float):
    pages = plan["pages"]
    i = n % len(pages)
    while time.monotonic() < until and stats.total() < MAX_REQUESTS:
        label, path, cookie = pages[i]
        status, _location, seconds = await request(host, port, "GET", path, cookie)
        stats.add(label, seconds, status == 200, f"HTTP {status}")
        i = (i + 1) % len(pages)


async def school(n: int, plan: dict, host: str, port: int, stats: Stats, until: float, saved: dict):
    """Save the draft every few seconds (the motivation names the round), then submit it."""
    writer = plan["schools"][n]
    every = plan["save_every"]
    await asyncio.sleep(every * n / max(1, len(plan["schools"])))  # spread the writers over the interval
    rounds = 0
    while time.monotonic() + every < until:
        rounds += 1
        body = writer["body"].replace("{round}", f"{n}-{rounds}")
        status, location, seconds = await request(host, port, "POST", writer["path"], writer["cookie"], body,
                                                  writer["csrf"])
        ok = status == 302 and location.endswith(writer["path"])
        stats.add("school: save draft (POST)", seconds, ok, f"HTTP {status} {location}")
        remember(saved, writer["path"], f"{n}-{rounds}", ok, status)
        await asyncio.sleep(every)
    rounds += 1
    body = writer["submit_body"].replace("{round}", f"{n}-{rounds}")
    status, location, seconds = await request(host, port, "POST", writer["path"], writer["cookie"], body,
                                              writer["csrf"])
    ok = status == 302 and "/bewerken/" not in location
    stats.add("school: submit (POST)", seconds, ok, f"HTTP {status} {location}")
    remember(saved, writer["path"], f"{n}-{rounds} submitted", ok, status)


async def adviser(plan: dict, host: str, port: int, stats: Stats, until: float, saved: dict):
    writer = plan["adviser"]
    rounds = 0
    while time.monotonic() < until:
        rounds += 1
        body = writer["body"].replace("{round}", str(rounds))
        status, location, seconds = await request(host, port, "POST", writer["path"], writer["cookie"], body,
                                                  writer["csrf"])
        ok = status == 302
        stats.add("adviser: log session (POST)", seconds, ok, f"HTTP {status} {location}")
        remember(saved, writer["path"], str(rounds), ok, status)
        await asyncio.sleep(plan["log_every"])


async def main(plan: dict, connections: int, duration: float) -> dict:
    parts = urlsplit(plan["base"])
    host, port = parts.hostname, parts.port
    if host != "127.0.0.1":
        raise SystemExit("load only against 127.0.0.1")
    stats, saved = Stats(), {}
    started = time.monotonic()
    until = started + duration
    tasks = [reader(i, plan, host, port, stats, until) for i in range(connections)]
    tasks += [school(i, plan, host, port, stats, until, saved) for i in range(len(plan["schools"]))]
    tasks.append(adviser(plan, host, port, stats, until, saved))
    await asyncio.gather(*tasks)
    took = time.monotonic() - started
    return {"connections": connections, "seconds": took, "pages": stats.summary(took), "saved": saved,
            "error_examples": stats.error_examples}


if __name__ == "__main__":
    plan_path, connections, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    with open(plan_path) as f:
        loaded = json.load(f)
    print(json.dumps(asyncio.run(main(loaded, connections, min(seconds, 600.0)))))
