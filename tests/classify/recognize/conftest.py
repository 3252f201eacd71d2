"""Fixtures shared by the recognizer tests."""

from __future__ import annotations

import pytest

from indsec.classify.recognize.multipattern import hyperscan_available
from indsec.classify.recognize.pack import load_recognizer_pack
from indsec.classify.recognize.recognition import RecognizerEngine


@pytest.fixture(scope="module", params=["hyperscan", "re"])
def engine(request: pytest.FixtureRequest) -> RecognizerEngine:
    """The built-in recognizers on both matching paths: every case must hold on each."""
    if request.param == "hyperscan":
        assert hyperscan_available(), "the dev environment installs indsec[hyperscan]"
    return RecognizerEngine.from_pack(
        load_recognizer_pack(), use_hyperscan=request.param == "hyperscan"
    )
