"""schemathesis hooks of `make fuzz-api` (loaded through SCHEMATHESIS_HOOKS): the test data that a
JSON Schema cannot describe.

A few rules of the API depend on the server's data or tie fields together, so no schema can
say them: a list `cursor` must be one the server gave out (`invalid_cursor`), an organisation
or theme must exist (`unknown_organisation`, `theme_not_in_call`), a call's times must run in
order (`window_order`), a `blocked_reason` goes with `"blocked": true`
(`blocked_reason_requires_block`), a password must be the current one and a new one strong
(`wrong_current_password`, `password_too_weak`, `password_unchanged`), the `relevance` order
goes with a search `q` that has a word in it (`search_required`), and a short name starts
with a letter of any alphabet (`invalid_short_name`, Unicode classes that the contract's regex
dialect lacks). Each is documented as a 422 with its code, and the black-box tests cover them.

So that schemathesis' `positive_data_acceptance` check can hold the server to accepting every
valid request, these hooks make each *positive* case (one the contract calls valid) keep these
rules too, the way a real client does: they swap in issued cursors, existing ids, ordered
times and strong passwords. Negative cases are left as generated, no case is dropped, and no
check or failure is filtered.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime
from typing import Any

import schemathesis
from schemathesis import GenerationMode

# Set by tools/fuzz_api.py: the organisations of the seeded database and the signed-in user's
# password.
ORGANISATIONS: list[str] = json.loads(os.environ.get("SIILO_FUZZ_ORGANISATIONS", "[]"))
PASSWORD = {"current": os.environ.get("SIILO_FUZZ_PASSWORD", "")}
ISSUED_CURSORS: set[str] = set()
CALL_TIMES = ("opens_at", "submissions_close_at", "voting_closes_at")


def pick(choices: list[str], seed: Any) -> str:
    """One of `choices`, chosen by the generated value so that runs stay repeatable."""
    digest = hashlib.sha256(repr(seed).encode()).digest()
    return choices[int.from_bytes(digest[:4], "big") % len(choices)]


def strong_password(seed: Any) -> str:
    """A password that zxcvbn scores 4, unlike many that fit the length rule (`aaaaaaaaaaaa`)."""
    return "fuzz-" + hashlib.sha256(repr(seed).encode()).hexdigest()[:24]


def valid_short_name(name: Any) -> bool:
    """`siilo_domain::organisations::is_valid_short_name` with Python's Unicode classes."""
    if not isinstance(name, str):
        return True
    name = name.strip()
    return 0 < len(name) <= 20 and name[0].isalpha() and all(c.isalnum() or c in "-." for c in name[1:])


def ordered_times(times: list[str]) -> list[str]:
    """`times` in the order of the instants they name, or fixed ordered ones when two name the
    same instant or Python cannot read one (a leap second)."""
    try:
        instants = [datetime.fromisoformat(t) for t in times]
        if len(set(instants)) == len(instants):
            return [t for _, t in sorted(zip(instants, times, strict=True))]
    except (TypeError, ValueError):
        pass
    return ["2026-01-05T08:00:00Z", "2026-02-05T16:00:00Z", "2026-03-05T16:00:00+02:00"]


def positive(case: Any) -> bool:
    return case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Edits the positive case about to be sent, in place; schemathesis then checks again that
    it still fits the contract (and would treat it as negative if it no longer did)."""
    if not positive(case):
        return
    if isinstance(case.query, dict) and case.query.get("cursor") not in (None, *ISSUED_CURSORS):
        del case.query["cursor"]
    if isinstance(case.query, dict) and case.query.get("sort") == "relevance":
        if not any(c.isalnum() for c in str(case.query.get("q") or "")):
            case.query["q"] = "kokeilu"
    body = case.body
    if not isinstance(body, dict):
        return
    path = case.operation.path
    if path in ("/api/v1/auth/register", "/api/v1/me") and "organisation_id" in body:
        # Only the organisations of the address's domain may be chosen
        # (`organisation_not_allowed`); left out, the server places the account itself.
        del body["organisation_id"]
    if isinstance(body.get("organisation_id"), str) and ORGANISATIONS:
        body["organisation_id"] = pick(ORGANISATIONS, body["organisation_id"])
    if isinstance(body.get("host_organisation_id"), str) and ORGANISATIONS:
        body["host_organisation_id"] = pick(ORGANISATIONS, body["host_organisation_id"])
    if path in ("/api/v1/organisations", "/api/v1/organisations/{id}") and body.get("parent_id") is not None:
        # A parent must be a ministry, not the organisation itself nor one with agencies of its
        # own (`organisation_parent_invalid`): the seeded tree, unknown here, decides.
        body["parent_id"] = None
    if isinstance(body.get("organisation_ids"), list) and ORGANISATIONS:
        body["organisation_ids"] = sorted({pick(ORGANISATIONS, i) for i in body["organisation_ids"]})
    if path in ("/api/v1/calls/{id}/proposals", "/api/v1/proposals/{id}") and body.get("theme_id") is not None:
        body["theme_id"] = None
    if path == "/api/v1/proposals/{id}/comments" and body.get("parent_id") is not None:
        # A reply names a comment on the same proposal (`parent_not_on_proposal`), as a client
        # replying from the proposal's page does; a made-up id is not one.
        body["parent_id"] = None
    if path.startswith("/api/v1/calls"):
        given = [t for t in CALL_TIMES if body.get(t) is not None]
        if len(given) == len(CALL_TIMES):
            body.update(zip(CALL_TIMES, ordered_times([body[t] for t in CALL_TIMES]), strict=True))
        else:
            # Times left out keep their stored values, unknown here, which a change could cross.
            for name in given:
                del body[name]
    if "blocked_reason" in body and body.get("blocked") is not True:
        del body["blocked_reason"]
    if path == "/api/v1/auth/register" and isinstance(body.get("password"), str):
        body["password"] = strong_password(body["password"])
    names = body.get("short_name")
    if isinstance(names, dict):
        for lang, name in names.items():
            if not valid_short_name(name):
                names[lang] = pick(["VM", "OM", "Väylä", "Traficom", "SYKE"], name)
    if path == "/api/v1/me/email":
        body["current_password"] = PASSWORD["current"]
    if path == "/api/v1/me/password":
        # The current password changes with each change the server accepted.
        body["current_password"] = PASSWORD["current"]
        body["new_password"] = strong_password((body.get("new_password"), PASSWORD["current"]))


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    if case.operation.path == "/api/v1/me/password" and response.status_code == 204:
        sent = json.loads(response.request.body or b"{}")
        PASSWORD["current"] = sent.get("new_password", PASSWORD["current"])
        return
    if response.status_code == 200 and "json" in response.headers.get("Content-Type", ""):
        try:
            page = response.json()
        except ValueError:
            return
        if isinstance(page, dict) and isinstance(page.get("next_cursor"), str):
            ISSUED_CURSORS.add(page["next_cursor"])
