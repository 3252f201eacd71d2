"""Demo use cases: build the embedded demo enterprise, its profile and a week of its logs; examine
it and rehearse a ransomware attack on it; seed the two web instances that show it
(``indsec demo --serve``)."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from indsec.app import AppContext
from indsec.assess import service as assess
from indsec.demo.enterprise import DemoEnterprise, generate_demo
from indsec.demo.logs import CONFIG_NAME, DemoLogs, generate_demo_logs
from indsec.demo.platform import DemoPlatform, Login, seed_platform
from indsec.drill import service as drill
from indsec.errors import DrillError, MissingDriverError
from indsec.model import EnterpriseProfile
from indsec.model.assessment import AssessmentSnapshot
from indsec.model.identity import Actor
from indsec.profile_config import save_assessment_team, save_profile

__all__ = [
    "CONFIG_NAME",
    "DRILL_REPORTS",
    "DRILL_SANDBOX",
    "DemoBuild",
    "DemoExercise",
    "DemoPlatform",
    "Login",
    "build_demo",
    "exercise_demo",
    "seed_platform",
]

DRILL_SANDBOX = "drill-sandbox"
"""The ransomware drill's sandbox, under the demo's directory (nothing else is touched)."""
DRILL_REPORTS = "drill-reports"
ASSESSMENT_REPORT = "assessment-report"
DEMO_ACTOR = Actor(name="indsec demo", origin="cli")


@dataclass(frozen=True)
class DemoBuild:
    """The demo written under one directory: its data sources, profile and logs."""

    enterprise: DemoEnterprise
    logs: DemoLogs


def build_demo(*, directory: Path) -> DemoBuild:
    """Write the demo's databases and files, its ``indsec.toml`` (profile and ``[site]``
    policy) and its logs under ``directory``; scanning and detection are the caller's."""
    enterprise = generate_demo(directory)
    save_profile(directory / CONFIG_NAME, enterprise.profile)
    save_assessment_team(directory / CONFIG_NAME, _assessment_team(enterprise.profile))
    return DemoBuild(enterprise, generate_demo_logs(directory))


def _assessment_team(profile: EnterpriseProfile) -> list[dict[str, str]]:
    """The demo's own assessors, led by its data security officer, so that the report's
    section on the team is filled as a real plant's would be."""
    return [
        {"name": profile.data_security_officer, "role": "组长（数据安全负责人）"},
        {"name": "孙晓明", "role": "评估员（信息中心）"},
        {"name": "刘佳", "role": "评估员（生产管理部）"},
    ]


@dataclass(frozen=True)
class DemoExercise:
    """What the demo examined and rehearsed: the self-examination, the annual report's files
    (none if the PDF engine is missing) and the ransomware drill."""

    assessment: AssessmentSnapshot
    report: list[Path]
    drill: drill.DrillRun


def exercise_demo(*, app: AppContext, directory: Path) -> DemoExercise:
    """Examine the scanned, detected demo enterprise against every control pack, write the
    assessment report, and run a ransomware drill in a sandbox under ``directory`` (an earlier
    demo's drill there is restored first, so the demo can be run again)."""
    snapshot = assess.run_assessment(app=app, actor=DEMO_ACTOR)
    report = write_assessment_report(
        app=app, snapshot=snapshot, out_dir=directory / ASSESSMENT_REPORT
    )
    sandbox = directory / DRILL_SANDBOX
    if sandbox.is_dir():
        with suppress(DrillError):  # nothing to restore: an unrestored drill is refused below
            drill.restore_drill(app=app, sandbox=sandbox)
    rehearsed = drill.run_ransomware_drill(
        app=app, actor=DEMO_ACTOR, sandbox=sandbox, out_dir=directory / DRILL_REPORTS
    )
    return DemoExercise(snapshot, report, rehearsed)


def write_assessment_report(
    *, app: AppContext, snapshot: AssessmentSnapshot, out_dir: Path
) -> list[Path]:
    """The annual assessment report of the demo's self-examination (HTML, PDF, XLSX); none,
    rather than no demo, where the PDF engine is not installed (``make pdf``)."""
    try:
        issued = assess.write_annual_report(
            app=app, out_dir=out_dir, assessment_id=int(snapshot.id)
        )
    except MissingDriverError:
        return []
    return issued.files
