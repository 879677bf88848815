#!/usr/bin/env python3
"""No silent breaking change of the API contract.

Compares openapi/openapi.json with the baseline openapi/baseline.json (until the first release
tag: `make api-baseline` refreshes it) with Optic's OpenAPI diff (@useoptic/optic from npm,
pinned in tools/api-diff/package.json). Optic's breaking-changes rules flag a removed operation,
response, field or enum value, a narrowed type, a new required request field, and more; they
skip themselves when the major version of `info.version` was raised.

    python3 tools/api_diff.py check [BASELINE CONTRACT]   # make api-diff; part of make test
    python3 tools/api_diff.py baseline                    # make api-baseline

`check` fails on a breaking change unless the contract's `info.version` raised the major
version over the baseline's; it also fails when `info.version` is not semantic versioning or
went down. Additive changes pass and are printed. `baseline` adds the changes since the old
baseline to docs/api-changelog.md under the contract's version and makes the contract the
new baseline.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "openapi" / "openapi.json"
BASELINE = ROOT / "openapi" / "baseline.json"
CHANGELOG = ROOT / "docs" / "api-changelog.md"
OPTIC = ROOT / "tools" / "api-diff" / "node_modules" / ".bin" / "optic"
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
CHANGELOG_START = "<!-- entries: `make api-baseline` adds the newest on top -->"


class CheckFailed(Exception):
    pass


def version(path: Path) -> tuple[int, int, int]:
    doc = json.loads(path.read_text())
    raw = str(doc.get("info", {}).get("version", ""))
    m = SEMVER.match(raw)
    if not m:
        raise CheckFailed(f"{path.name}: info.version {raw!r} is not semantic versioning (MAJOR.MINOR.PATCH)")
    return int(m[1]), int(m[2]), int(m[3])


def optic_diff(base: Path, head: Path) -> tuple[bool, str]:
    """Optic's verdict (True: no breaking change) and its report, without positions and links."""
    if not OPTIC.exists():
        raise CheckFailed(f"{OPTIC} is missing: run `make api-diff` (it installs tools/api-diff)")
    with tempfile.TemporaryDirectory(prefix="siilo-api-diff-") as tmp:
        # Optic writes ci-run-details.json into its working directory under CI: keep it out of the tree.
        env = {
            **os.environ,
            "OPTIC_TELEMETRY_LEVEL": "off",
            "NO_UPDATE_NOTIFIER": "1",
            "NO_COLOR": "1",
            "FORCE_COLOR": "0",
        }
        done = subprocess.run(
            [str(OPTIC), "diff", str(base.resolve()), str(head.resolve()), "--check", "--severity", "error"],
            cwd=tmp,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    report = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout + done.stderr)
    for path in (base, head):
        resolved = path.resolve()
        shown = resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else resolved
        report = report.replace(str(resolved), str(shown))
    # Exit 1 with failed checks is a breaking change; any other failure is not a verdict.
    checks = re.search(r"Checks: (\d+)/(\d+) passed", report)
    if done.returncode not in (0, 1) or "Operations:" not in report or (done.returncode == 1 and not checks):
        raise CheckFailed(f"optic could not compare the documents (exit {done.returncode}):\n{report}")
    keep = [
        line.rstrip()
        for line in report.splitlines()
        if line.strip()
        and not re.match(r"\s*at .+:\d+:\d+\s*$", line)
        and not re.search(r"Preview docs|Rerun this command|useoptic\.com", line)
    ]
    return done.returncode == 0, "\n".join(keep)


def check(base: Path = BASELINE, head: Path = CONTRACT) -> str:
    """Raises CheckFailed on a breaking change without a major version; returns the report."""
    if not base.exists():
        raise CheckFailed(f"{base} is missing: run `make api-baseline` and commit it")
    old, new = version(base), version(head)
    if new < old:
        raise CheckFailed(f"info.version went down from {'.'.join(map(str, old))} to {'.'.join(map(str, new))}")
    compatible, report = optic_diff(base, head)
    if new[0] > old[0]:
        # Optic's breaking-changes rules skip themselves when the major version was raised.
        return f"{report}\n\nBreaking changes are allowed by the new major version {new[0]} (was {old[0]})."
    if not compatible:
        raise CheckFailed(
            f"{report}\n\nThe contract breaks clients of the baseline {'.'.join(map(str, old))}. Keep the old "
            "shape (add instead of change), or raise the major version of info.version on purpose "
            "and note it in docs/api-changelog.md."
        )
    return report


def record_baseline() -> None:
    """Adds the changes since the old baseline to the changelog, then replaces the baseline."""
    if BASELINE.exists() and BASELINE.read_bytes() == CONTRACT.read_bytes():
        print("openapi/baseline.json already equals openapi/openapi.json")
        return
    if BASELINE.exists():
        try:
            _, report = optic_diff(BASELINE, CONTRACT)
        except CheckFailed as e:
            # An old baseline that is not a valid document (0.1.0 lacked response descriptions)
            # cannot be compared; the contract must be.
            version(CONTRACT)
            optic_diff(CONTRACT, CONTRACT)
            first = str(e).splitlines()[1:2] or [str(e)]
            report = f"The previous baseline could not be compared ({first[0].strip()}); this one replaces it."
        changelog = CHANGELOG.read_text()
        if CHANGELOG_START not in changelog:
            raise CheckFailed(f"{CHANGELOG} lacks the line {CHANGELOG_START}")
        ver = ".".join(map(str, version(CONTRACT)))
        entry = f"\n\n## {ver} ({dt.date.today().isoformat()})\n\n```text\n{report}\n```"
        CHANGELOG.write_text(changelog.replace(CHANGELOG_START, CHANGELOG_START + entry, 1))
    shutil.copyfile(CONTRACT, BASELINE)
    print("openapi/baseline.json now equals openapi/openapi.json; commit it with docs/api-changelog.md")


def main(args: list[str]) -> int:
    try:
        if args and args[0] == "check" and len(args) in (1, 3):
            paths = [Path(a) for a in args[1:]]
            print(check(*paths))
        elif args == ["baseline"]:
            record_baseline()
        else:
            print(__doc__)
            return 2
    except CheckFailed as e:
        print(f"API diff: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
