"""A drill's report as JSON and as Markdown in zh-CN or English.

The JSON document is what the store keeps; the Markdown is rendered from it, so the two never
disagree. A ransomware drill says what fired and when, what stayed silent, the times to detect
and to incident and the controls exercised; a tabletop drill its participants and findings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from indsec.errors import OutputError

LABELS = {
    "id": ("编号", "Number"),
    "kind": ("类型", "Kind"),
    "ransomware": ("勒索攻击演练报告", "Ransomware drill report"),
    "tabletop": ("桌面推演记录", "Tabletop drill record"),
    "scenario": ("风险场景", "Scenario"),
    "held_at": ("演练时间", "Held at"),
    "sandbox": ("沙箱目录", "Sandbox"),
    "decoys": ("诱饵文件数", "Decoys"),
    "like": ("仿目录重要/核心文件", "shaped like graded catalogue files"),
    "first_encryption": ("首次模拟加密", "First simulated encryption"),
    "time_to_detect_s": ("检测用时（秒）", "Time to detect (s)"),
    "time_to_incident_s": ("立案用时（秒）", "Time to incident (s)"),
    "incident": ("演练事件编号（不上报）", "Drill incident (never escalated)"),
    "fired": ("已触发的规则", "Rules that fired"),
    "silent": ("应触发而未触发的规则", "Expected rules that stayed silent"),
    "other_alerts": ("其他告警", "Other alerts"),
    "controls_exercised": ("检验的控制项", "Controls exercised"),
    "participants": ("参与人员", "Participants"),
    "injects": ("推演情景", "Injects"),
    "findings": ("发现的问题", "Findings"),
    "warnings": ("检测提示", "Detection warnings"),
    "none": ("无", "none"),
    "after": ("首次加密后（秒）", "after first encryption (s)"),
}


def label(key: str, lang: str) -> str:
    """A report or list heading in ``lang``."""
    return _label(key, lang)


def _label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang.startswith("zh") else en


def markdown(document: dict[str, Any], lang: str) -> str:
    """The report in ``lang`` (zh or en) as Markdown."""
    lines = [f"# {_label(document['kind'], lang)} #{document.get('id', '')}".rstrip(" #"), ""]
    for key in ("scenario", "held_at", "sandbox", "first_encryption", "incident"):
        if document.get(key) is not None:
            lines.append(f"- **{_label(key, lang)}**: {_scalar(document[key])}")
    if "decoys" in document:
        decoys = document["decoys"]
        like = f"{_label('like', lang)}: {decoys['like']}"
        lines.append(f"- **{_label('decoys', lang)}**: {decoys['count']} ({like})")
    for key in ("time_to_detect_s", "time_to_incident_s"):
        if key in document:
            lines.append(f"- **{_label(key, lang)}**: {_scalar(document[key])}")
    lines.append("")
    for key in ("fired", "silent", "other_alerts"):
        if key in document:
            lines += _rules(key, document[key], lang)
    for key in ("participants", "injects", "findings", "controls_exercised", "warnings"):
        if key in document:
            lines += _items(key, document[key], lang)
    return "\n".join(lines) + "\n"


def _scalar(value: Any) -> str:
    return "—" if value is None else str(value)


def _rules(key: str, rules: list[dict[str, Any]], lang: str) -> list[str]:
    lines = [f"## {_label(key, lang)}", ""]
    if not rules:
        return [*lines, _label("none", lang), ""]
    after = _label("after", lang)
    for rule in rules:
        shown = ""
        if "event_time" in rule:  # a rule that stayed silent has no time to show
            shown = f" — {rule['event_time']}, {after}: {rule['after_first_encryption_s']}"
        lines.append(f"- {rule['title']} (`{rule['rule_id']}`){shown}")
    return [*lines, ""]


def _items(key: str, items: list[Any], lang: str) -> list[str]:
    lines = [f"## {_label(key, lang)}", ""]
    if not items:
        return [*lines, _label("none", lang), ""]
    for item in items:
        text = item.get(lang[:2], item.get("en", "")) if isinstance(item, dict) else item
        lines.append(f"- {text}")
    return [*lines, ""]


def write_reports(document: dict[str, Any], out_dir: Path) -> list[Path]:
    """``drill-<id>.json`` and one Markdown file per language in ``out_dir``."""
    stem = f"drill-{document.get('id', 'new')}"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = [out_dir / f"{stem}.json"]
        written[0].write_text(
            json.dumps(document, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
        )
        for lang in ("zh", "en"):
            path = out_dir / f"{stem}.{lang}.md"
            path.write_text(markdown(document, lang), encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise OutputError(f"cannot write the drill report in {out_dir}: {exc.strerror}") from exc
    return written
