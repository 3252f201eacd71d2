"""Configuration files: INI, YAML, TOML, ``.env``, Java properties and generic XML.

Equipment and application configurations are technical data in their own right and often hold
addresses, accounts and secrets, so they are read as text and keep a format name of their own
that the classifier can key on.
"""

from __future__ import annotations

import re

from indsec.discover.formats.base import Confidence, register_format
from indsec.discover.formats.probe import Probe, share_of_lines
from indsec.discover.formats.text import TextualFormat

_INI_SECTION = re.compile(r"^\s*\[[^\]\n]+\]\s*$")
_KEY_VALUE = re.compile(r"^\s*[^\s=:#;!\[][^=:]*[=:]")
_ENV_ASSIGNMENT = re.compile(r"^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_]*=")
_XML_ROOT = re.compile(r"^\s*<[A-Za-z_][\w:.-]*[\s>/]")
_COMMENT = re.compile(r"^\s*[#;!]")


def _settings_lines(probe: Probe) -> list[str]:
    return [line for line in probe.lines if line.strip() and not _COMMENT.match(line)]


class _ConfigFormat(TextualFormat):
    """A configuration syntax; plausible when its extension matches or its markers show."""

    priority = 60

    def detect(self, probe: Probe) -> Confidence:
        """Plausible by extension or marker; never certain, so specific formats win."""
        if probe.text is None:
            return Confidence.NONE
        if probe.suffix in self.extensions or self.has_markers(probe):
            return Confidence.PLAUSIBLE
        return Confidence.NONE

    def has_markers(self, probe: Probe) -> bool:
        """Whether the content shows this syntax regardless of the extension."""
        return False


@register_format
class IniConfig(_ConfigFormat):
    """``[section]`` headers followed by ``key = value`` lines."""

    name = "ini"
    extensions = frozenset({".ini", ".cfg", ".conf", ".cnf"})

    def has_markers(self, probe: Probe) -> bool:
        """A section header and at least one key line."""
        lines = _settings_lines(probe)
        has_section = any(_INI_SECTION.match(line) for line in lines)
        return has_section and any(_KEY_VALUE.match(line) for line in lines)


@register_format
class YamlConfig(_ConfigFormat):
    """YAML documents."""

    name = "yaml"
    extensions = frozenset({".yaml", ".yml"})

    def has_markers(self, probe: Probe) -> bool:
        """A document start or a YAML directive on the first line."""
        return bool(probe.lines) and probe.lines[0].startswith(("---", "%YAML"))


@register_format
class TomlConfig(_ConfigFormat):
    """TOML files (known by extension only: their content looks like INI)."""

    name = "toml"
    extensions = frozenset({".toml"})


@register_format
class EnvConfig(_ConfigFormat):
    """``.env`` files: ``NAME=value`` shell assignments, a favourite place for secrets."""

    name = "env"
    extensions = frozenset({".env"})
    priority = 61

    def has_markers(self, probe: Probe) -> bool:
        """Every setting line is a shell-style assignment."""
        lines = _settings_lines(probe)
        return bool(lines) and share_of_lines(lines, lambda s: bool(_ENV_ASSIGNMENT.match(s))) == 1


@register_format
class PropertiesConfig(_ConfigFormat):
    """Java ``.properties`` files (by extension: their content is plain key/value lines)."""

    name = "properties"
    extensions = frozenset({".properties"})


@register_format
class XmlConfig(_ConfigFormat):
    """XML documents that no more specific XML format (PLCopen) claims."""

    name = "xml"
    extensions = frozenset({".xml", ".xsd", ".config", ".xaml"})

    def detect(self, probe: Probe) -> Confidence:
        """Certain with an XML declaration, plausible with a root element."""
        if probe.text is None:
            return Confidence.NONE
        if probe.text.lstrip().startswith("<?xml"):
            return Confidence.CERTAIN
        return super().detect(probe)

    def has_markers(self, probe: Probe) -> bool:
        """The text starts with an element."""
        return bool(_XML_ROOT.match(probe.text or ""))
