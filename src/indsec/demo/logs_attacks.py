"""What every planted attack shares: its rules, its night, and how its traces add up.

Each attack module (intrusions, insider and remote O&M) writes the log lines of one night and
lists the alerts they must raise; the types and helpers here keep the two modules one shape.
An alert is named by its rule's id only: the title is the rule file's, and the alert shows it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from indsec.demo.logs_cast import ATTACK_NIGHT, Cast, Line, PlantedAttack

Planted = tuple[list[Line], list[PlantedAttack]]
"""Log lines of an attack and the alerts they must raise."""
Planter = Callable[[Cast, random.Random], Planted]
"""Writes one attack's traces for the logs' people and hosts."""


def night_at(minutes: float) -> datetime:
    """``minutes`` into the attack night."""
    return ATTACK_NIGHT + timedelta(minutes=minutes)


def planted(scenario: str, rule_id: str, expected: int, what: str) -> PlantedAttack:
    """``expected`` alerts of a curated (not third-party) rule in ``scenario``."""
    return PlantedAttack(scenario, rule_id, expected, what)


def plant_all(planters: Iterable[Planter], cast: Cast, rng: random.Random) -> Planted:
    """Every planter's lines and alerts, in order (they share ``rng``, so order matters)."""
    lines: list[Line] = []
    attacks: list[PlantedAttack] = []
    for plant in planters:
        more_lines, more_attacks = plant(cast, rng)
        lines += more_lines
        attacks += more_attacks
    return lines, attacks
