"""Every extension point of indsec, in one list, for ``indsec plugins`` and its tests.

The registries live beside what they hold, in every layer; this module sits on top (like the
application context) so a face can list them all without importing feature internals itself.
A test finds every ``Registry(...)`` in the source and checks it is listed here.
"""

from __future__ import annotations

from typing import Any

from indsec.assess.checks.base import ASSESS_CHECKS
from indsec.catalogue.export import EXPORTERS
from indsec.classify.grade.evaluators import CONDITIONS
from indsec.classify.masking import MASKERS
from indsec.classify.recognize.validators import VALIDATORS
from indsec.detect.sources.base import LOG_READERS
from indsec.detect.sources.converters import VALUE_CONVERTERS
from indsec.detect.sources.timezone import TIMESTAMP_FORMATS
from indsec.discover.base import CONNECTORS
from indsec.discover.dialects import DIALECTS
from indsec.discover.formats import FORMATS
from indsec.plugins import PluginStatus, Registry
from indsec.report.filing import FILING_WRITERS
from indsec.rules.pack import PACK_KINDS
from indsec.sigma.modifiers import SIGMA_MODIFIERS
from indsec.sigma.windows import WINDOW_KINDS

EXTENSION_POINTS: tuple[Registry[Any], ...] = (
    CONNECTORS,
    DIALECTS,
    FORMATS,
    VALIDATORS,
    MASKERS,
    CONDITIONS,
    PACK_KINDS,
    LOG_READERS,
    VALUE_CONVERTERS,
    TIMESTAMP_FORMATS,
    SIGMA_MODIFIERS,
    WINDOW_KINDS,
    EXPORTERS,
    FILING_WRITERS,
    ASSESS_CHECKS,
)


def plugin_statuses() -> list[PluginStatus]:
    """Every id of every extension point — built-in or from which distribution — and every
    disabled plugin with its reason."""
    return [status for registry in EXTENSION_POINTS for status in registry.statuses()]
