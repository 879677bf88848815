"""Fixtures of the API tests run by `make test-api`: a fresh server per test module and database
(the debug binary on a temporary SQLite database, and on a fresh PostgreSQL database when
SIILO_TEST_POSTGRES_URL is set, each on a free port), a first admin made with the CLI, and
a Python client generated from the committed contract."""

from __future__ import annotations

import importlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADMIN_EMAIL = "admin@example.fi"
ADMIN_PASSWORD = "admin-salasana-2026"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--contract",
        default=str(ROOT / "openapi" / "openapi.json"),
        help="the OpenAPI document to generate the client from (default: the committed one)",
    )


def siilo_bin() -> Path:
    path = Path(os.environ.get("SIILO_BIN", ROOT / "target" / "debug" / "siilo"))
    if not path.is_file():
        pytest.fail(f"{path} does not exist: run `make build` (or set SIILO_BIN)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base_url: str
    env: dict[str, str]
    log: Path
    #: Where the SMTP sink (tools/smtp_sink.py) keeps what the server sends, one JSON file each.
    mail_dir: Path

    def email_token(self, recipient: str, path: str, timeout: float = 30) -> str:
        """The token of the link to `path` (`…#token=<token>`) in the first email to `recipient`
        that has one, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for file in sorted(self.mail_dir.glob("*.json")):
                mail = json.loads(file.read_text())
                if recipient in mail["rcpt_tos"]:
                    for word in (mail["text"] or "").split():
                        if path in word and "#token=" in word:
                            return urllib.parse.unquote(word.split("#token=", 1)[1].rstrip(".,)"))
            time.sleep(0.1)
        pytest.fail(f"no email to {recipient} with a link to {path} within {timeout} s")

    def cli(self, *args: str, stdin: str = "") -> str:
        """Runs `siilo ARGS` on this server's database and returns its output."""
        done = subprocess.run(
            [str(siilo_bin()), *args],
            input=stdin,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"siilo {' '.join(args)} failed: {done.stderr}{done.stdout}")
        return done.stdout

    def create_admin(self) -> tuple[str, str]:
        self.cli(
            "user",
            "create",
            "--email",
            ADMIN_EMAIL,
            "--name",
            "Aila Admin",
            "--role",
            "admin",
            stdin=ADMIN_PASSWORD + "\n",
        )
        return ADMIN_EMAIL, ADMIN_PASSWORD


def start_sink(mail_dir: Path) -> tuple[subprocess.Popen[str], str]:
    """The test SMTP server (aiosmtpd, tools/smtp_sink.py) and its `smtp://` address."""
    mail_dir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(  # noqa: S603 - our own script
        [sys.executable, str(ROOT / "tools" / "smtp_sink.py"), "--dir", str(mail_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("listening "):
        proc.kill()
        pytest.fail(f"the SMTP sink did not start: {line!r}")
    return proc, "smtp://" + line.removeprefix("listening ")


def start_server(
    tmp: Path, extra_env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], Server, subprocess.Popen[str]]:
    port = free_port()
    sink, smtp_url = start_sink(tmp / "mail")
    env = {
        **os.environ,
        "SIILO_DATA_DIR": str(tmp),
        "SIILO_BIND": f"127.0.0.1:{port}",
        "SIILO_STATIC_DIR": str(tmp / "no-web-client"),
        "SIILO_SMTP_URL": smtp_url,
        "SIILO_MAIL_POLL": "200ms",
        **(extra_env or {}),
    }
    log = tmp / "server.log"
    proc = subprocess.Popen(  # noqa: S603 - our own binary
        [str(siilo_bin()), "serve"], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            pytest.fail(f"the server stopped at start-up:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/health", timeout=2) as res:
                if res.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the server did not answer within 120 s:\n{log.read_text()}")
        time.sleep(0.2)
    return proc, Server(base_url=base_url, env=env, log=log, mail_dir=tmp / "mail"), sink


def psql(url: str, sql: str) -> None:
    """Runs one statement on the PostgreSQL server at `url` (its `postgres` database)."""
    done = subprocess.run(
        ["psql", f"{url}/postgres", "-qAtc", sql], capture_output=True, text=True, timeout=60, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"psql {sql!r} failed: {done.stderr}")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """A fresh server on SQLite, and one on a fresh PostgreSQL database when
    SIILO_TEST_POSTGRES_URL names a server (as in the Rust black-box tests); without it the
    PostgreSQL case is reported as skipped."""
    extra_env: dict[str, str] = {}
    database = None
    pg_url = os.environ.get("SIILO_TEST_POSTGRES_URL", "").rstrip("/")
    if request.param == "postgres":
        if not pg_url:
            pytest.skip("SIILO_TEST_POSTGRES_URL is unset: the PostgreSQL case is skipped")
        database = f"siilo_py_{os.getpid()}_{request.node.name.replace('-', '_').lower()}"[:60]
        database = "".join(c if c.isalnum() or c == "_" else "_" for c in database)
        psql(pg_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        psql(pg_url, f'CREATE DATABASE "{database}"')
        extra_env["SIILO_DATABASE_URL"] = f"{pg_url}/{database}"
    proc, srv, sink = start_server(tmp_path_factory.mktemp("siilo"), extra_env)
    yield srv
    sink.terminate()
    sink.wait(timeout=20)
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if database is not None:
        psql(pg_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def generate(contract: Path, out: Path) -> str | None:
    """Generates the client package `out` from `contract`; None when that went cleanly, else
    the generator's output. Any warning (a skipped operation or model) counts as a failure."""
    venv_bin = str(Path(sys.executable).parent)
    done = subprocess.run(
        [
            str(Path(venv_bin) / "openapi-python-client"),
            "generate",
            "--path",
            str(contract),
            "--output-path",
            str(out),
            "--meta",
            "none",
            "--fail-on-warning",
        ],
        env={**os.environ, "PATH": venv_bin + os.pathsep + os.environ.get("PATH", "")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = done.stdout + done.stderr
    clean = done.returncode == 0 and "warning" not in output.lower() and "error" not in output.lower()
    return None if clean else output or f"exit {done.returncode}"


@pytest.fixture(scope="session")
def generated_client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The package `siilo_api_client`, generated from the contract into a temporary folder."""
    contract = Path(request.config.getoption("--contract"))
    out = tmp_path_factory.mktemp("client") / "siilo_api_client"
    if (problem := generate(contract, out)) is not None:
        pytest.fail(f"openapi-python-client did not generate a clean client from {contract}:\n{problem}")
    sys.path.insert(0, str(out.parent))
    return importlib.import_module("siilo_api_client")
