"""`make prod-check`: the production layout on one machine, loaded, and its faults drilled.

Starts, all on 127.0.0.1 and all of its own: a throw-away PostgreSQL cluster (initdb under /tmp, a
free port), a redis-server on a free port, two gunicorn web servers (production settings, different
ports) and two Huey task workers — the layout of docs/operations.md. Then:

1. loads the demo and checks that a session signed in on server A (password) is completed on
   server B (second factor) and works on both, and that a job started through A is run by a worker;
2. load test: the centre page, the public directory and the events calendar through one server and
   through both, requests/s and p95, and the ratio to a bare Django view;
3. drills: a task worker killed in the middle of a job (the sweep marks it failed), Redis down
   (pages answer, a job started meanwhile runs once Redis is back), PostgreSQL restarted under
   load (only 200 or 503 during, 200 after, no rows lost), a backup under load restored into a
   second database (row counts and the data's checksum equal).

Everything it started is stopped again, also when a step fails. Takes about two minutes (four on a
first run, which migrates from scratch and keeps a schema dump in var/prod-check/ for the next).
Not part of `.ci/run` (it restarts a database and kills processes, and its timings depend on the
machine); run it before a release and after changing settings, workers or storage.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
CENTRE = "musterstadt"
ADMIN = "admin@musterstadt.example"
PAGES = {
    "bare Django view (reference)": "/bench/bare/",
    "centre page": f"/{CENTRE}/",
    "public directory": f"/{CENTRE}/angebote/",
    "events calendar": f"/{CENTRE}/veranstaltungen/",
}
RESULTS: list[tuple[str, bool, str]] = []
WHOLE_SECOND = re.compile(r'(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)?"')


def say(text: str) -> None:
    print(text, flush=True)


def check(name: str, ok: bool, detail: str = "") -> None:
    RESULTS.append((name, ok, detail))
    say(f"  [{'ok' if ok else 'FAILED'}] {name}{': ' + detail if detail else ''}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(what: str, probe: Callable[[], bool], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if probe():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f}s")


class Processes:
    """Every process this script started, stopped in reverse order whatever happens."""

    def __init__(self) -> None:
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.cleanups: list[Callable[[], None]] = []

    def start(self, name: str, command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        handle = log.open("ab")
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((name, process))
        return process

    def stop(self, process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
        if process.poll() is None:
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)

    def stop_all(self) -> None:
        for _name, process in reversed(self.started):
            try:
                self.stop(process)
            except Exception as exc:  # noqa: BLE001 - stop the rest anyway
                say(f"  could not stop {_name}: {exc}")
        for cleanup in reversed(self.cleanups):
            try:
                cleanup()
            except Exception as exc:  # noqa: BLE001 - clean the rest anyway
                say(f"  cleanup failed: {exc}")


# --- the services ------------------------------------------------------------------------------------


class Postgres:
    """A throw-away PostgreSQL cluster under `folder`, run as the postgres user when we are root."""

    def __init__(self, procs: Processes, folder: Path) -> None:
        self.procs = procs
        self.data = folder / "pgdata"
        self.port = free_port()
        self.folder = folder
        self.as_postgres = os.geteuid() == 0

    def _run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        return subprocess.run([*prefix, *command], capture_output=True, text=True, check=check, cwd="/tmp")

    def start(self) -> None:
        if self.as_postgres:
            shutil.chown(self.folder, "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.procs.cleanups.append(self.stop)
        self.pg_ctl("start")

    def pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
        self._run(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "pg.log"), "-w", "-m", "fast",
            "-o", options, action,
        )  # fmt: skip

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-w", "-m", "immediate", "stop", check=False)

    def url(self, name: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]


def start_redis(procs: Processes, folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    process = procs.start(
        "redis",
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        dict(os.environ),
        folder / "redis.log",
    )  # fmt: skip
    wait_for("redis", lambda: _redis_ping(port), 20)
    return process, port


def _redis_ping(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
        s.sendall(b"PING\r\n")
        return s.recv(16).startswith(b"+PONG")


# --- HTTP --------------------------------------------------------------------------------------------


class Browser:
    """A tiny cookie-keeping client for one visitor, against any of the servers."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self, port: int, method: str, path: str, form: dict[str, str] | None = None, files: bytes | None = None
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
        body: bytes | None = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None and files is None:
            from urllib.parse import urlencode

            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif form is not None and files is not None:
            boundary = "prodcheckboundary"
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in form.items()
            ]
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="partner.csv"\r\n'
                "Content-Type: text/csv\r\n\r\n".encode()
                + files
                + b"\r\n"
            )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        if method == "POST":
            headers["Referer"] = f"https://127.0.0.1{path}"
            headers["Origin"] = "https://127.0.0.1"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            conn.close()

    def csrf(self, port: int, path: str) -> str:
        status, headers, text = self.request(port, "GET", path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if not found:
            raise RuntimeError(f"no CSRF token on {path} ({status} {headers.get('location', '')}): {text[:300]}")
        return found.group(1)


def load(ports: list[int], path: str, seconds: float, concurrency: int, cookie: str = "") -> dict[str, Any]:
    """GET `path` from `concurrency` threads, spread over the servers; "{n}" becomes a unique number."""
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    lock = threading.Lock()
    counter = iter(range(10**9))
    stop = time.monotonic() + seconds

    def worker(index: int) -> None:
        port = ports[index % len(ports)]
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        seen: Counter[str] = Counter()
        headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **({"Cookie": cookie} if cookie else {})}
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                conn.request("GET", path.replace("{n}", str(next(counter))), headers=headers)
                response = conn.getresponse()
                response.read()
                seen[str(response.status)] += 1
                if response.status == 200:
                    mine.append(time.perf_counter() - start)
                if response.getheader("Connection", "").lower() == "close" or response.will_close:
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            except (OSError, http.client.HTTPException) as exc:
                seen[type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                time.sleep(0.05)
        conn.close()
        with lock:
            latencies.extend(mine)
            statuses.update(seen)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    return {"rps": len(latencies) / elapsed, "p95": p95, "statuses": dict(statuses)}


# --- Django in this process (for preparing data and reading results) --------------------------------


def django_env(base: dict[str, str], db_url: str, redis_port: int, media: Path) -> dict[str, str]:
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "bench.settings_prod",
        "DJANGO_SECRET_KEY": "prod-check-" + hashlib.sha256(os.urandom(16)).hexdigest(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": db_url,
        "TASKS_BACKEND": "redis",
        "TASKS_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "TASKS_WORKERS": "2",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        "DJANGO_MEDIA_ROOT": str(media),
        "RATELIMIT_FAIL_OPEN": "1",
        "PYTHONUNBUFFERED": "1",
    }


def manage(env: dict[str, str], *args: str, timeout: float = 240) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def migrate(pg: Postgres, env: dict[str, str]) -> None:
    """`migrate` into the fresh database, starting from a schema dump of an earlier run when there is one.

    A full `migrate` takes one to two minutes on a small machine, most of this check's time. The dump
    (plain SQL, in var/prod-check/, keyed by the migration files) is only a starting point: `migrate`
    runs after it in any case and applies whatever the dump does not have yet.
    """
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("anlaufstelle/*/migrations/*.py")):
        digest.update(path.as_posix().encode() + path.read_bytes())
    cache = ROOT / "var" / "prod-check" / f"schema-{digest.hexdigest()[:16]}.sql"
    connect = ["--host=127.0.0.1", f"--port={pg.port}", "--username=postgres"]
    if cache.exists():
        subprocess.run(
            [str(PG_BIN / "psql"), *connect, "-q", "-v", "ON_ERROR_STOP=1", "-d", "anlaufstelle", "-f", str(cache)],
            check=True,
            capture_output=True,
        )
    manage(env, "migrate", "--noinput", "-v", "0")
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("schema-*.sql"):
            old.unlink()
        partial = cache.with_suffix(".partial")
        subprocess.run(
            [str(PG_BIN / "pg_dump"), *connect, "--no-owner", "-f", str(partial), "anlaufstelle"],
            check=True,
            capture_output=True,
        )
        partial.replace(cache)


@contextmanager
def phase(title: str) -> Iterator[None]:
    began = time.monotonic()
    say(f"\n== {title}")
    yield
    say(f"   ({time.monotonic() - began:.1f}s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="load time per page and layout")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn workers per web server")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs) afterwards")
    args = parser.parse_args()
    began = time.monotonic()
    # `kill` of this script stops what it started too (SystemExit runs the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    folder = Path(tempfile.mkdtemp(prefix="anlaufstelle-prod-check-"))
    os.chmod(folder, 0o755)
    procs = Processes()
    if not args.keep:
        procs.cleanups.insert(0, lambda: shutil.rmtree(folder, ignore_errors=True))
    failed = False
    try:
        with phase("services: PostgreSQL (throw-away cluster), Redis"):
            (folder / "pg").mkdir()
            pg = Postgres(procs, folder / "pg")
            pg.start()
            pg.sql("CREATE DATABASE anlaufstelle")
            _redis, redis_port = start_redis(procs, folder)
            media = folder / "media"
            env = django_env(dict(os.environ), pg.url("anlaufstelle"), redis_port, media)
            say(f"   PostgreSQL on :{pg.port}, Redis on :{redis_port}, files in {media}")

        with phase("migrate, second database for the restore, demo"):
            migrate(pg, env)
            pg.sql("CREATE DATABASE anlaufstelle_restore TEMPLATE anlaufstelle")
            manage(env, "load_demo")
            os.environ.update(env)
            import django

            django.setup()
            from django.db import connection
            from django_otp.oath import TOTP
            from django_otp.plugins.otp_totp.models import TOTPDevice
            from django_scopes import scopes_disabled

            from anlaufstelle.core.models import BackgroundJob, User

            admin = User.objects.get(email=ADMIN)
            TOTPDevice.objects.filter(user=admin).delete()
            device = TOTPDevice.objects.create(user=admin, name="prod-check", confirmed=True)
            connection.close()

        with phase("two web servers (gunicorn), two task workers (huey)"):
            ports = [free_port(), free_port()]
            servers = []
            for index, port in enumerate(ports):
                servers.append(
                    procs.start(
                        f"web{index}",
                        [sys.executable, "-m", "gunicorn", "bench.wsgi", "-b", f"127.0.0.1:{port}",
                         "-w", str(args.web_workers), "--timeout", "60", "--graceful-timeout", "5"],
                        env,
                        folder / f"web{index}.log",
                    )
                )  # fmt: skip
            workers = [
                procs.start(f"worker{i}", [sys.executable, "manage.py", "run_huey"], env, folder / f"worker{i}.log")
                for i in range(2)
            ]
            for port in ports:
                wait_for(f"web server :{port}", lambda p=port: Browser().request(p, "GET", "/healthz")[0] == 200)
            say(f"   web servers on :{ports[0]} and :{ports[1]}, workers pid {workers[0].pid}, {workers[1].pid}")

        with phase("a session made on server A works on server B; a job started through A is run by a worker"):
            a, b = ports
            visitor = Browser()
            token = visitor.csrf(a, "/konto/anmelden/")
            status, headers, _ = visitor.request(
                a, "POST", "/konto/anmelden/", {"csrfmiddlewaretoken": token, "email": ADMIN,
                                                "password": "Anlaufstelle-Demo-2026"}
            )  # fmt: skip
            check(
                "password sign-in on A", status == 302 and "zweiter-faktor" in headers.get("location", ""), str(status)
            )
            token = visitor.csrf(b, "/konto/zweiter-faktor/")
            totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
            code = str(totp.token()).zfill(device.digits)
            status, _headers, _ = visitor.request(
                b, "POST", "/konto/zweiter-faktor/", {"csrfmiddlewaretoken": token, "token": code}
            )
            check("second factor on B, in the session A made", status == 302, str(status))
            for name, port in (("A", a), ("B", b)):
                status, _h, _t = visitor.request(port, "GET", f"/{CENTRE}/intern/partner/")
                check(f"staff page on {name} with that session", status == 200, str(status))
            token = visitor.csrf(a, f"/{CENTRE}/intern/partner/import/")
            csv = "name;kind\n" + "".join(f"Prod-Check-Verein {i};association\n" for i in range(50))
            status, headers, _ = visitor.request(
                a, "POST", f"/{CENTRE}/intern/partner/import/", {"csrfmiddlewaretoken": token}, csv.encode()
            )
            job_id = headers.get("location", "").rstrip("/").rsplit("/", 1)[-1]
            check("import started through A", status == 302 and len(job_id) == 36, f"{status} {job_id}")

            def job_status(pk: str) -> str:
                with scopes_disabled():
                    value = BackgroundJob.objects.get(pk=pk).status
                connection.close()
                return value

            with contextlib.suppress(RuntimeError):  # the check below says what went wrong
                wait_for("the import job", lambda: job_status(job_id) in ("done", "failed"), 60)
            check("a worker ran the job", job_status(job_id) == "done", job_status(job_id))
            status, _h, _text = visitor.request(b, "GET", f"/{CENTRE}/intern/auftraege/{job_id}/")
            check("its result shows on B", status == 200, str(status))
            session_cookie = "; ".join(f"{k}={v}" for k, v in visitor.cookies.items())

        with phase("load: one web server against two"):
            rows = []
            for label, path in PAGES.items():
                load(ports, path, 0.5, args.concurrency)  # warm-up (fills the public page cache)
                one = load(ports[:1], path, args.seconds, args.concurrency)
                two = load(ports, path, args.seconds, args.concurrency)
                rows.append((label, path, one, two))
            bare_one, bare_two = rows[0][2]["rps"], rows[0][3]["rps"]
            say(
                f"\n   {args.concurrency} client threads, {args.seconds:.0f}s per page and layout, "
                f"gunicorn {args.web_workers} sync workers per server, {os.cpu_count()} CPUs"
            )
            say(f"   {'page':<30} {'1 server':>9} {'p95 ms':>7} {'vs bare':>7}   {'2 servers':>9} {'p95 ms':>7} "
                f"{'vs bare':>7} {'2/1':>5}  errors")  # fmt: skip
            for label, _path, one, two in rows:
                errors = {k: v for d in (one["statuses"], two["statuses"]) for k, v in d.items() if k != "200"}
                say(
                    f"   {label:<30} {one['rps']:>9.0f} {one['p95']:>7.1f} {one['rps'] / bare_one:>7.0%}   "
                    f"{two['rps']:>9.0f} {two['p95']:>7.1f} {two['rps'] / bare_two:>7.0%} "
                    f"{two['rps'] / max(one['rps'], 1e-9):>5.2f}  {errors or '-'}"
                )
            check("every load request answered 200", all(
                set(one["statuses"]) <= {"200"} and set(two["statuses"]) <= {"200"} for _l, _p, one, two in rows
            ))  # fmt: skip

        with phase("drill: a task worker killed in the middle of a job"):
            from anlaufstelle.core.jobs import job_start, jobs_sweep

            with scopes_disabled():
                from anlaufstelle.core.models import Centre

                job = job_start(
                    centre=Centre.objects.get(slug=CENTRE), actor=admin, kind="ops.sleep", title="drill",
                    params={"seconds": 20},
                )  # fmt: skip
            connection.close()
            pid_of: dict[str, int] = {}

            def running_pid() -> bool:
                with scopes_disabled():
                    row = BackgroundJob.objects.get(pk=job.pk)
                connection.close()
                found = re.search(r"pid=(\d+)", row.message)
                if row.status == "running" and found:
                    pid_of["pid"] = int(found.group(1))
                    return True
                return False

            wait_for("the drill job to run", running_pid, 30)
            victim = next(w for w in workers if w.pid == pid_of["pid"])
            procs.stop(victim, signal.SIGKILL)
            time.sleep(3)
            check(
                "after the kill the job still says running (nobody finishes it)", job_status(str(job.pk)) == "running"
            )
            from django.test import override_settings

            with override_settings(JOBS_RUNNING_TIMEOUT_SECONDS=0):
                swept = jobs_sweep()
            connection.close()
            check("the sweep marks it failed", job_status(str(job.pk)) == "failed", str(swept))
            workers[workers.index(victim)] = procs.start(
                "worker-again", [sys.executable, "manage.py", "run_huey"], env, folder / "worker-again.log"
            )

        with phase("drill: Redis down"):
            procs.stop(_redis)
            results = {}
            for name, port in (("A", a), ("B", b)):
                results[f"centre page on {name}"] = Browser().request(port, "GET", f"/{CENTRE}/")[0]
                results[f"directory on {name}"] = Browser().request(port, "GET", f"/{CENTRE}/angebote/?q=Sprache")[0]
                results[f"calendar on {name}"] = Browser().request(port, "GET", f"/{CENTRE}/veranstaltungen/")[0]
                results[f"staff page on {name}"] = visitor.request(port, "GET", f"/{CENTRE}/intern/partner/")[0]
            check("public and staff pages answer without Redis", set(results.values()) == {200}, str(results))
            token = visitor.csrf(a, f"/{CENTRE}/intern/partner/import/")
            status, headers, _ = visitor.request(
                a, "POST", f"/{CENTRE}/intern/partner/import/", {"csrfmiddlewaretoken": token},
                b"name;kind\nRedis-Drill-Verein;association\n",
            )  # fmt: skip
            waiting = headers.get("location", "").rstrip("/").rsplit("/", 1)[-1]
            check("a job can be started while Redis is down", status == 302 and len(waiting) == 36, str(status))
            check("it waits", job_status(waiting) == "queued", job_status(waiting))
            _redis = procs.start(
                "redis-again",
                ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", str(folder)],
                dict(os.environ),
                folder / "redis.log",
            )  # fmt: skip
            wait_for("redis again", lambda: _redis_ping(redis_port), 20)
            with override_settings(JOBS_REQUEUE_SECONDS=0):
                swept = jobs_sweep()
            connection.close()
            with contextlib.suppress(RuntimeError):  # the check below says what went wrong
                wait_for("the waiting job", lambda: job_status(waiting) == "done", 60)
            check("once Redis is back the sweep queues it again and a worker runs it", job_status(waiting) == "done",
                  f"{swept}, {job_status(waiting)}")  # fmt: skip

        with phase("drill: PostgreSQL restarted under load"):
            with scopes_disabled():
                from anlaufstelle.partners.models import Organisation

                before = Organisation.objects.count()
            connection.close()
            during: dict[str, Any] = {}
            path = f"/{CENTRE}/angebote/?q=Beratung{{n}}"  # a miss in the public page cache: reads the database

            def loader() -> None:
                during.update(load(ports, path, 8.0, args.concurrency))

            thread = threading.Thread(target=loader)
            thread.start()
            time.sleep(2)
            restart_began = time.monotonic()
            pg.pg_ctl("restart")
            restart_took = time.monotonic() - restart_began
            thread.join()
            after = load(ports, path, 2.0, args.concurrency)
            statuses = during["statuses"]
            check(
                "during the restart only 200 and 503 (Retry-After)",
                set(statuses) <= {"200", "503"},
                f"{statuses}, restart took {restart_took:.1f}s",
            )
            check(
                "after the restart every request answers 200", set(after["statuses"]) == {"200"}, str(after["statuses"])
            )
            with scopes_disabled():
                check("no rows lost", Organisation.objects.count() == before, f"{before} organisations")
            connection.close()

        with phase("drill: backup under load, restored into a second database"):
            stop_writing = threading.Event()
            written = Counter[str]()

            def writer() -> None:
                from anlaufstelle.core.models import Centre

                with scopes_disabled():
                    centre = Centre.objects.get(slug=CENTRE)
                    while not stop_writing.is_set():
                        Organisation.objects.create(
                            centre=centre, name=f"Backup-Drill {written['n']}", kind="association"
                        )
                        written["n"] += 1
                        time.sleep(0.02)  # a busy office, not a bulk import
                connection.close()

            writing = threading.Thread(target=writer)
            writing.start()
            reading = threading.Thread(target=lambda: load(ports, f"/{CENTRE}/intern/partner/?q={{n}}", 6.0, 4,
                                                            session_cookie))  # fmt: skip
            reading.start()
            archive = folder / "backup.zip"
            time.sleep(1)
            manage(env, "backup", "-o", str(archive))
            stop_writing.set()
            writing.join()
            reading.join()
            restore_env = {
                **env,
                "DATABASE_URL": pg.url("anlaufstelle_restore"),
                "DJANGO_MEDIA_ROOT": str(folder / "media2"),
            }
            manage(restore_env, "restore", str(archive), "--yes")
            import zipfile

            manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
            restored_dump = folder / "restored.json"
            out = manage({**restore_env, "PRODCHECK_DUMP": str(restored_dump)}, "shell", "-c", _COUNTS)
            restored_counts = json.loads(out.strip().splitlines()[-1])
            check(
                "row counts equal (backup vs restored database)",
                restored_counts["counts"] == manifest["counts"],
                f"{sum(manifest['counts'].values())} rows in {len(manifest['counts'])} models, "
                f"{written['n']} organisations written during the backup",
            )
            source = canonical_digests(zipfile.ZipFile(archive).read("data.json").decode())
            differ = sorted(label for label in source if source[label] != restored_counts["digests"].get(label))
            check("every model's checksum equal (backup vs dump of the restored database)", not differ,
                  f"differ: {differ}" if differ else f"{len(source)} models")  # fmt: skip
            if differ:
                first = first_difference(
                    zipfile.ZipFile(archive).read("data.json").decode(), restored_dump.read_text(), differ
                )
                say(f"   first difference: {first}")
            check("every file restored", restored_counts["files"] == manifest["files"], f"{manifest['files']} files")
    except Exception as exc:  # noqa: BLE001 - report and still stop everything
        failed = True
        say(f"\nprod-check stopped: {type(exc).__name__}: {exc}")
        say(f"logs: {folder} (kept)")
        procs.cleanups = [c for c in procs.cleanups if getattr(c, "__name__", "") != "<lambda>"]
    finally:
        with phase("stopping everything this check started"):
            procs.stop_all()
    bad = [name for name, ok, _ in RESULTS if not ok]
    say(f"\nprod-check: {len(RESULTS) - len(bad)} passed, {len(bad)} failed in {time.monotonic() - began:.0f}s")
    for name in bad:
        say(f"  failed: {name}")
    return 1 if failed or bad else 0


# Run in the restored installation: rows per model, the checksum of a fresh dump, the files.
_COUNTS = """
import collections, hashlib, io, json
from django.core.management import call_command
from django.core.files.storage import default_storage
from django_scopes import scopes_disabled
from pathlib import Path
from anlaufstelle.core.management.commands.backup import EXCLUDED, _installed, stored_files
data = io.StringIO()
with scopes_disabled():
    call_command("dumpdata", exclude=[e for e in EXCLUDED if _installed(e)], natural_foreign=True,
                 natural_primary=False, stdout=data, verbosity=0)
text = data.getvalue()
from bench.prod_check import canonical_digests
counts = collections.Counter(row["model"] for row in json.loads(text))
(Path(__import__("os").environ["PRODCHECK_DUMP"])).write_text(text)
print(json.dumps({"counts": dict(sorted(counts.items())), "digests": canonical_digests(text),
                  "files": len(list(stored_files(default_storage)))}))
"""


def first_difference(backup: str, restored: str, labels: list[str]) -> str:
    """The first row of the given models that differs between two dumps, both sides shown."""
    before = {(r["model"], r["pk"]): r for r in json.loads(backup) if r["model"] in labels}
    after = {(r["model"], r["pk"]): r for r in json.loads(restored) if r["model"] in labels}
    for key, row in before.items():
        if after.get(key) != row:
            return f"backup {json.dumps(row)[:400]} | restored {json.dumps(after.get(key))[:400]}"
    return "(only in the restored dump) " + str(sorted(set(after) - set(before))[:5])


def canonical_digests(text: str) -> dict[str, str]:
    """SHA-256 per model of its rows in a dumpdata text, independent of the order of rows and of
    many-to-many lists (a restore gives the link rows new ids, so their order may differ)."""
    from django.apps import apps

    rows: dict[str, list[str]] = {}
    for row in json.loads(text or "[]"):
        model = apps.get_model(row["model"])
        fields = dict(row["fields"])
        for m2m in model._meta.many_to_many:
            if isinstance(fields.get(m2m.name), list):
                fields[m2m.name] = sorted(fields[m2m.name], key=lambda v: json.dumps(v, sort_keys=True))
        # Django's JSON keeps times to the millisecond: 20:24:48.000123 is dumped as "20:24:48.000Z",
        # loaded as 20:24:48 and dumped again as "20:24:48Z" — the same value.
        text_row = WHOLE_SECOND.sub(r'\1\2"', json.dumps([row.get("pk"), fields], sort_keys=True))
        rows.setdefault(row["model"], []).append(text_row)
    return {label: hashlib.sha256("\n".join(sorted(found)).encode()).hexdigest() for label, found in rows.items()}


if __name__ == "__main__":
    sys.exit(main())
