"""The automated checks' registry and the values a check takes and returns.

A check is a function ``(context, params) -> CheckOutcome``: the facts it gathered and the
outcome they prove. When it finds nothing to look at (no scan, no inputs file, no detection run)
it returns ``not_assessed`` with the reason; an absence of evidence never passes a control.
Third parties add checks under the ``indsec.assess_checks`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from indsec.app import AppContext
from indsec.assess.inputs import LoadedInputs, SiteInputs, load_inputs
from indsec.errors import AssessError
from indsec.model.assessment import Outcome
from indsec.plugins import Registry, a_function

Param = int | float | str | bool


@dataclass(frozen=True)
class CheckOutcome:
    """What a check found: its outcome, a one-line summary and the facts behind it.

    ``facts`` hold counts, ids, ages and paths — never a raw sensitive value.
    """

    outcome: Outcome
    summary: str
    facts: Mapping[str, object] = field(default_factory=dict)


def not_assessed(reason: str, **facts: object) -> CheckOutcome:
    return CheckOutcome("not_assessed", reason, {"reason": reason, **facts})


@dataclass
class CheckContext:
    """What a check may read: the application (through feature services), the site's
    inputs and the moment the assessment is taken at."""

    app: AppContext
    now: datetime

    @cached_property
    def loaded_inputs(self) -> LoadedInputs:
        return load_inputs(self.app.settings.resolved_assess_inputs())

    def inputs(self) -> SiteInputs | None:
        return self.loaded_inputs.inputs

    @property
    def inputs_problem(self) -> str:
        return self.loaded_inputs.problem


Check = Callable[[CheckContext, Mapping[str, Param]], CheckOutcome]

ASSESS_CHECKS: Registry[Check] = Registry(
    "assessment checks",
    entry_point_group="indsec.assess_checks",
    accepts=a_function,
    builtin_modules=[
        "indsec.assess.checks.store_checks",
        "indsec.assess.checks.site_checks",
        "indsec.assess.checks.tls",
        "indsec.assess.checks.accounts",
    ],
)
"""Check id (the ``check.id`` of a controls pack) → function."""


def int_param(params: Mapping[str, Param], name: str, default: int) -> int:
    """An integer parameter ≥ 0 of a pack's ``check.params``; anything else is the pack's error."""
    value = params.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AssessError(f"check parameter '{name}' must be a whole number ≥ 0, got {value!r}")
    return value
