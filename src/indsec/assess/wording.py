"""Words the assessment's command output and pages show, in zh-CN and English, and the
snapshot as a JSON document (for ``--json`` and other programs)."""

from __future__ import annotations

from typing import Any

from indsec.model.assessment import AssessmentSnapshot, Evidence, RemediationTask, Risk

LABELS: dict[str, tuple[str, str]] = {
    "pass": ("符合", "pass"),
    "partial": ("部分符合", "partial"),
    "fail": ("不符合", "fail"),
    "not_applicable": ("不适用", "not applicable"),
    "not_assessed": ("未评估", "not assessed"),
    "open": ("待整改", "open"),
    "in_progress": ("整改中", "in progress"),
    "done": ("已完成待验证", "done"),
    "verified": ("已验证关闭", "verified"),
    "control": ("控制项", "control"),
    "domain": ("领域", "domain"),
    "framework": ("框架", "framework"),
    "outcome": ("结论", "outcome"),
    "note": ("说明", "note"),
    "score": ("得分", "score"),
    "overall": ("总体得分", "overall score"),
    "counts": ("结论分布", "outcomes"),
    "id": ("编号", "id"),
    "title": ("名称", "title"),
    "owner": ("责任人", "owner"),
    "due": ("期限", "due"),
    "status": ("状态", "status"),
    "scenario": ("风险场景", "scenario"),
    "likelihood": ("可能性", "likelihood"),
    "impact": ("影响", "impact"),
    "level": ("风险值", "level"),
    "assets": ("涉及资产", "assets"),
    "treatment": ("处置", "treatment"),
    "kind": ("类型", "kind"),
    "started_at": ("开始时间", "started"),
    "run_by": ("执行人", "run by"),
    "assessment": ("自查", "assessment"),
    "task": ("整改任务", "remediation task"),
    "evidence": ("证据", "evidence"),
    "self_examination": ("风险自查", "self-examination"),
    "annual": ("年度风险评估", "annual risk assessment"),
    "none": ("无", "none"),
    "by_check": ("由自动检查判定，作答已记录", "decided by the automated check; answer kept"),
}


def label(key: str, lang: str) -> str:
    zh, en = LABELS.get(key, (key, key))
    return zh if lang.startswith("zh") else en


def _evidence(evidence: Evidence) -> dict[str, Any]:
    return {
        "origin": evidence.origin,
        "summary": evidence.summary,
        "digest": evidence.digest,
        "collected_at": evidence.collected_at.isoformat(),
        "collected_by": evidence.collected_by,
        "expires_at": evidence.expires_at.isoformat() if evidence.expires_at else None,
        "file_name": evidence.file_name,
        "facts": dict(evidence.facts),
    }


def snapshot_document(snapshot: AssessmentSnapshot) -> dict[str, Any]:
    """The whole snapshot as plain JSON values."""
    return {
        "id": snapshot.id,
        "kind": snapshot.kind,
        "enterprise": snapshot.enterprise.model_dump(mode="json"),
        "started_at": snapshot.started_at.isoformat(),
        "finished_at": snapshot.finished_at.isoformat(),
        "frameworks": dict(snapshot.frameworks),
        "overall": snapshot.overall,
        "domains": [
            {
                "framework": d.framework_id,
                "domain": d.domain_id,
                "names": d.names.model_dump(),
                "counts": dict(d.counts),
                "score": d.score,
            }
            for d in snapshot.domains
        ],
        "results": [
            {
                "key": r.key,
                "outcome": r.outcome,
                "note": r.note,
                "evidence": [_evidence(e) for e in r.evidence],
            }
            for r in snapshot.results
        ],
        "risks": [risk_document(r) for r in snapshot.risks],
        "tasks": [task_document(t) for t in snapshot.tasks],
    }


def risk_document(risk: Risk) -> dict[str, Any]:
    """One risk-register entry as plain JSON values: in the snapshot and in ``risks --json``."""
    return {
        "id": risk.id,
        "scenario": risk.scenario,
        "title": risk.title.model_dump(),
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "level": risk.level,
        "assets": list(risk.asset_ids),
        "controls": list(risk.control_keys),
        "treatment": risk.treatment.model_dump(),
    }


def task_document(task: RemediationTask) -> dict[str, Any]:
    """One remediation task as plain JSON values: in the snapshot and in ``tasks list --json``."""
    return {
        "id": task.id,
        "control": task.control_key,
        "title": task.title,
        "owner": task.owner,
        "due": task.due.isoformat(),
        "status": task.status,
        "closed_at": task.closed_at.isoformat() if task.closed_at else None,
    }
