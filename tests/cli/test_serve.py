"""How many server processes ``indsec serve`` runs: ``--workers``, else INDSEC_SERVE_WORKERS,
else one per CPU core (a supervision instance uses the machine it is given)."""

from __future__ import annotations

import os

from indsec.cli.serve import worker_count


def test_the_option_wins_then_the_setting_then_one_per_core() -> None:
    assert worker_count(3, 2) == 3
    assert worker_count(None, 2) == 2
    assert worker_count(None, 0) == (os.cpu_count() or 1)
