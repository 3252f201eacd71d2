"""Request and response bodies of the filing intake and its workflow (supervision mode).

The input is the JSON ``indsec filing export`` writes; its structure is checked here, its
content (required fields, USCC check digit, grades) by the intake, which answers 422 with one
error per field. Outputs never carry the stored document beyond what the caller may see.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from indsec.server.schemas import ERRORS, Input, Moment
from indsec.supervision import service as supervision

Short = Annotated[str, StringConstraints(max_length=256)]


class EnterpriseIn(Input):
    name: Short
    uscc: Annotated[str, StringConstraints(max_length=64)]
    industry_code: Annotated[str, StringConstraints(max_length=16)] | None = None
    province: Short | None = None


class ColumnIn(Input):
    id: Annotated[str, StringConstraints(max_length=64)]
    name: Short


class FilingIn(Input):
    """A filing as ``indsec filing export --format json`` writes it."""

    enterprise: EnterpriseIn
    catalogue_version: int = Field(default=0, ge=0)
    lang: Literal["zh", "en"] = "zh"
    title: Short = ""
    columns: list[ColumnIn] = Field(max_length=200)
    records: list[dict[str, str]] = Field(max_length=100_000)


class TransitionIn(Input):
    comment: Annotated[str, StringConstraints(max_length=4000)] | None = Field(
        default=None, description="required to return a filing: what the enterprise must correct"
    )


class FilingOut(BaseModel):
    id: int
    uscc: str
    enterprise_name: str
    region_code: str
    industry_code: str | None
    version: int
    status: supervision.FilingStatus
    catalogue_version: int
    important_count: int
    core_count: int
    submitted_at: Moment
    review_due: date
    status_at: Moment
    comment: str | None = Field(default=None, description="the newest comment (a return's)")


class ReceivedOut(BaseModel):
    filing: FilingOut
    created: bool = Field(description="false when the same content was already received")


class FilingEventOut(BaseModel):
    at: Moment
    actor: str
    status: supervision.FilingStatus
    comment: str | None


class ColumnOut(BaseModel):
    id: str
    name: str


class FilingDetailOut(FilingOut):
    digest: str
    scale: dict[str, dict[str, int]]
    columns: list[ColumnOut]
    records: list[dict[str, str]]
    events: list[FilingEventOut]


class RecordChangeOut(BaseModel):
    key: str
    change: str
    fields: dict[str, list[str]] = Field(description="field → [before, after]")


class ProblemOut(BaseModel):
    where: str = Field(description="the place, e.g. records[3].grade")
    message: str


class RejectedOut(BaseModel):
    """A rejected filing: the summary and one error per field; a body that is not even the
    export's shape gets FastAPI's own list of validation errors in ``detail`` instead."""

    detail: str | list[dict[str, Any]]
    errors: list[ProblemOut] = Field(default_factory=list)


INTAKE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    422: {"model": RejectedOut, "description": "the filing is invalid, field by field"},
}
WORKFLOW_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    409: {"model": ERRORS[400]["model"], "description": "the step is illegal from this state"},
}


def filing_out(item: supervision.FilingSummary, comment: str | None = None) -> FilingOut:
    return FilingOut.model_validate({**_fields(item), "comment": comment})


def _fields(item: supervision.FilingSummary) -> dict[str, Any]:
    return {name: getattr(item, name) for name in supervision.FilingSummary.__dataclass_fields__}


def detail_out(found: supervision.FilingDetail) -> FilingDetailOut:
    return FilingDetailOut.model_validate(
        {
            **_fields(found.summary),
            "comment": found.comment,
            "digest": found.digest,
            "scale": found.scale,
            "columns": [{"id": cid, "name": name} for cid, name in found.columns],
            "records": found.records,
            "events": [
                FilingEventOut.model_validate(e, from_attributes=True) for e in found.events
            ],
        }
    )
