"""The production shape on one machine, for the multi-process checks (marker `multiprocess`).

Session fixtures start, once per run, and always stop again:
- `s3`: moto in server mode on a free loopback port, with an empty private bucket;
- `database`: a PostgreSQL database of its own (MP_DB_NAME, default zc_multiprocess), migrated,
  with the reference data and the demo data (demo logins, password `Demo@2026`);
- `stack`: two app instances (gunicorn, 2 workers each) and one RQ worker on that database,
  Redis (MP_REDIS_URL, default redis://127.0.0.1:6379/9, emptied before and after) and the
  bucket, with STORAGE=s3, TASK_BACKEND=rq and LOG_FORMAT=json.

Every process runs in a process group of its own and is stopped by a finalizer (SIGTERM to
the group, SIGKILL after a bounded wait); every wait here is bounded. Process logs are kept
in the run's temporary folder; `Proc.log_text()` reads one, and a failed wait prints its tail.

Helpers for scenarios: `sign_in(url, username)` gives a signed-in requests.Session;
`stack.db.query(sql, params)` reads the database; `stack.shell(code)` runs Python with
Django set up in the stack's environment and returns what it printed; `stack.worker.kill()`
/ `.restart()`; `stack.start_instance(**env)` starts one more instance with changed settings.

These tests are not part of `scripts/test` (pyproject's norecursedirs); run them with
`.venv/bin/python -m pytest multiprocess` (needs PostgreSQL and Redis running) or through
the "multi-process checks" step of `.ci/run`.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import redis
import requests
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
PG_BASE = os.environ.get("MP_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB_NAME = os.environ.get("MP_DB_NAME", "zc_multiprocess")
REDIS_URL = os.environ.get("MP_REDIS_URL", "redis://127.0.0.1:6379/9")
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"
BUCKET = "zhicheng-private"
DEMO_PASSWORD = "Demo@2026"
ENTRY_REGION = "650100"  # 乌鲁木齐市
START_TIMEOUT = 60.0
STOP_TIMEOUT = 15.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.multiprocess)


# --- processes --------------------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """Every living descendant of `pid` (children first), whatever process group it is in."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid …": comm may hold spaces and parentheses.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Proc:
    """A process started in its own process group, its output in `log`."""

    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Proc:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(  # noqa: S603 - our own commands, no shell
                self.args,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return self

    @property
    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def _signal_group(self, sig: signal.Signals) -> None:
        if self.popen is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, sig)

    def _signal_tree(self, sig: signal.Signals, pids: list[int]) -> None:
        self._signal_group(sig)
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, sig)

    def kill(self) -> None:
        """A crash: the process, its group and every descendant frozen, then SIGKILLed.

        RQ's work horse puts itself in a process group of its own (`os.setpgrp()`), so a
        signal to the worker's group alone would leave the horse running its job.
        """
        if self.popen is None:
            return
        pids = descendants(self.popen.pid)
        self._signal_tree(signal.SIGSTOP, pids)
        self._signal_tree(signal.SIGKILL, pids)
        self.popen.wait(timeout=STOP_TIMEOUT)

    def stop(self) -> None:
        """SIGTERM to the group, SIGKILL after STOP_TIMEOUT seconds."""
        if self.popen is None:
            return
        pids = descendants(self.popen.pid)
        self._signal_group(signal.SIGTERM)
        try:
            self.popen.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._signal_tree(signal.SIGKILL, pids)
            self.popen.wait(timeout=STOP_TIMEOUT)
        # Children that outlived their parent (a worker's work horse, in a group of its
        # own) go too.
        self._signal_tree(signal.SIGKILL, pids)

    def restart(self) -> Proc:
        self.stop()
        return self.start()

    def mark(self) -> int:
        """The log's length now: pass it to `wait_for` to look only at what comes after."""
        return len(self.log_text())

    def wait_for(self, text: str, since: int = 0, timeout: float = START_TIMEOUT) -> None:
        """Wait until `text` appears in the log after position `since`."""
        wait_until(repr(text), lambda: text in self.log_text()[since:], timeout, proc=self)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


def wait_until(
    what: str, ready: Callable[[], bool], timeout: float = START_TIMEOUT, proc: Proc | None = None
) -> None:
    """Poll `ready` until it is true; fail after `timeout` seconds (or when `proc` died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if ready():
                return
        if proc is not None and not proc.alive:
            pytest.fail(f"{proc.name} exited while waiting for {what}:\n{proc.tail()}")
        time.sleep(0.2)
    detail = f"\n{proc.tail()}" if proc is not None else ""
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}{detail}")


def answers(url: str) -> bool:
    return requests.get(url, timeout=2).status_code == 200


def run(args: list[str], env: dict[str, str], timeout: float = 300) -> str:
    """Run a command to completion (bounded); its output, or a test failure with the output."""
    done = subprocess.run(  # noqa: S603 - our own commands, no shell
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(args[:4])} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
        )
    return done.stdout


# --- services ---------------------------------------------------------------------------------


@dataclass
class S3:
    endpoint: str
    bucket: str
    proc: Proc

    def client(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )

    def keys(self) -> list[str]:
        """Every object key in the bucket."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]


@dataclass
class Database:
    url: str

    def query(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows of one statement, in a connection of its own (autocommit)."""
        with psycopg.connect(self.url, autocommit=True, connect_timeout=10) as conn:
            cursor = conn.execute(statement.encode(), params)
            return list(cursor.fetchall()) if cursor.description else []

    def value(self, statement: str, params: tuple[Any, ...] = ()) -> Any:
        rows = self.query(statement, params)
        return rows[0][0] if rows else None


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("multiprocess")


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The Redis database the stack uses, emptied before and after the run."""
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is not answering at {REDIS_URL} (.ci/run starts it)")
    connection.flushdb()
    yield REDIS_URL
    connection.flushdb()


@pytest.fixture(scope="session")
def s3(workdir: Path, request: pytest.FixtureRequest) -> S3:
    """moto_server on a free loopback port, with an empty private bucket."""
    port = free_port()
    server = shutil.which("moto_server", path=str(BIN)) or str(BIN / "moto_server")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = Proc(
        "moto_server", [server, "-H", "127.0.0.1", "-p", str(port)], env, workdir / "moto.log"
    )
    request.addfinalizer(proc.stop)
    proc.start()
    store = S3(endpoint=f"http://127.0.0.1:{port}", bucket=BUCKET, proc=proc)
    wait_until("moto_server", lambda: requests.get(store.endpoint, timeout=2).ok, proc=proc)
    store.client().create_bucket(Bucket=BUCKET)
    return store


@pytest.fixture(scope="session")
def database(request: pytest.FixtureRequest) -> Database:
    """A fresh PostgreSQL database for the run, dropped afterwards."""
    admin = f"{PG_BASE}/postgres"

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(DB_NAME))
            )

    drop()
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                sql.Identifier(DB_NAME)
            )
        )
    request.addfinalizer(drop)
    return Database(url=f"{PG_BASE}/{DB_NAME}")


@pytest.fixture(scope="session")
def stack_env(workdir: Path, database: Database, redis_url: str, s3: S3) -> dict[str, str]:
    """The environment every process of the stack gets (production settings, DEBUG off)."""
    private = workdir / "private"
    private.mkdir(exist_ok=True)
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "zhicheng.settings",
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "0",
        "SECRET_KEY": "multiprocess-checks-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database.url,
        "REDIS_URL": redis_url,
        "TASK_BACKEND": "rq",
        "STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": s3.bucket,
        "AWS_S3_ENDPOINT_URL": s3.endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        # Nothing may land here: every file goes to the bucket.
        "PRIVATE_MEDIA_ROOT": str(private),
        "STATIC_ROOT": str(workdir / "static"),
        "LOG_FORMAT": "json",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SMS_BACKEND": "file",
        "SMS_ALLOW_DEV_BACKEND": "1",
        "SMS_OUTBOX_PATH": str(workdir / "sms-outbox.log"),
    }


@dataclass
class Instance:
    """One gunicorn instance: its base URL and its process."""

    url: str
    proc: Proc


@dataclass
class Stack:
    """Two app instances (`a`, `b`) and a worker on one database, Redis and bucket."""

    a: Instance
    b: Instance
    worker: Proc
    db: Database
    s3: S3
    env: dict[str, str]
    workdir: Path
    _start: Callable[..., Instance] = field(repr=False)

    @property
    def urls(self) -> tuple[str, str]:
        return self.a.url, self.b.url

    @property
    def private_root(self) -> Path:
        return Path(self.env["PRIVATE_MEDIA_ROOT"])

    def shell(self, code: str, **env: str) -> str:
        """Run `code` with Django set up in the stack's environment; what it printed."""
        return run([PYTHON, "manage.py", "shell", "-c", code], {**self.env, **env}, timeout=120)

    def start_instance(self, workers: int = 1, **env: str) -> Instance:
        """One more instance with `env` changed (stopped at the end of the calling test)."""
        return self._start(f"extra-{free_port()}", workers, env)


def _manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    return run([PYTHON, "manage.py", *args], env, timeout=timeout)


@pytest.fixture(scope="session")
def prepared(stack_env: dict[str, str]) -> dict[str, str]:
    """Migrated, reference and demo data loaded (files to the bucket), static files collected."""
    for step in (
        ["migrate", "--noinput"],
        ["load_reference_data"],
        ["load_demo_data"],
        ["collectstatic", "--noinput", "-v", "0"],
    ):
        started = time.monotonic()
        _manage(stack_env, *step)
        print(f"multiprocess: {step[0]} took {time.monotonic() - started:.1f}s", flush=True)
    return stack_env


@pytest.fixture(scope="session")
def stack(
    prepared: dict[str, str],
    database: Database,
    s3: S3,
    workdir: Path,
    request: pytest.FixtureRequest,
) -> Stack:
    """Instances `a` and `b` (2 gunicorn workers each) and one RQ worker, all running."""

    def start(name: str, workers: int, overrides: dict[str, str]) -> Instance:
        port = free_port()
        env = {
            **prepared,
            **overrides,
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
        }
        proc = Proc(
            f"instance {name}",
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "zhicheng.wsgi"],
            env,
            workdir / f"instance-{name}.log",
        )
        request.addfinalizer(proc.stop)
        proc.start()
        url = f"http://127.0.0.1:{port}"
        wait_until(f"instance {name}", lambda: answers(url + "/healthz"), proc=proc)
        return Instance(url=url, proc=proc)

    a = start("a", 2, {})
    b = start("b", 2, {})
    worker = Proc(
        "worker",
        [PYTHON, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "--with-scheduler"]
        + ["default", "bulk"],
        prepared,
        workdir / "worker.log",
    )
    request.addfinalizer(worker.stop)
    worker.start()
    worker.wait_for("Listening on")
    return Stack(a, b, worker, database, s3, prepared, workdir, _start=start)


@pytest.fixture
def extra_instances(stack: Stack) -> Iterator[list[Instance]]:
    """Instances a test starts with `stack.start_instance(...)`, stopped when the test ends."""
    started: list[Instance] = []
    original = stack._start

    def start(name: str, workers: int, overrides: dict[str, str]) -> Instance:
        instance = original(name, workers, overrides)
        started.append(instance)
        return instance

    stack._start = start
    try:
        yield started
    finally:
        stack._start = original
        for instance in started:
            instance.proc.stop()


# --- HTTP helpers -----------------------------------------------------------------------------

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_FIELD.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def post_form(
    session: requests.Session, url: str, data: dict[str, Any], page: str | None = None, **kw: Any
) -> requests.Response:
    """POST `data` to `url` with the CSRF token read from `page` (default: `url` itself)."""
    form_page = session.get(page or url, timeout=30)
    token = csrf_token(form_page.text)
    return session.post(
        url, data={"csrfmiddlewaretoken": token, **data}, allow_redirects=False, timeout=30, **kw
    )


def try_sign_in(base_url: str, username: str, password: str = DEMO_PASSWORD) -> requests.Session:
    """A session that has posted the login form once (signed in or not)."""
    session = requests.Session()
    session.last_response = post_form(  # type: ignore[attr-defined]
        session,
        f"{base_url}/accounts/login/",
        {"region": ENTRY_REGION, "username": username, "password": password},
    )
    return session


def sign_in(base_url: str, username: str, password: str = DEMO_PASSWORD) -> requests.Session:
    """A requests.Session signed in as `username` through the instance at `base_url`."""
    session = try_sign_in(base_url, username, password)
    response = session.last_response  # type: ignore[attr-defined]
    assert response.status_code == 302, f"sign-in as {username} failed: {response.status_code}"
    return session
