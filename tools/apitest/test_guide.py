"""docs/api.md cannot drift: its `sh` examples run in order in one shell against a fresh server
with the demo, and each answer must match the `json` block that follows the example; its table
of error codes must be the one the server generates from its `ErrorCode`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Server, siilo_bin

GUIDE = ROOT / "docs" / "api.md"
ANY = "…"
DELIMITER = "@@siilo-guide-example@@"


def examples(markdown: str) -> list[tuple[str, list[Any] | None]]:
    """The `sh` blocks, each with the JSON values of the `json` block right after it (if any)."""
    blocks = re.findall(r"^```(\w*)\n(.*?)^```$", markdown, flags=re.M | re.S)
    out: list[tuple[str, list[Any] | None]] = []
    for lang, body in blocks:
        if lang == "sh":
            out.append((body, None))
        elif lang == "json" and out and out[-1][1] is None:
            out[-1] = (out[-1][0], json_values(body))
    return out


def json_values(text: str) -> list[Any]:
    """The JSON values of a text, one after another (jq prints one per line or block)."""
    decoder, values, i = json.JSONDecoder(), [], 0
    text = text.strip()
    while i < len(text):
        value, i = decoder.raw_decode(text, i)
        values.append(value)
        while i < len(text) and text[i].isspace():
            i += 1
    return values


def mismatch(expected: Any, actual: Any, path: str = "$") -> str | None:
    """Where `actual` does not match the abridged `expected`, or None when it does."""
    if expected == ANY:
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{path}: expected an object, got {actual!r}"
        for key, value in expected.items():
            if key not in actual:
                return f"{path}: no field {key!r}"
            if found := mismatch(value, actual[key], f"{path}.{key}"):
                return found
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{path}: expected a list, got {actual!r}"
        more = bool(expected) and expected[-1] == ANY
        items = expected[:-1] if more else expected
        if len(actual) < len(items) or (not more and len(actual) != len(items)):
            return f"{path}: expected {len(items)}{'+' if more else ''} items, got {len(actual)}"
        for i, item in enumerate(items):
            if found := mismatch(item, actual[i], f"{path}[{i}]"):
                return found
        return None
    if expected != actual:
        return f"{path}: expected {expected!r}, got {actual!r}"
    return None


def test_the_matcher_refuses_what_differs() -> None:
    assert mismatch({"a": 1, "b": ANY}, {"a": 1, "b": [2], "c": 3}) is None
    assert mismatch({"a": 1}, {"a": 2}) == "$.a: expected 1, got 2"
    assert mismatch({"a": 1}, {}) == "$: no field 'a'"
    assert mismatch([1, ANY], [1, 2, 3]) is None
    assert mismatch([1], [1, 2]) is not None
    assert mismatch({"code": "x"}, "not json") is not None


def test_the_guide_has_examples_for_a_first_call_a_signed_in_write_and_an_error() -> None:
    found = examples(GUIDE.read_text())
    assert len(found) >= 4
    assert all(answer is not None for _, answer in found), "every example shows its answer"
    scripts = "\n".join(script for script, _ in found)
    assert "Authorization: Bearer" in scripts and "/auth/refresh" in scripts
    assert any(isinstance(v, dict) and "code" in v for _, answer in found for v in answer or [])


#: Prints the token of the first link with one in an email to argv[2] in the sink's folder
#: argv[1], waiting up to 30 s for it.
READ_TOKEN = (
    "import glob, json, sys, time, urllib.parse\n"
    "for _ in range(300):\n"
    "    for f in sorted(glob.glob(sys.argv[1] + '/*.json')):\n"
    "        m = json.load(open(f))\n"
    "        words = [w for w in (m['text'] or '').split() if '#token=' in w]\n"
    "        if sys.argv[2] in m['rcpt_tos'] and words:\n"
    "            print(urllib.parse.unquote(words[0].split('#token=', 1)[1].rstrip('.,)'))); sys.exit(0)\n"
    "    time.sleep(0.1)\n"
    "sys.exit('no email with a link')"
)


def test_the_guides_curl_examples_give_the_answers_it_shows(server: Server) -> None:
    server.cli("seed-demo")
    found = examples(GUIDE.read_text())
    script = "set -euo pipefail\n" + "".join(f"{body}\necho '{DELIMITER}'\n" for body, _ in found)
    # The reader copies a link's token from their mailbox; here it comes from the test SMTP server.
    script = re.sub(
        r'^TOKEN="…"\s+#.*emailed to (\S+)$',
        lambda m: f'TOKEN="$({sys.executable} -c "{READ_TOKEN}" {server.mail_dir} {m.group(1)})"',
        script,
        flags=re.M,
    )
    workdir = Path(server.log).parent / "guide"
    workdir.mkdir(exist_ok=True)
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=workdir,
        env={**server.env, "SIILO": server.base_url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"the examples failed (exit {done.returncode}):\n{done.stderr}\n{done.stdout}"
    outputs = done.stdout.split(DELIMITER + "\n")
    assert len(outputs) == len(found) + 1, done.stdout
    for (body, expected), output in zip(found, outputs, strict=False):
        try:
            actual = json_values(output)
        except json.JSONDecodeError:
            pytest.fail(f"the example\n{body}\nanswered what is not JSON:\n{output}")
        assert len(actual) == len(expected or []), f"the example\n{body}\nanswered {len(actual)} values:\n{output}"
        for want, got in zip(expected or [], actual, strict=True):
            problem = mismatch(want, got)
            assert problem is None, f"the example\n{body}\nanswered otherwise than the guide shows: {problem}\n{output}"


def test_the_table_of_error_codes_is_generated_from_the_server() -> None:
    done = subprocess.run(
        [str(siilo_bin()), "error-codes", "--check", str(GUIDE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    table = GUIDE.read_text()
    for code in ("validation_failed", "own_proposal", "refresh_token_reused", "rate_limited", "method_not_allowed"):
        assert f"| `{code}` |" in table


def test_the_readme_and_the_contract_point_to_the_guide() -> None:
    assert "(docs/api.md)" in (ROOT / "README.md").read_text()
    contract = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    assert "`docs/api.md`" in contract["info"]["description"]
