"""A second client of the contract: the Python client that openapi-python-client generates from
openapi/openapi.json walks a participant's journey against a fresh server. Only the generated
code talks to the server here, so an operation or model the contract gets wrong fails this."""

from __future__ import annotations

import datetime as dt
import importlib
import json
from http import HTTPStatus
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conftest import Server, generate

PASSWORD = "pitkä ja hyvä salasana"


def api(client: ModuleType, name: str) -> Any:
    return importlib.import_module(f"{client.__name__}.api.{name}")


def ok(res: Any, status: HTTPStatus) -> Any:
    assert res.status_code == status, f"expected {status}, got {res.status_code}: {res.content!r}"
    return res.parsed


def refused(res: Any, status: HTTPStatus) -> str:
    """The `code` of a refused request, read from the problem the client parsed."""
    assert res.status_code == status, f"expected {status}, got {res.status_code}: {res.content!r}"
    problem = res.parsed
    assert problem.status == status
    assert problem.type_ == "about:blank"
    return str(problem.code)


def test_a_generated_python_client_walks_the_journey(server: Server, generated_client: ModuleType) -> None:
    c = generated_client
    m = importlib.import_module(f"{c.__name__}.models")
    anonymous = c.Client(base_url=server.base_url, raise_on_unexpected_status=True)

    def signed_in(tokens: Any) -> Any:
        return c.AuthenticatedClient(
            base_url=server.base_url, token=tokens.access_token, raise_on_unexpected_status=True
        )

    # An admin (made with the CLI) opens a call.
    email, password = server.create_admin()
    admin_tokens = ok(
        api(c, "auth.login").sync_detailed(client=anonymous, body=m.LoginRequest(email=email, password=password)),
        HTTPStatus.OK,
    )
    admin = signed_in(admin_tokens)
    now = dt.datetime.now(dt.UTC)
    call = ok(
        api(c, "calls.create_call").sync_detailed(
            client=admin,
            body=m.CreateCallRequest(
                slug="python-client-call",
                title=m.TitleTexts(
                    fi="Python-asiakkaan haku", sv="Python-klientens utlysning", en="The Python client's call"
                ),
                description=m.DescriptionTexts(fi="Kokeiluja rajojen yli."),
                opens_at=now - dt.timedelta(minutes=1),
                submissions_close_at=now + dt.timedelta(days=7),
                voting_closes_at=now + dt.timedelta(days=14),
            ),
        ),
        HTTPStatus.CREATED,
    )
    published = ok(api(c, "calls.publish_call").sync_detailed(call.id, client=admin), HTTPStatus.OK)
    assert published.phase == m.Phase.OPEN

    # Two participants register, accepting the terms of use and privacy notice in force, and
    # confirm their addresses by the links emailed to them; the first also logs in and
    # refreshes its session.
    terms = ok(api(c, "legal.get_legal_document").sync_detailed(m.LegalKind.TERMS, client=anonymous), HTTPStatus.OK)
    privacy = ok(api(c, "legal.get_legal_document").sync_detailed(m.LegalKind.PRIVACY, client=anonymous), HTTPStatus.OK)
    author_reg = ok(
        api(c, "auth.register").sync_detailed(
            client=anonymous,
            body=m.RegisterRequest(
                email="aino.author@example.fi",
                password=PASSWORD,
                display_name="Aino Author",
                accepted_terms_version=terms.version,
                accepted_privacy_version=privacy.version,
            ),
        ),
        HTTPStatus.CREATED,
    )
    assert author_reg.token_type == "Bearer"
    assert author_reg.user.email_verified is False and author_reg.user.must_accept == []
    colleague_reg = ok(
        api(c, "auth.register").sync_detailed(
            client=anonymous,
            body=m.RegisterRequest(
                email="kalle.colleague@example.fi",
                password=PASSWORD,
                display_name="Kalle Colleague",
                language=m.Language.SV,
                accepted_terms_version=terms.version,
                accepted_privacy_version=privacy.version,
            ),
        ),
        HTTPStatus.CREATED,
    )
    colleague = signed_in(colleague_reg)
    for address in ("aino.author@example.fi", "kalle.colleague@example.fi"):
        token = server.email_token(address, "/verify-email")
        res = api(c, "auth.verify_email").sync_detailed(client=anonymous, body=m.VerifyEmailRequest(token=token))
        assert res.status_code == HTTPStatus.NO_CONTENT, res.content
    assert ok(api(c, "me.get_me").sync_detailed(client=colleague), HTTPStatus.OK).email_verified is True
    login = ok(
        api(c, "auth.login").sync_detailed(
            client=anonymous, body=m.LoginRequest(email="aino.author@example.fi", password=PASSWORD)
        ),
        HTTPStatus.OK,
    )
    assert login.user.email == "aino.author@example.fi"
    assert login.expires_in > 0 and login.refresh_expires_in > login.expires_in
    rotated = ok(
        api(c, "auth.refresh").sync_detailed(
            client=anonymous, body=m.RefreshRequest(refresh_token=login.refresh_token)
        ),
        HTTPStatus.OK,
    )
    assert rotated.refresh_token != login.refresh_token
    author = signed_in(rotated)
    assert ok(api(c, "me.get_me").sync_detailed(client=author), HTTPStatus.OK).id == login.user.id

    # The open call is listed; the author submits three proposals to it.
    calls = ok(api(c, "calls.list_calls").sync_detailed(client=author), HTTPStatus.OK)
    listed = {str(item.id): item for item in calls.items}
    assert str(call.id) in listed and listed[str(call.id)].phase == m.Phase.OPEN
    proposals = [
        ok(
            api(c, "proposals.create_proposal").sync_detailed(
                call.slug,
                client=author,
                body=m.CreateProposalRequest(
                    title=f"Yhteinen kokeilu {n}",
                    summary="Kaksi virastoa kokeilee yhdessä.",
                    challenge="Tiedot eivät kulje virastojen välillä.",
                    idea="Yhteinen rekisteri ja yhteinen lomake.",
                ),
            ),
            HTTPStatus.CREATED,
        )
        for n in (1, 2, 3)
    ]
    first = proposals[0]

    # A colleague thumbs the first one up and comments on it.
    thumb = ok(api(c, "thumbs.thumb_proposal").sync_detailed(first.id, client=colleague), HTTPStatus.OK)
    assert thumb.thumbed is True and thumb.thumb_count == 1
    comment = ok(
        api(c, "comments.create_comment").sync_detailed(
            first.id, client=colleague, body=m.CreateCommentRequest(body="Hyvä idea, mukana!")
        ),
        HTTPStatus.CREATED,
    )
    threads = ok(api(c, "comments.list_comments").sync_detailed(first.id, client=author), HTTPStatus.OK)
    assert [t.id for t in threads.items] == [comment.id] and threads.items[0].replies == []

    # Paging the random order: the seed of the first page, carried by the cursor, keeps the order.
    list_proposals = api(c, "proposals.list_proposals")
    page1 = ok(list_proposals.sync_detailed(call.slug, client=colleague, limit=2), HTTPStatus.OK)
    assert page1.sort == m.ProposalSort.RANDOM and isinstance(page1.seed, int) and page1.total == 3
    assert len(page1.items) == 2 and isinstance(page1.next_cursor, str)
    page2 = ok(list_proposals.sync_detailed(call.slug, client=colleague, cursor=page1.next_cursor), HTTPStatus.OK)
    assert len(page2.items) == 1 and page2.next_cursor is None
    paged = [p.id for p in page1.items + page2.items]
    assert sorted(map(str, paged)) == sorted(str(p.id) for p in proposals)
    again = ok(list_proposals.sync_detailed(call.slug, client=colleague, seed=page1.seed, limit=3), HTTPStatus.OK)
    assert [p.id for p in again.items] == paged
    by_id = {p.id: p for p in again.items}
    assert by_id[first.id].thumb_count == 1 and by_id[first.id].comment_count == 1

    # Refused requests carry a stable code: an own proposal cannot be thumbed, a bad field is
    # named, and a refresh token works once (a replay ends the session).
    assert (
        refused(api(c, "thumbs.thumb_proposal").sync_detailed(first.id, client=author), HTTPStatus.FORBIDDEN)
        == "own_proposal"
    )
    bad = api(c, "proposals.create_proposal").sync_detailed(
        call.slug, client=author, body=m.CreateProposalRequest(title="", summary="s", challenge="c", idea="i")
    )
    assert refused(bad, HTTPStatus.UNPROCESSABLE_ENTITY) == "validation_failed"
    assert "title" in [e.field for e in bad.parsed.errors]
    replay = api(c, "auth.refresh").sync_detailed(
        client=anonymous, body=m.RefreshRequest(refresh_token=login.refresh_token)
    )
    assert refused(replay, HTTPStatus.UNAUTHORIZED) == "refresh_token_reused"
    after = api(c, "auth.refresh").sync_detailed(
        client=anonymous, body=m.RefreshRequest(refresh_token=rotated.refresh_token)
    )
    assert refused(after, HTTPStatus.UNAUTHORIZED) == "session_ended"


def test_generation_fails_when_the_generator_skips_an_operation(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    doc = json.loads(Path(request.config.getoption("--contract")).read_text())
    body = doc["paths"]["/api/v1/auth/login"]["post"]["requestBody"]
    body["content"] = {"application/xml": body["content"]["application/json"]}
    doctored = tmp_path / "doctored.json"
    doctored.write_text(json.dumps(doc))
    problem = generate(doctored, tmp_path / "siilo_api_client")
    assert problem is not None and "login" in problem.lower(), problem
