"""The application context: each part built on first use, once, and read from the settings."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from indsec.app import AppContext
from indsec.catalogue.service import list_versions
from indsec.discover.base import ConnectorOptions
from indsec.errors import NotFoundError
from indsec.settings import DEFAULTS, Settings


def _settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / ".indsec", config=tmp_path / "indsec.toml")


def test_a_command_without_rules_never_loads_the_packs(tmp_path: Path) -> None:
    with AppContext(_settings(tmp_path)) as app:
        app.store()  # a catalogue with nothing scanned yet
        assert list_versions(app=app) == []
        assert "packs" not in vars(app), "the rule packs were loaded for a catalogue listing"
        assert "site_policy" not in vars(app)


def test_each_part_is_built_once_per_context(tmp_path: Path) -> None:
    with AppContext(_settings(tmp_path)) as app:
        assert app.packs is app.packs
        assert app.profile is app.profile
        assert app.store() is app.store(existing=True)


def test_a_read_creates_no_state_and_a_later_write_does(tmp_path: Path) -> None:
    app = AppContext(_settings(tmp_path))
    with pytest.raises(NotFoundError, match="no indsec state"):
        app.store(existing=True)
    assert not (tmp_path / ".indsec").exists()
    app.store()
    assert (tmp_path / ".indsec" / "indsec.db").exists()
    app.close()


def test_a_profile_edit_is_what_later_reads_see(tmp_path: Path) -> None:
    with AppContext(_settings(tmp_path)) as app:
        assert app.profile.is_default
        app.set_profile_value("name", "Acme")
        assert app.profile.name == "Acme"
    assert AppContext(_settings(tmp_path)).profile.name == "Acme"


def _leaves(options: object) -> dict[str, object]:
    """Every knob of ``options``, nested limits flattened, by dotted name."""
    found: dict[str, object] = {}
    for field in dataclasses.fields(options):  # type: ignore[arg-type]
        value = getattr(options, field.name)
        if dataclasses.is_dataclass(value):
            found.update({f"{field.name}.{k}": v for k, v in _leaves(value).items()})
        else:
            found[field.name] = value
    return found


def test_connector_options_default_to_the_settings_defaults() -> None:
    assert ConnectorOptions() == ConnectorOptions.from_settings(DEFAULTS)


SIZE_SETTINGS = (
    *("sample_size", "statement_timeout_s", "max_file_bytes", "max_columns", "max_scan_rows"),
    *("max_archive_members", "max_unpacked_member_bytes", "max_unpacked_bytes"),
    *("max_shared_strings_bytes", "max_sheet_cells", "max_pdf_page_bytes"),
)


def test_every_connector_option_follows_its_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """A setting that no longer reached its connector knob would leave that knob at default."""
    for name in SIZE_SETTINGS:
        monkeypatch.setenv(f"INDSEC_{name.upper()}", "7")
    monkeypatch.setenv("INDSEC_MAX_UNPACK_RATIO", "7.5")
    monkeypatch.setenv("INDSEC_SAMPLE_SEED", "7")
    monkeypatch.setenv("INDSEC_EXACT_COUNTS", "true")
    chosen = _leaves(AppContext(Settings()).connector_options)
    defaults = _leaves(ConnectorOptions())
    unchanged = sorted(name for name, value in chosen.items() if value == defaults[name])
    assert unchanged == []
