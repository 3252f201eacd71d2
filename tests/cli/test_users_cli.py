"""``indsec users``: bootstrap tenants, users and tokens; never a default password."""

from __future__ import annotations

import json

import pytest

from indsec.app import AppContext
from indsec.identity import service as identity
from indsec.settings import Settings
from tests.e2e.conftest import Workspace
from tests.identity.world import PASSWORD, USCC_A


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INDSEC_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("INDSEC_ARGON2_MEMORY_KIB", "64")


def test_no_password_no_user(blank: Workspace, cheap_hashes: None) -> None:
    code, _, err = blank.run("users", "add", "boss", "--role", "platform_admin")
    assert code == 2 and "INDSEC_USER_PASSWORD" in err
    code, out, _ = blank.run("users", "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_bootstrap_an_enterprise_officer_and_a_token(
    blank: Workspace, cheap_hashes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INDSEC_USER_PASSWORD", PASSWORD)
    assert blank.run("users", "tenant", USCC_A, "苏州某厂", "--region", "320500")[0] == 0
    code, _, err = blank.run(
        "users", "add", "li", "--role", "enterprise_officer", "--tenant", USCC_A.lower()
    )
    assert code == 0, err
    code, out, err = blank.run("users", "token", "li", "--name", "ci", "--scope", "write")
    assert code == 0, err
    secret = out.strip().splitlines()[-1]
    assert secret.startswith("isk_")
    with AppContext(Settings()) as app:
        principal = identity.token_principal(app=app, secret=secret)
        assert principal.username == "li" and principal.can_write
        assert PASSWORD not in json.dumps([e.detail for e in identity.audit_entries(app=app)])
        entries = identity.audit_entries(app=app)
        assert [e.action for e in entries] == ["token.issue", "user.add", "tenant.add"]
        assert all(e.actor.startswith("cli:") and e.origin.startswith("cli@") for e in entries)
    assert blank.run("users", "revoke", "li", "1")[0] == 0
    assert blank.run("users", "disable", "li")[0] == 0
    users = json.loads(blank.run("users", "list", "--json")[1])
    assert [(u["username"], u["role"], u["disabled"]) for u in users] == [
        ("li", "enterprise_officer", True)
    ]


def test_bad_input_is_one_clear_line(
    blank: Workspace, cheap_hashes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INDSEC_USER_PASSWORD", "short")
    code, _, err = blank.run("users", "add", "x1", "--role", "national_regulator")
    assert code == 2 and "at least 12 characters" in err and "Traceback" not in err
    monkeypatch.setenv("INDSEC_USER_PASSWORD", PASSWORD)
    code, _, err = blank.run(
        "users", "add", "x1", "--role", "enterprise_viewer", "--tenant", USCC_A
    )
    assert code == 2 and "no tenant with USCC" in err
    code, _, err = blank.run("users", "tenant", "91320500MA1ABCDE00", "x", "--region", "320500")
    assert code == 2 and "not a valid unified social credit code" in err
