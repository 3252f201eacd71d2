"""Masking source URLs: every credential-like part, in well-formed and broken URLs alike."""

from __future__ import annotations

import pytest

from indsec.discover.base import open_connector, scheme_of
from indsec.discover.urls import mask_url, scrub, url_secrets
from indsec.errors import ConnectorError


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (
            "postgresql://u:x@127.0.0.1:1/x?password=TopSecretPw2",
            "postgresql://u:***@127.0.0.1:1/x?password=***",
        ),
        ("postgresql://u:pw@[::1:1/x", "postgresql://u:***@[::1:1/x"),
        ("postgresql://u:p/a@ss@db/mes", "postgresql://u:***@db/mes"),  # unencoded / and @
        ("mysql://scanner@db/erp?charset=utf8mb4", "mysql://scanner@db/erp?charset=utf8mb4"),
        (
            "mysql://db/erp?PassWord=a&passwd=b&pwd=c&sslpassword=d&system=MES",
            "mysql://db/erp?PassWord=***&passwd=***&pwd=***&sslpassword=***&system=MES",
        ),
        (
            "postgresql://db/x?token=a&access_token=b&secret=c&client_secret=d&key=e&api%5Fkey=f",
            "postgresql://db/x?token=***&access_token=***&secret=***&client_secret=***&key=***"
            "&api%5Fkey=***",
        ),
        ("postgresql://${U}:${DB_PASS}@${HOST}/mes", "postgresql://${U}:***@${HOST}/mes"),
        ("sqlite:///data/a@b/plant.db", "sqlite:///data/a@b/plant.db"),
        ("file:///C:/share/x@y.csv", "file:///C:/share/x@y.csv"),
        ("/srv/share/x:y@z.csv", "/srv/share/x:y@z.csv"),
        ("postgresql://db/x?password=", "postgresql://db/x?password="),
        ("postgresql://scanner:s3cret@[fd00::12/mes", "postgresql://scanner:***@[fd00::12/mes"),
        ("mysql://a:b@c@[/x?y=1", "mysql://a:***@[/x?y=1"),
        ("x://[", "x://["),
    ],
)
def test_every_credential_of_a_url_is_masked(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_the_secrets_of_a_url_are_found_raw_and_decoded_and_scrubbed() -> None:
    url = "postgresql://u:p%40ss@db/x?system=MES&password=Q1w2&token=t%2Fk"

    secrets = url_secrets(url)

    assert sorted(secrets) == sorted(["p%40ss", "p@ss", "Q1w2", "t%2Fk", "t/k"])
    assert scrub("auth p@ss / Q1w2 / t/k failed", secrets) == "auth *** / *** / *** failed"


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("postgresql://u:pw@[::1:1/x", "postgresql"), ("C:\\share\\a.csv", "file")],
)
def test_the_scheme_of_a_malformed_url_is_read_without_a_parser(url: str, scheme: str) -> None:
    assert scheme_of(url) == scheme


@pytest.mark.parametrize(
    "url",
    [
        "file://u:TopSecret@[::1:1/x",
        "mysql://u:TopSecret@[::1",
        "postgresql://u:TopSecret@[fd00::12/mes",
    ],
)
def test_a_malformed_url_is_a_connector_error_naming_the_masked_source(url: str) -> None:
    with pytest.raises(ConnectorError, match=r"not a valid (source|database) URL: \w+://u:\*\*\*@"):
        open_connector(url)
