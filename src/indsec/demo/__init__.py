"""The embedded demo enterprise: a deterministic mid-size manufacturer, its data and its logs."""

from indsec.demo.enterprise import DemoEnterprise, generate_demo
from indsec.demo.logs import DemoLogs, generate_demo_logs

__all__ = ["DemoEnterprise", "DemoLogs", "generate_demo", "generate_demo_logs"]
