"""Every setting is documented: a bound nobody can find is a bound nobody can raise or trust."""

from __future__ import annotations

import re

from indsec.settings import Settings
from tests.conftest import REPO

UNDOCUMENTED = {"debug"}  # the --debug flag's twin, described with the root command


def test_every_setting_is_in_the_readme_configuration_table() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `INDSEC_([A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))
    expected = {name.upper() for name in Settings.model_fields} - {n.upper() for n in UNDOCUMENTED}
    assert expected - documented == set(), "settings missing from the README table"
    assert documented - expected == set(), "README table names settings that do not exist"
