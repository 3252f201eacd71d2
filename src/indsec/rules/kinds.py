"""Imports every module that registers a rule-pack kind, so loading a pack can find its model."""

from __future__ import annotations

import indsec.classify.grading_pack
import indsec.classify.recognizer_pack
import indsec.classify.taxonomy_pack
import indsec.detect.sigma.logsource_pack
import indsec.detect.sources.pipeline_pack
import indsec.report.filing_pack  # noqa: F401
