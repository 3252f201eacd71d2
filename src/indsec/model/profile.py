"""The enterprise profile: the context grading rules read (industry, scale, CII, …)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class EnterpriseProfile(BaseModel):
    """An industrial enterprise as the regulator registers it."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    name: str = "未命名企业"
    uscc: str = ""
    industry_code: str = Field(default="C", description="GB/T 4754 code, e.g. C3670")
    industry_name: str = ""
    province: str = ""
    city: str = ""
    revenue_cny: float = Field(default=0.0, ge=0)
    above_scale: bool = True
    key_enterprise: bool = False
    cii_operator: bool = False
    strategic_product_lines: bool = False
    export_controlled: bool = False
    legal_representative: str = ""
    data_security_officer: str = ""
    officer_contact: str = ""
    general_sublevels: list[str] = Field(default_factory=lambda: ["sensitive", "routine"])
    is_default: bool = Field(default=False, exclude=True)
