"""Source URLs as users type them: scheme lookup, password masking, opening a connector.

A URL comes from the command line, a config file or the web form. Property: a connector is
opened, or an :class:`IndsecError` says why not; what is shown of the URL never carries its
password. Opening only parses: nothing here connects anywhere.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indsec.discover.base import CONNECTORS, open_connector
from indsec.discover.urls import mask_url
from indsec.errors import IndsecError

from .conftest import watchdog
from .mutate import hostile_text

pytestmark = pytest.mark.fuzz

REAL_URLS = [
    "postgresql://scanner:s3cr%40t@db.plant.local:5432/mes?system=MES",
    "postgresql+psycopg://scanner:pw@[fd00::12]:5432/erp",
    "mysql+pymysql://reader:pw@10.20.30.12:3306/mes?charset=utf8mb4&system=MES",
    "mysql://reader@10.20.30.12/mes",
    "sqlite:///var/lib/historian/trend.db?system=SCADA",
    "file:///srv/share/研发?system=PLM",
    "file://relative/dir",
    "/srv/share",
    "C:\\share\\export",
]
SCHEMES = [f"{name}://" for name in CONNECTORS.names()]
URLS = st.one_of(
    hostile_text(REAL_URLS),
    st.tuples(st.sampled_from(SCHEMES), st.text(max_size=60)).map("".join),
)


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


@given(url=URLS)
def test_a_url_opens_a_connector_or_says_why_not(url: str) -> None:
    with watchdog():
        try:
            connector = open_connector(url)
        except IndsecError as exc:
            shown = str(exc)
        else:
            shown = connector.describe()
    password = _password(url)
    elsewhere = url.replace(f":{password}@", "", 1)  # the same text may also be the path
    if password and len(password) > 3 and password not in elsewhere:
        assert password not in shown


@given(url=URLS)
def test_masking_never_fails(url: str) -> None:
    assert isinstance(mask_url(url), str)
