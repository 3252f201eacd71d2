"""The embedded demo enterprise: a deterministic MES/ERP database and file share to scan."""

from indsec.demo.enterprise import DemoEnterprise, generate_demo

__all__ = ["DemoEnterprise", "generate_demo"]
