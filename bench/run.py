#!/usr/bin/env python3
"""The benchmark driver of `make bench` and `make bench-smoke` (standard library only).

For each engine (SQLite; PostgreSQL when its URL is set) and each size, it seeds a fresh
database with `siilo seed-bench`, measures the floor (`siilo-floor`, the same stack and
database settings doing the least per request), then Siilo, with the same load tool (wrk,
from Debian) bounded in time over loopback. Each Siilo figure is set against its floor:

    /health                    vs  a bare GET
    a 20-item page, each sort   vs  a 20-row read on an index (signed in: viewer_thumbed)
    a page with q=             vs  a 20-row read
    similar-proposals POST     vs  a 20-row read (a Finnish draft's title and summary, any
                                   of its words, ranked over the whole call)
    GET /proposals/{id}        vs  a one-row read by primary key
    thumb PUT/DELETE           vs  a one-row INSERT
    comment POST               vs  a one-row INSERT
    login                      vs  one argon2 verification with Siilo's settings
    reads during a login flood vs  20-row reads during an argon2 flood
    GET /calls/{id}/stats      vs  a 20-row read (aggregates over the whole call)
    export CSV, one download   vs  a 20-row read (the whole call, streamed; its time and the
                                   server's peak RSS after it)

It prints the table, writes `latest.md` and `latest.json` into the output folder, and exits 1
when a scenario had errors or no requests (what `make bench-smoke` checks).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote

API = "/api/v1"
# Drafts as a participant types them (title, summary), for similar-proposals: Finnish, with
# words that the seed's proposals share and words that none has.
DRAFTS = [
    (
        "Yhteinen rekisteri ministeriöiden avustuksille",
        "Kootaan avustustiedot yhteen rekisteriin, jotta hakija näkee päätöksen etenemisen.",
    ),
    (
        "Sähköinen allekirjoitus kaikkiin lupaprosesseihin",
        "Luvan hakija allekirjoittaa hakemuksen verkossa ilman paperia ja postia.",
    ),
    (
        "Etätyökokeilu virastojen yhteisissä tiloissa",
        "Virastot avaavat toimitilansa toistensa työntekijöille kolmeksi kuukaudeksi.",
    ),
    (
        "Perehdytys uusille työntekijöille yhteisellä verkkokurssilla",
        "Hallinnonalat tekevät perehdytyksen yhdessä, eikä jokainen virasto tee samaa työtä.",
    ),
    (
        "Asiointikanavan palvelupolku ikääntyneille",
        "Selvitetään, missä kohdin ikääntyneet asiakkaat jäävät jonoon, ja kokeillaan puhelinneuvontaa.",
    ),
    (
        "Raportoinnin keventäminen tietovarannon avulla",
        "Tiedot kerätään kerran yhteiseen tietovarantoon, josta raportit syntyvät automaattisesti.",
    ),
]
SORTS = ["random", "top", "newest", "most_commented", "trending"]


@dataclass
class Settings:
    mode: str
    bin_dir: Path
    out_dir: Path
    sizes: list[int]
    duration: float
    connections: int
    threads: int
    postgres_url: str | None
    login_users: int
    only: list[str] = field(default_factory=list)

    def wants(self, scenario: str) -> bool:
        """Whether `--only` leaves this scenario in (all of them without it)."""
        return not self.only or any(o in scenario for o in self.only)


@dataclass
class Figure:
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    first_error: str = ""


@dataclass
class Row:
    scenario: str
    floor: str
    siilo: Figure
    base: Figure
    rss_mb: float
    hwm_mb: float

    @property
    def slower(self) -> float:
        return self.base.rps / self.siilo.rps if self.siilo.rps else float("inf")


@dataclass
class Run:
    engine: str
    size: int
    users: int
    seed_seconds: float
    thumbs: int
    comments: int
    rows: list[Row] = field(default_factory=list)
    floor_rss_mb: float = 0.0


# --- processes -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def memory_mb(pid: int) -> tuple[float, float]:
    """VmRSS and VmHWM of the process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def request(method: str, url: str, body: dict | None = None, token: str | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read() or b"{}")


# --- wrk -----------------------------------------------------------------------------------

# Each thread takes its share of the prepared requests (in groups, so a thumb's PUT and DELETE
# stay with one thread) and cycles through them. done() writes the figures as JSON.
LUA = r"""
local specs = %(specs)s
local group = %(group)d
local nthreads = %(threads)d
local out = %(out)s
local counter = 0
local threads = {}
function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  mine = {}
  local groups = math.floor(#specs / group)
  for g = 0, groups - 1 do
    if g %% nthreads == tid or groups < nthreads then
      for j = 1, group do
        local s = specs[g * group + j]
        local h = {}
        if s[3] ~= "" then h["Authorization"] = "Bearer " .. s[3] end
        local body = nil
        if s[4] ~= "" then h["Content-Type"] = "application/json"; body = s[4] end
        table.insert(mine, wrk.format(s[1], s[2], h, body))
      end
    end
  end
  i = 0
  bad = 0
  bad_status = 0
  bad_body = ""
end
function request()
  i = i %% #mine + 1
  return mine[i]
end
%(response)s
function done(summary, latency, requests)
  local e = summary.errors
  local first = ""
  for _, t in ipairs(threads) do
    local s = t:get("bad_status")
    if s and s ~= 0 and first == "" then first = tostring(s) .. " " .. (t:get("bad_body") or "") end
  end
  local f = io.open(out, "w")
  f:write(string.format(
    '{"requests":%%d,"duration_us":%%d,"errors":%%d,"p50_us":%%d,"p99_us":%%d,"first_error":"%%s"}',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(99), first))
  f:close()
end
"""

# Only the smoke run looks at each response, to say what went wrong.
LUA_RESPONSE = r"""
function response(status, headers, body)
  if status >= 400 and bad_status == 0 then
    bad_status = status
    bad_body = string.gsub(string.sub(body or "", 1, 300), '[%%c"\\]', " ")
  end
end
"""


def lua_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def wrk(
    s: Settings,
    base_url: str,
    specs: list[tuple[str, str, str, str]],
    group: int = 1,
    connections: int | None = None,
    tmp: Path | None = None,
) -> subprocess.Popen:
    """Starts wrk over the requests `specs` (method, path, bearer token, JSON body)."""
    assert tmp is not None
    fd, out = tempfile.mkstemp(suffix=".json", dir=tmp)
    os.close(fd)
    script = Path(out).with_suffix(".lua")
    table = "{" + ",".join("{" + ",".join(lua_string(x) for x in spec) + "}" for spec in specs) + "}"
    threads = s.threads
    script.write_text(
        LUA
        % {
            "specs": table,
            "group": group,
            "threads": threads,
            "out": lua_string(out),
            "response": LUA_RESPONSE if s.mode == "smoke" else "",
        }
    )
    c = max(connections or s.connections, threads)
    cmd = [
        "wrk",
        f"-t{threads}",
        f"-c{c}",
        f"-d{max(1, round(s.duration))}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        base_url,
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    proc.out = out  # type: ignore[attr-defined]
    return proc


def collect(proc: subprocess.Popen) -> Figure:
    err, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"wrk failed: {err}")
    r = json.loads(Path(proc.out).read_text())  # type: ignore[attr-defined]
    seconds = r["duration_us"] / 1e6 or 1.0
    return Figure(
        requests=r["requests"],
        rps=r["requests"] / seconds,
        p50_ms=r["p50_us"] / 1000,
        p99_ms=r["p99_us"] / 1000,
        errors=r["errors"],
        first_error=r["first_error"],
    )


def measure(s: Settings, base_url: str, specs, group: int = 1, tmp: Path | None = None) -> Figure:
    return collect(wrk(s, base_url, specs, group, tmp=tmp))


def measure_during(s: Settings, base_url: str, reads, flood, tmp: Path) -> tuple[Figure, Figure]:
    """Reads measured while a flood runs at the same time (half the connections each)."""
    half = max(s.connections // 2, s.threads)
    f = wrk(s, base_url, flood, connections=half, tmp=tmp)
    r = wrk(s, base_url, reads, connections=half, tmp=tmp)
    return collect(r), collect(f)


# --- one engine at one size ----------------------------------------------------------------


def database(engine: str, s: Settings, tmp: Path, size: int) -> tuple[str, callable]:
    if engine == "sqlite":
        path = tmp / f"bench-{size}.db"
        return f"sqlite://{path}", lambda: None
    assert s.postgres_url
    name = f"siilo_bench_{size}_{os.getpid()}"
    admin = s.postgres_url.rstrip("/") + "/postgres"
    psql = ["psql", admin, "-qAtc"]
    subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)
    subprocess.run([*psql, f'CREATE DATABASE "{name}"'], check=True)
    return f"{s.postgres_url.rstrip('/')}/{name}", lambda: subprocess.run(
        [*psql, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=False
    )


def run_one(engine: str, size: int, s: Settings, tmp: Path) -> Run:
    url, drop = database(engine, s, tmp, size)
    try:
        return measure_engine(engine, size, url, s, tmp)
    finally:
        drop()


def export_once(url: str, token: str, size: int) -> tuple[Figure, int]:
    """Downloads the call's export once, reading it as it streams; an error unless it holds
    exactly the call's `size` proposals after the BOM and the header."""
    req = urllib.request.Request(url)
    req.add_header("Authorization", f"Bearer {token}")
    started = time.monotonic()
    rows, first, error = 0, b"", ""
    try:
        with urllib.request.urlopen(req, timeout=600) as res:
            while chunk := res.read(1 << 16):
                if not first:
                    first = chunk[:3]
                # Titles and summaries hold no line breaks in the seed: a line is a record.
                rows += chunk.count(b"\n")
    except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
        error = str(e)
    seconds = time.monotonic() - started
    rows -= 1
    if not error and (first != b"\xef\xbb\xbf" or rows != size):
        error = f"{rows} rows for {size} proposals, starting {first!r}"
    ms = seconds * 1000
    return Figure(1, 1 / seconds if seconds else 0.0, ms, ms, 1 if error else 0, error), rows


def measure_engine(engine: str, size: int, url: str, s: Settings, tmp: Path) -> Run:
    siilo = s.bin_dir / "siilo"
    floor = s.bin_dir / "siilo-floor"
    data_dir = tmp / f"data-{engine}-{size}"
    data_dir.mkdir()
    env = {
        **os.environ,
        "SIILO_DATABASE_URL": url,
        "SIILO_DATA_DIR": str(data_dir),
        "SIILO_JWT_SECRET": secrets.token_hex(32),
        "SIILO_STATIC_DIR": str(tmp / "no-web-client"),
        # The benchmark signs in far more often than one address may in real use.
        "SIILO_RATE_LIMIT_AUTH_PER_MINUTE": "100000000",
        "RUST_LOG": "warn",
    }
    users = max(40, min(size // 10, 10_000))
    started = time.monotonic()
    seeded = subprocess.run(
        [str(siilo), "seed-bench", "--proposals", str(size), "--users", str(users)],
        env=env,
        capture_output=True,
        text=True,
    )
    if seeded.returncode != 0:
        raise SystemExit(f"seed-bench failed:\n{seeded.stderr}")
    summary = json.loads(seeded.stdout.strip().splitlines()[-1])
    seed_seconds = time.monotonic() - started
    print(
        f"[{engine} {size}] seeded in {seed_seconds:.1f} s: {summary['thumbs']} thumbs, {summary['comments']} comments",
        flush=True,
    )
    run = Run(engine, size, users, seed_seconds, summary["thumbs"], summary["comments"])
    call = summary["call_id"]
    ids = summary["proposal_ids"]
    numbers = [(i * 7919) % max(size - 20, 1) for i in range(256)]

    # The floor, right before Siilo.
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp / f"floor-{engine}-{size}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(floor)],
            env={**env, "FLOOR_DATABASE_URL": url, "FLOOR_BIND": f"127.0.0.1:{port}"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_http(f"{base}/bare", proc, log)
        rows = [("GET", f"/rows/{call}?after={n}", "", "") for n in numbers]
        verify = [("POST", "/verify", "", "")]
        fl = {
            "bare": measure(s, base, [("GET", "/bare", "", "")], tmp=tmp),
            "row": measure(s, base, [("GET", f"/row/{i}", "", "") for i in ids], tmp=tmp),
            "rows": measure(s, base, rows, tmp=tmp),
            "insert": measure(s, base, [("POST", "/insert", "", "")], tmp=tmp),
            "verify": measure(s, base, verify, tmp=tmp),
        }
        fl["rows during verify flood"], _ = measure_during(s, base, rows, verify, tmp)
        run.floor_rss_mb = memory_mb(proc.pid)[1]
    finally:
        stop(proc)

    # Siilo.
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp / f"siilo-{engine}-{size}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(siilo), "serve"], env={**env, "SIILO_BIND": f"127.0.0.1:{port}"}, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_http(f"{base}{API}/health", proc, log)
        emails = summary["emails"][: s.login_users]
        tokens = [
            request("POST", f"{base}{API}/auth/login", {"email": e, "password": summary["password"]})["access_token"]
            for e in emails
        ]
        words = summary["search_words"]

        def page(query: str) -> list[tuple[str, str, str, str]]:
            return [("GET", f"{API}/calls/bench/proposals?{query}&limit=20", t, "") for t in tokens]

        thumbs = []
        for k in range(max(len(tokens) * 4, 64)):
            t, pid = tokens[k % len(tokens)], ids[(k * 31) % len(ids)]
            thumbs += [
                ("PUT", f"{API}/proposals/{pid}/thumb", t, ""),
                ("DELETE", f"{API}/proposals/{pid}/thumb", t, ""),
            ]
        comment = json.dumps({"body": "Kannatan, hyvä ehdotus."})
        logins = [
            ("POST", f"{API}/auth/login", "", json.dumps({"email": e, "password": summary["password"]})) for e in emails
        ]
        # The ranking and review progress, read by the call's evaluators (blind: each sees the
        # proposals they have not reviewed after the others).
        evaluator_tokens = [
            request("POST", f"{base}{API}/auth/login", {"email": e, "password": summary["password"]})["access_token"]
            for e in summary["evaluator_emails"]
        ]

        def ranking(sort: str) -> list[tuple[str, str, str, str]]:
            return [("GET", f"{API}/calls/{call}/ranking?sort={sort}&limit=20", t, "") for t in evaluator_tokens]

        scenarios: list[tuple[str, str, object, int]] = [
            ("/health", "bare", [("GET", f"{API}/health", "", "")], 1),
            *[(f"page sort={sort}", "rows", page(f"sort={sort}"), 1) for sort in SORTS],
            (
                "page q=",
                "rows",
                [
                    ("GET", f"{API}/calls/bench/proposals?q={quote(words[i % len(words)])}&limit=20", t, "")
                    for i, t in enumerate(tokens)
                ],
                1,
            ),
            (
                "GET /proposals/{id}",
                "row",
                [("GET", f"{API}/proposals/{i}", tokens[n % len(tokens)], "") for n, i in enumerate(ids)],
                1,
            ),
            *[(f"ranking sort={sort}", "rows", ranking(sort), 1) for sort in ("score", "spread", "thumbs")],
            (
                "review-progress",
                "rows",
                [("GET", f"{API}/calls/{call}/review-progress", t, "") for t in evaluator_tokens],
                1,
            ),
            ("thumb PUT/DELETE", "insert", thumbs, 2),
            (
                "comment POST",
                "insert",
                [("POST", f"{API}/proposals/{ids[n % len(ids)]}/comments", t, comment) for n, t in enumerate(tokens)],
                1,
            ),
            ("login", "verify", logins, 1),
            ("GET /calls/{id}/stats", "rows", [("GET", f"{API}/calls/bench/stats", "", "")], 1),
            (
                "similar-proposals POST",
                "rows",
                [
                    (
                        "POST",
                        f"{API}/calls/bench/similar-proposals",
                        t,
                        json.dumps({"title": DRAFTS[i % len(DRAFTS)][0], "summary": DRAFTS[i % len(DRAFTS)][1]}),
                    )
                    for i, t in enumerate(tokens)
                ],
                1,
            ),
        ]
        for name, floor_name, specs, group in scenarios:
            if not s.wants(name):
                continue
            fig = measure(s, base, specs, group, tmp=tmp)
            rss, hwm = memory_mb(proc.pid)
            run.rows.append(Row(name, floor_name, fig, fl[floor_name], rss, hwm))
            print(
                f"[{engine} {size}] {name}: {fig.rps:.0f}/s, p99 {fig.p99_ms:.1f} ms, errors {fig.errors}", flush=True
            )
        if s.only:
            return run
        credentials = {"email": summary["admin_email"], "password": summary["password"]}
        admin = request("POST", f"{base}{API}/auth/login", credentials)["access_token"]
        fig, rows_out = export_once(f"{base}{API}/calls/bench/export?format=csv", admin, size)
        rss, hwm = memory_mb(proc.pid)
        run.rows.append(Row("export CSV (one download)", "rows", fig, fl["rows"], rss, hwm))
        print(
            f"[{engine} {size}] export CSV: {fig.p50_ms / 1000:.1f} s, {rows_out} rows, "
            f"RSS {rss:.0f} MB, peak {hwm:.0f} MB",
            flush=True,
        )
        reads, _ = measure_during(s, base, page("sort=top"), logins, tmp)
        rss, hwm = memory_mb(proc.pid)
        run.rows.append(
            Row(
                "page sort=top during a login flood",
                "rows during verify flood",
                reads,
                fl["rows during verify flood"],
                rss,
                hwm,
            )
        )
    finally:
        stop(proc)
    return run


# --- reporting -----------------------------------------------------------------------------


def table(run: Run) -> str:
    lines = [
        f"### {run.engine}, {run.size:,} proposals ({run.users:,} users, {run.thumbs:,} thumbs, "
        f"{run.comments:,} comments; seeded in {run.seed_seconds:.1f} s; floor peak RSS {run.floor_rss_mb:.0f} MB)",
        "",
        "| scenario | floor | req/s | floor req/s | × slower | p50 ms | p99 ms | floor p50 / p99 ms | errors "
        "| RSS / peak MB |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in run.rows:
        lines.append(
            f"| {r.scenario} | {r.floor} | {r.siilo.rps:.0f} | {r.base.rps:.0f} | {r.slower:.1f}× | "
            f"{r.siilo.p50_ms:.1f} | {r.siilo.p99_ms:.1f} | {r.base.p50_ms:.1f} / {r.base.p99_ms:.1f} | "
            f"{r.siilo.errors} | {r.rss_mb:.0f} / {r.hwm_mb:.0f} |"
        )
    return "\n".join(lines)


def scale_table(runs: list[Run]) -> str:
    """Each scenario's p50 at the largest size against the smallest, per engine."""
    out = []
    for engine in sorted({r.engine for r in runs}):
        mine = sorted((r for r in runs if r.engine == engine), key=lambda r: r.size)
        if len(mine) < 2:
            continue
        small, large = mine[0], mine[-1]
        out += [
            f"### {engine}: p50 at {large.size:,} vs at {small.size:,} proposals",
            "",
            "| scenario | p50 ms small | p50 ms large | × |",
            "| --- | ---: | ---: | ---: |",
        ]
        for a, b in zip(small.rows, large.rows, strict=True):
            ratio = b.siilo.p50_ms / a.siilo.p50_ms if a.siilo.p50_ms else float("inf")
            out.append(f"| {a.scenario} | {a.siilo.p50_ms:.1f} | {b.siilo.p50_ms:.1f} | {ratio:.1f}× |")
        out.append("")
    return "\n".join(out)


def meta(s: Settings) -> dict:
    version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[:1]
    return {
        "mode": s.mode,
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "binaries": str(s.bin_dir),
        "tool": version[0] if version else "wrk",
        "duration_s": s.duration,
        "connections": s.connections,
        "threads": s.threads,
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg(),
        "machine": platform.platform(),
    }


def write(s: Settings, runs: list[Run], info: dict) -> None:
    s.out_dir.mkdir(parents=True, exist_ok=True)
    md = [
        f"# Siilo against its floor ({info['mode']}, {info['date']})",
        "",
        f"{info['tool']}, {info['threads']} threads, {info['connections']} connections, {info['duration_s']} s a "
        f"figure, {info['cpus']} CPUs, load average at start {info['load_average_at_start'][0]:.1f}; "
        f"binaries {info['binaries']}. `× slower` is the floor's requests per second over Siilo's.",
        "",
    ]
    for run in runs:
        md += [table(run), ""]
    md.append(scale_table(runs))
    (s.out_dir / "latest.md").write_text("\n".join(md).rstrip() + "\n")
    data = {
        "meta": info,
        "runs": [{**asdict(r), "rows": [{**asdict(x), "slower": x.slower} for x in r.rows]} for r in runs],
    }
    (s.out_dir / "latest.json").write_text(json.dumps(data, indent=2) + "\n")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--mode", choices=["full", "smoke"], default="full")
    p.add_argument("--bin-dir", type=Path, default=Path("target/release"))
    p.add_argument("--out", type=Path, default=Path("bench/results"))
    p.add_argument("--sizes", help="comma-separated proposal counts (default 1000,100000; smoke 200)")
    p.add_argument("--duration", type=float, help="seconds a figure (default 10; smoke 1)")
    p.add_argument("--connections", type=int, help="default 16; smoke 4")
    p.add_argument("--only", help="comma-separated parts of scenario names: measure only those (no export or flood)")
    a = p.parse_args()
    smoke = a.mode == "smoke"
    pg = os.environ.get("SIILO_TEST_POSTGRES_URL" if smoke else "SIILO_BENCH_POSTGRES_URL") or None
    sizes = [int(x) for x in a.sizes.split(",")] if a.sizes else ([200] if smoke else [1000, 100_000])
    s = Settings(
        mode=a.mode,
        bin_dir=a.bin_dir,
        out_dir=a.out,
        sizes=sizes,
        duration=a.duration or (1.0 if smoke else 10.0),
        connections=a.connections or (4 if smoke else 16),
        threads=2,
        postgres_url=pg,
        login_users=8 if smoke else 64,
        only=[o for o in (a.only or "").split(",") if o],
    )
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: `make bench-tools` installs it (apt-get install wrk)")
    for b in ("siilo", "siilo-floor"):
        if not (s.bin_dir / b).exists():
            raise SystemExit(f"{s.bin_dir / b} is missing: build it first")
    info = meta(s)
    engines = ["sqlite"] + (["postgres"] if pg else [])
    if not pg:
        var = "SIILO_TEST_POSTGRES_URL" if smoke else "SIILO_BENCH_POSTGRES_URL"
        print(f"note: {var} is unset: PostgreSQL is not measured", flush=True)
    runs = []
    with tempfile.TemporaryDirectory(prefix="siilo-bench-") as t:
        for engine in engines:
            for size in s.sizes:
                runs.append(run_one(engine, size, s, Path(t)))
    write(s, runs, info)
    print((s.out_dir / "latest.md").read_text())
    problems = [
        f"{r.engine} {r.size} {row.scenario}: {row.siilo.errors} errors of {row.siilo.requests} "
        f"(floor {row.base.errors}) {row.siilo.first_error or row.base.first_error}"
        for r in runs
        for row in r.rows
        if row.siilo.errors or row.base.errors or not row.siilo.requests or not row.base.requests
    ]
    for f in ("latest.md", "latest.json"):
        if not (s.out_dir / f).stat().st_size:
            problems.append(f"{f} is empty")
    if problems:
        print("FAILED:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    print(f"wrote {s.out_dir / 'latest.md'} and {s.out_dir / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
