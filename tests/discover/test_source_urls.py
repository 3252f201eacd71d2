"""Source URLs that ``urlsplit`` refuses: a clear error, and no password shown, never a crash."""

from __future__ import annotations

import pytest

from indsec.discover.base import mask_url, open_connector
from indsec.errors import ConnectorError


@pytest.mark.parametrize("url", ["postgresql://scanner:pw@[fd00::12/mes", "x://[]"])
def test_an_invalid_bracketed_host_is_a_connector_error(url: str) -> None:
    with pytest.raises(ConnectorError, match=r"^not a valid (source|database) URL: "):
        open_connector(url)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://scanner:s3cret@[fd00::12/mes", "postgresql://scanner:***@[fd00::12/mes"),
        ("mysql://a:b@c@[/x?y=1", "mysql://a:***@[/x?y=1"),
        ("x://[", "x://["),
    ],
)
def test_an_invalid_url_still_has_its_password_masked(url: str, shown: str) -> None:
    assert mask_url(url) == shown
