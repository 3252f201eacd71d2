"""Demo use cases: build the embedded demo enterprise, its profile and a week of its logs; seed
the two web instances that show it (``indsec demo --serve``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indsec.demo.enterprise import DemoEnterprise, generate_demo
from indsec.demo.logs import CONFIG_NAME, DemoLogs, generate_demo_logs
from indsec.demo.platform import DemoPlatform, Login, seed_platform
from indsec.profile_config import save_profile

__all__ = ["CONFIG_NAME", "DemoBuild", "DemoPlatform", "Login", "build_demo", "seed_platform"]


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
    return DemoBuild(enterprise, generate_demo_logs(directory))
