"""Credentials in source URLs never reach output, logs, errors or the catalogue store.

A password can sit in a URL's userinfo or in its query string (``?password=…``, which the
drivers pass on as a connection argument); a malformed URL must be reported, masked, while the
other sources are scanned. Every output of a ``--debug`` scan is searched for the secrets.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from indsec.cli.main import main

ACCOUNT_SQL = {
    "postgresql": (
        [
            'CREATE TABLE "员工" ("姓名" VARCHAR(20))',
            "CREATE ROLE {user} LOGIN PASSWORD '{pw}'",
            'GRANT SELECT ON "员工" TO {user}',
        ],
        ["DROP OWNED BY {user}", "DROP ROLE {user}"],
    ),
    "mysql": (
        ["CREATE TABLE `员工` (`姓名` VARCHAR(20)) CHARSET utf8mb4"]
        + [
            f"CREATE USER '{{user}}'@'{h}' IDENTIFIED BY '{{pw}}'"
            for h in ("localhost", "127.0.0.1")
        ]
        + [f"GRANT SELECT ON `员工` TO '{{user}}'@'{h}'" for h in ("localhost", "127.0.0.1")],
        [f"DROP USER '{{user}}'@'{h}'" for h in ("localhost", "127.0.0.1")],
    ),
}


@pytest.fixture(
    params=[
        pytest.param("postgresql", marks=pytest.mark.postgresql),
        pytest.param("mysql", marks=pytest.mark.mysql),
    ]
)
def role_url(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """A database with one table, readable by a login account; yields (URL, password).

    The password is only in the URL's query string, not in its userinfo.
    """
    server_url: str = request.getfixturevalue(f"{request.param}_url")
    user, password = f"scanner_{uuid.uuid4().hex[:8]}", f"TopSecretPw2-{uuid.uuid4().hex}"
    create, drop = ACCOUNT_SQL[request.param]
    admin = create_engine(server_url)
    with admin.begin() as conn:
        for statement in create:
            conn.execute(text(statement.format(user=user, pw=password)))
        conn.execute(text("INSERT INTO 员工 VALUES ('张伟')"))
    url = make_url(server_url).set(username=user, password=None)
    url = url.update_query_dict({"password": password})
    yield url.render_as_string(hide_password=False), password
    with admin.begin() as conn:
        for statement in drop:
            conn.execute(text(statement.format(user=user)))
    admin.dispose()


def test_no_source_credential_reaches_output_logs_or_the_store(
    role_url: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    url, password = role_url
    unique = uuid.uuid4().hex
    secrets = [password, f"QueryPw-{unique}", f"UserinfoPw-{unique}", f"Tok-{unique}"]
    store = tmp_path / "store.db"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("INDSEC_DATABASE_URL", f"sqlite:///{store}")
    caplog.set_level(logging.DEBUG)
    sources = [
        url,
        f"postgresql://u:{secrets[2]}@127.0.0.1:1/x?password={secrets[1]}&token={secrets[3]}",
        f"postgresql://u:{secrets[2]}@[::1:1/x",
    ]

    code = main(["--debug", "scan", *sources])
    shown = capsys.readouterr()
    code_json = main(["--debug", "scan", "--json", *sources])
    shown_json = capsys.readouterr()
    main(["catalogue", "export", "--format", "json", "-o", str(tmp_path / "cat.json")])

    assert (code, code_json) == (0, 0), shown.err
    scanned = json.loads(shown_json.out)
    assert [a["name"] for a in scanned["assets"]] == ["员工"]
    assert [f["where"] for f in scanned["report"]["failures"]] == [
        "postgresql://u:***@127.0.0.1:1/x?password=***&token=***",
        "postgresql://u:***@[::1:1/x",
    ]
    assert "failed postgresql://u:***@[::1:1/x: not a valid database URL" in shown.out
    outputs = {
        "stdout": shown.out + shown_json.out,
        "stderr": shown.err + shown_json.err,
        "logs": caplog.text,
        "export": (tmp_path / "cat.json").read_text(encoding="utf-8"),
        "store": b"".join(p.read_bytes() for p in tmp_path.glob("store.db*")).decode("latin-1"),
    }
    leaks = {(where, s) for where, out in outputs.items() for s in secrets if s in out}
    assert not leaks
    assert "password=***" in outputs["export"]
