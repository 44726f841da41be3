"""`make bench`: serve the app with gunicorn over generated data and time every page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mayday SCALE=small make bench

Uses its own database on the same server, `mayday_bench_<scale>`, generating the
organisation once (`scale_data`) and reusing it on later runs (BENCH_FRESH=1 starts
over). Each page in benchmarks/pages.py is driven by a bounded client on loopback
(threads, each with its own HTTP connection) for BENCH_SECONDS or BENCH_MAX_REQUESTS,
whichever comes first, in BENCH_ROUNDS slices. The floor (a bare signed-in page through
the same middleware) is driven before the first slice and after every slice, and each
page's p50 is compared with the floor's in the slices around its own.
Queries per request are counted in this process with Django's test client against the
same database. Prints a table and writes benchmarks/latest.json.
"""

import http.client
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SCALE = os.environ.get("SCALE", "small")
SECONDS = float(os.environ.get("BENCH_SECONDS", "6"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "3000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "3")))
# Only the pages whose names contain this (and the floor), to check one page while
# working on it; a recorded run drives them all.
ONLY = os.environ.get("BENCH_ONLY", "")
# Requests before a page's first slice; a later slice sends a few, so that the workers
# have just served that page and not the floor.
WARM_UP = 20
# The targets (docs/benchmarks.md): an everyday page's p50 within 3x the floor's beside
# it; a manager's page's within 15x, and its p95 under 500 ms.
EVERYDAY_RATIO, DASHBOARD_RATIO, DASHBOARD_P95_MS = 3.0, 15.0, 500.0


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("make bench needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/dbname")
        return 2
    bench_url = _bench_database(url)
    os.environ.update(
        DATABASE_URL=bench_url,
        DJANGO_SETTINGS_MODULE="mayday.settings",
        DJANGO_DEV_APPS="true",  # scale_data lives in the development-only app
        DJANGO_DEBUG="false",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_CONN_MAX_AGE="60",
    )
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key-not-for-production")
    # Production settings refuse to serve without a key for second-factor secrets.
    os.environ.setdefault("MFA_SECRET_KEYS", "benchmark-only-second-factor-key-not-for-production")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from benchmarks.scale.world import BENCH_COACH
    from coaching.models import User

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    if not User.objects.filter(username=BENCH_COACH).exists():
        print(f"Generating the {SCALE} organisation in {urlsplit(bench_url).path[1:]} ...")
        call_command("scale_data", size_name=SCALE)
    setup_test_environment()  # lets the test client count queries as "testserver"
    return run()


def _bench_database(url: str) -> str:
    """A database of its own per scale, on the server DATABASE_URL points at."""
    import psycopg

    parts = urlsplit(url)
    name = f"mayday_bench_{SCALE}"
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and os.environ.get("BENCH_FRESH"):
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def run() -> int:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from benchmarks.pages import FLOOR
    from benchmarks.pages import PAGES as ALL_PAGES
    from benchmarks.scale.world import bench_handles
    from coaching.models import Contact, Person, User

    PAGES = [page for page in ALL_PAGES if page.kind == FLOOR or ONLY in page.name]  # noqa: N806
    handles = bench_handles()
    started = timezone.now()
    steadiness_before = _cpu_check_ms()
    queries, cookies = {}, {}
    for page in PAGES:
        client = Client()
        client.force_login(handles[page.user])
        page.visit(client, handles)
        with CaptureQueriesContext(connection) as captured:
            page.visit(client, handles)
        queries[page.name] = len(captured)
    for key in {page.user for page in PAGES}:
        client = Client()
        client.force_login(handles[key])
        name = settings.SESSION_COOKIE_NAME
        cookies[key] = f"{name}={client.cookies[name].value}"
    data = {
        "coaches": User.objects.filter(role=User.Role.COACH).count(),
        "people": Person.objects.count(),
        "contacts": Contact.objects.count(),
        "contacts_of_the_long_history_person": handles["long_person"].contacts.count(),
    }
    connection.close()

    port = _free_port()
    server = _serve(port)
    try:
        floor_page = next(p for p in PAGES if p.kind == FLOOR)
        # Each page is driven in ROUNDS slices with the floor driven after each, and
        # compared with the floor of the slices around its own. A shared host's speed
        # drifts, sometimes within seconds: a page and a floor timed minutes apart, or
        # even one after the other in one long stretch each, compared the page with a
        # machine faster or slower than its own.
        floors = [_drive(port, floor_page, handles, cookies)]
        results = {}
        for page in PAGES:
            if page.kind != FLOOR:
                slices, beside = [], [floors[-1]]
                for number in range(ROUNDS):
                    slices.append(_drive(port, page, handles, cookies, first=number == 0))
                    floors.append(_drive(port, floor_page, handles, cookies, first=False))
                    beside.append(floors[-1])
                results[page.name] = _together(slices)
                results[page.name]["floor"] = _together(beside)["samples"]
                results[page.name]["slice_p50_ms"] = [_p50(one["samples"]) for one in slices]
                results[page.name]["floor_slice_p50_ms"] = [_p50(one["samples"]) for one in beside]
        steadiness_after = _cpu_check_ms()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        _remove_saved_contacts(handles["saving_person"], started)
    results[floor_page.name] = _together(floors)
    floor_samples = results[floor_page.name]["samples"]
    results[floor_page.name]["floor"] = floor_samples
    floor_p50 = statistics.median(floor_samples)
    rows = []
    for page in PAGES:
        result = results[page.name]
        samples = sorted(result["samples"])
        p50, p95 = statistics.median(samples), _percentile(samples, 95)
        beside_p50 = statistics.median(result["floor"])
        ratio = p50 / beside_p50
        target, met = target_for(page.kind, ratio, p95)
        rows.append(
            {
                "page": page.name,
                "request": f"{page.method} {page.path(handles)}",
                "kind": page.kind,
                "p50_ms": round(p50, 2),
                "p95_ms": round(p95, 2),
                "requests_per_second": round(len(samples) / result["seconds"], 1),
                "requests": len(samples),
                "errors": result["errors"],
                "queries_per_request": queries[page.name],
                "floor_beside_p50_ms": round(beside_p50, 2),
                "p50_ratio_to_floor": round(ratio, 2),
                # Each slice's p50, and the floor's before the first and after each: a
                # page whose slices disagree ran on a host that changed speed meanwhile.
                "slice_p50_ms": result.get("slice_p50_ms", []),
                "floor_slice_p50_ms": result.get("floor_slice_p50_ms", []),
                "target": target,
                "target_met": met and not result["errors"],
            }
        )
    report = {
        "scale": SCALE,
        "data": data,
        "machine": _machine(),
        # The same fixed loop timed before and after: far apart, the machine's speed
        # changed during the run (a shared host) and its figures compare poorly.
        "cpu_check_ms": {"before": steadiness_before, "after": steadiness_after},
        "load": {
            "gunicorn_sync_workers": WORKERS,
            "client_threads": CONCURRENCY,
            "seconds_per_page": SECONDS,
            "max_requests_per_page": MAX_REQUESTS,
            "slices_per_page": ROUNDS,
        },
        "floor_p50_ms": round(floor_p50, 2),
        "pages": rows,
        "all_targets_met": all(row["target_met"] is not False for row in rows),
    }
    if not ONLY:  # a run of some pages is not a recorded run
        (ROOT / "benchmarks" / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))
    return 0 if not any(row["errors"] for row in rows) else 1


def target_for(kind: str, ratio: float, p95: float) -> tuple[str, bool]:
    """The target a page of `kind` is held to, in words, and whether `ratio` (its p50
    over the floor's beside it) and `p95` (ms) meet it."""
    from benchmarks.pages import DASHBOARD, EVERYDAY

    if kind == EVERYDAY:
        return f"p50 <= {EVERYDAY_RATIO:g}x floor", ratio <= EVERYDAY_RATIO
    if kind == DASHBOARD:
        met = ratio <= DASHBOARD_RATIO and p95 < DASHBOARD_P95_MS
        return f"p50 <= {DASHBOARD_RATIO:g}x floor, p95 < {DASHBOARD_P95_MS:g} ms", met
    return "the floor", True


def table(report: dict) -> str:
    data = report["data"]
    lines = [
        f"Scale {report['scale']}: {data['coaches']:,} coaches, {data['people']:,} people, "
        f"{data['contacts']:,} contacts. Floor p50 {report['floor_p50_ms']} ms.",
        f"CPU check (a fixed loop, ms): {report['cpu_check_ms']['before']} before, "
        f"{report['cpu_check_ms']['after']} after.",
        "",
        "| page | p50 ms | p95 ms | req/s | queries | floor beside, p50 ms | p50 / floor "
        "| target met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in report["pages"]:
        met = {True: "yes ", False: "NO ", None: ""}[row["target_met"]]
        lines.append(
            f"| {row['page']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{row['requests_per_second']:.0f} | {row['queries_per_request']} | "
            f"{row['floor_beside_p50_ms']:.1f} | {row['p50_ratio_to_floor']:.2f} | "
            f"{met}({row['target']}) |"
        )
    return "\n".join(lines)


def _serve(port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(gunicorn), "mayday.wsgi", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=ROOT,
        env=os.environ.copy(),
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not answer /healthz within 60 seconds")


def _p50(samples: list[float]) -> float | None:
    return round(statistics.median(samples), 2) if samples else None


def _together(runs: list[dict]) -> dict:
    return {
        "samples": [sample for run in runs for sample in run["samples"]],
        "seconds": sum(run["seconds"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
    }


def _drive(port: int, page, handles: dict, cookies: dict, *, first: bool = True) -> dict:
    """Bounded load on one slice of a page: CONCURRENCY threads for a ROUNDS-th of
    SECONDS and of MAX_REQUESTS, after warming up (fully before a page's first slice)."""
    path = page.path(handles)
    cookie = cookies[page.user]
    csrf = _csrf(port, path, cookie) if page.form else None
    if csrf:
        cookie += f"; csrftoken={csrf[0]}"

    def one(conn) -> tuple[int, float]:
        headers = {"Cookie": cookie, "Host": "127.0.0.1"}
        body = None
        if page.form:
            body = urlencode({**page.form(handles), "csrfmiddlewaretoken": csrf[1]}, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn.request(page.method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000

    warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(WARM_UP if first else CONCURRENCY):
        status, _ms = one(warm)
        if first and status != page.expect:  # set up wrong: stop before timing it
            raise SystemExit(f"{page.name}: {page.method} {path} answered {status}")
    warm.close()
    samples, errors, lock = [], [0], threading.Lock()
    seconds, most = SECONDS / ROUNDS, max(1, MAX_REQUESTS // ROUNDS)
    deadline = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            with lock:
                if len(samples) + errors[0] >= most:
                    break
            status, ms = one(conn)
            with lock:
                if status == page.expect:
                    samples.append(ms)
                else:
                    errors[0] += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return {"samples": samples, "seconds": time.monotonic() - started, "errors": errors[0]}


def _csrf(port: int, path: str, cookie: str) -> tuple[str, str]:
    """The CSRF cookie and form token a browser would get from the form page."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    html = response.read().decode()
    set_cookie = response.getheader("Set-Cookie") or ""
    conn.close()
    cookie_value = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie_value, token


def _percentile(ordered: list[float], percent: float) -> float:
    index = max(0, min(len(ordered) - 1, round(percent / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _remove_saved_contacts(person, since) -> None:
    """Take away the contacts this run saved, so that the next run finds the data as it
    was generated: thousands of extra contacts today would slow the dashboard's live
    count of the day, run after run."""
    from django.db import transaction

    from coaching.models import Contact

    # The database's triggers mark the dashboard's figures of those days stale.
    with transaction.atomic():
        Contact.objects.filter(person=person, created_at__gte=since).delete()


def _cpu_check_ms() -> float:
    """The median of three timings of a fixed pure-Python loop, with nothing else of the
    bench running: a reading of how fast the machine is just then."""
    timings = []
    for _ in range(3):
        start, total = time.perf_counter(), 0
        for i in range(3_000_000):
            total += i
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings))


def _machine() -> dict:
    from django.db import connection

    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total_kb = int(meminfo.read_text().split()[1])
        memory = f"{total_kb / 1024 / 1024:.0f} GiB"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    connection.close()
    return {
        "cpus": os.cpu_count(),
        "memory": memory,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "postgresql": postgres,
        "platform": platform.platform(),
    }


if __name__ == "__main__":
    sys.exit(main())
