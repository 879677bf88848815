#!/usr/bin/env python3
"""The contract fuzzing of `make fuzz-api`: schemathesis against a fresh server.

It starts the debug binary on a temporary SQLite database filled with the demo, makes a first admin with the CLI,
registers a participant through the API, signs both in, and runs schemathesis twice on the
committed contract, once with each bearer token (the participant first: the admin's run may
block accounts). Every check is on, with every phase (examples, coverage, fuzzing and the
stateful one), a fixed seed and a bounded number of examples, so that a run is repeatable
and ends within a few minutes on 2 cores. It exits non-zero when either run found a problem:
a 5xx, a response that does not fit the contract (status, content type, headers, schema),
a request the contract calls invalid that was accepted, or the reverse.

The rate limit on /auth/* and the per-account login lock-out stay as configured by default:
the 429s and 409s they give must be documented responses, not excluded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
API = "/api/v1"
ADMIN = ("fuzz-admin@example.fi", "Aila Admin", "fuzzaus-ylläpitäjä-2026")
PARTICIPANT = ("fuzz-participant@example.fi", "Pertti Osallistuja", "fuzzaus-osallistuja-2026")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def request(base_url: str, method: str, path: str, body: dict | None = None, token: str | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    headers = {} if body is None else {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(  # noqa: S310 - our own server on loopback
        base_url + API + path, data=data, method=method, headers=headers
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as res:  # noqa: S310
            return json.loads(res.read() or b"{}")
    except urllib.error.HTTPError as err:
        sys.exit(f"{method} {path} answered {err.code}: {err.read().decode(errors='replace')}")


def wait_healthy(proc: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            sys.exit(f"the server stopped at start-up:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(base_url + API + "/health", timeout=2) as res:  # noqa: S310
                if res.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"the server did not answer within 120 s:\n{log.read_text()}")
        time.sleep(0.2)


def schemathesis(
    contract: Path,
    base_url: str,
    token: str,
    password: str,
    organisations: list[str],
    args: argparse.Namespace,
    report: Path,
) -> int:
    command = [
        str(Path(sys.executable).parent / "st"),
        "--config-file",
        str(ROOT / "tools" / "schemathesis.toml"),
        "run",
        str(contract),
        "--url",
        base_url,
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        "all",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--seed",
        str(args.seed),
        "--max-examples",
        str(args.max_examples),
        "--workers",
        str(args.workers),
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
    ]
    # tools/fuzz_hooks.py gives positive cases what no schema can say (existing ids, issued
    # cursors, the current password); it reads these.
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "fuzz_hooks",
        "PYTHONPATH": str(ROOT / "tools"),
        "SIILO_FUZZ_ORGANISATIONS": json.dumps(organisations),
        "SIILO_FUZZ_PASSWORD": password,
    }
    print("$", " ".join(c if not c.startswith("Authorization") else "'Authorization: Bearer …'" for c in command))
    sys.stdout.flush()
    # In the output folder: schemathesis keeps its state in ./.schemathesis.
    return subprocess.run(command, cwd=args.out, env=env, check=False).returncode  # noqa: S603 - the venv's own tool


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.environ.get("SIILO_BIN", str(ROOT / "target" / "debug" / "siilo")))
    parser.add_argument("--contract", default=str(ROOT / "openapi" / "openapi.json"))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--max-examples", type=int, default=25)
    # One worker: with two, CPython 3.11's ast module fails now and then under schemathesis'
    # threads ("AST constructor recursion depth mismatch"), a runtime error that is no finding.
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--roles", default="participant,admin", help="which runs, in order")
    parser.add_argument("--out", default=str(ROOT / "target" / "fuzz-api"), help="server log and reports")
    args = parser.parse_args()

    siilo = Path(args.bin)
    if not siilo.is_file():
        sys.exit(f"{siilo} does not exist: run `make build` (or set SIILO_BIN)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="siilo-fuzz-"))
    port = free_port()
    env = {
        **os.environ,
        "SIILO_DATA_DIR": str(data_dir),
        "SIILO_BIND": f"127.0.0.1:{port}",
        "SIILO_STATIC_DIR": str(data_dir / "no-web-client"),
        # The tokens must outlive both runs.
        "SIILO_ACCESS_TOKEN_TTL": "1h",
    }
    base_url = f"http://127.0.0.1:{port}"
    log = out / "server.log"
    started = time.monotonic()
    # The demo's calls, people, proposals and comments give the lists and reads something to
    # answer with, so that their schemas are checked on real data, not on empty pages.
    subprocess.run([str(siilo), "seed-demo"], env=env, capture_output=True, timeout=120, check=True)  # noqa: S603
    proc = subprocess.Popen(  # noqa: S603 - our own binary
        [str(siilo), "serve"], env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    try:
        wait_healthy(proc, base_url, log)
        email, name, password = ADMIN
        subprocess.run(  # noqa: S603
            [str(siilo), "user", "create", "--email", email, "--name", name, "--role", "admin"],
            input=password + "\n",
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        # The participant is made with the CLI too: its address counts as confirmed, so that its
        # writes reach the rules rather than stopping at `email_unverified`.
        email, name, password = PARTICIPANT
        subprocess.run(  # noqa: S603
            [str(siilo), "user", "create", "--email", email, "--name", name],
            input=password + "\n",
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        versions = {
            "terms_version": request(base_url, "GET", "/legal/terms")["version"],
            "privacy_version": request(base_url, "GET", "/legal/privacy")["version"],
        }
        tokens = {}
        for role, (email, _, password) in (("admin", ADMIN), ("participant", PARTICIPANT)):
            tokens[role] = request(base_url, "POST", "/auth/login", {"email": email, "password": password})
            # Both accept the terms in force, as the web client asks at the first sign-in.
            request(base_url, "POST", "/me/legal-acceptance", versions, tokens[role]["access_token"])
        passwords = {"admin": ADMIN[2], "participant": PARTICIPANT[2]}
        organisations = [o["id"] for o in request(base_url, "GET", "/organisations")["items"]]
        status = 0
        for role in args.roles.split(","):
            print(f"\n=== schemathesis as the {role} ===", flush=True)
            token = tokens[role]["access_token"]
            code = schemathesis(
                Path(args.contract), base_url, token, passwords[role], organisations, args, out / f"junit-{role}.xml"
            )
            print(f"=== the {role}'s run: exit {code} ===", flush=True)
            status = status or code
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"fuzz-api: {time.monotonic() - started:.0f} s; the server's log is {log}")
    return status


if __name__ == "__main__":
    sys.exit(main())
