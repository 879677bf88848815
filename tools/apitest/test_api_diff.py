"""No silent breaking change: the committed contract against the committed baseline, and the
check itself on doctored copies of the contract (each Optic run takes a while, so few)."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import api_diff  # noqa: E402


@pytest.fixture(scope="module")
def contract(request: pytest.FixtureRequest) -> dict[str, Any]:
    return json.loads(Path(request.config.getoption("--contract")).read_text())


def write(tmp_path: Path, name: str, doc: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=2))
    return path


def with_version(doc: dict[str, Any], version: str) -> dict[str, Any]:
    out = copy.deepcopy(doc)
    out["info"]["version"] = version
    return out


def test_the_committed_contract_breaks_no_client_of_the_baseline() -> None:
    api_diff.check(api_diff.BASELINE, api_diff.CONTRACT)


def test_a_removed_operation_fails_unless_the_major_version_was_raised(
    tmp_path: Path, contract: dict[str, Any]
) -> None:
    base = write(tmp_path, "base.json", with_version(contract, "1.4.2"))
    removed = with_version(contract, "1.5.0")
    del removed["paths"]["/api/v1/health"]
    with pytest.raises(api_diff.CheckFailed, match="breaks clients") as refused:
        api_diff.check(base, write(tmp_path, "removed.json", removed))
    assert "GET /api/v1/health" in str(refused.value)

    report = api_diff.check(base, write(tmp_path, "major.json", with_version(removed, "2.0.0")))
    assert "allowed by the new major version 2" in report and "GET /api/v1/health: removed" in report


def test_an_added_operation_and_an_optional_field_pass_and_are_listed(tmp_path: Path, contract: dict[str, Any]) -> None:
    base = write(tmp_path, "base.json", contract)
    added = copy.deepcopy(contract)
    added["paths"]["/api/v1/health-again"] = copy.deepcopy(contract["paths"]["/api/v1/health"])
    added["paths"]["/api/v1/health-again"]["get"]["operationId"] = "health_again"
    report = api_diff.check(base, write(tmp_path, "added.json", added))
    assert "GET /api/v1/health-again" in report and "added" in report


def test_a_version_that_is_not_semver_or_goes_down_fails(tmp_path: Path, contract: dict[str, Any]) -> None:
    base = write(tmp_path, "base.json", with_version(contract, "1.2.0"))
    with pytest.raises(api_diff.CheckFailed, match="not semantic versioning"):
        api_diff.check(base, write(tmp_path, "v.json", with_version(contract, "1.3")))
    with pytest.raises(api_diff.CheckFailed, match="went down"):
        api_diff.check(base, write(tmp_path, "down.json", with_version(contract, "1.1.9")))
