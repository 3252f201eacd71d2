"""Report forms: initial, follow-up, final summary and the annual summary, in zh-CN and English.

A form is first a JSON document holding the fields the emergency plan and the CAC measure ask
for (times, reporting unit, systems and data involved, cause, impact, PI counts, loss, measures,
ransom demand); Markdown and HTML are renderings of that same document, so what a regulator
reads and what is escalated cannot differ.
"""

from __future__ import annotations

import html
from typing import Any

from indsec.errors import ConfigError

FORMS = ("initial", "follow_up", "final", "annual")
FORMATS = ("json", "md", "html")

TITLES = {
    "initial": ("数据安全事件初始报告", "Data security incident: initial report"),
    "follow_up": ("数据安全事件续报", "Data security incident: follow-up report"),
    "final": ("数据安全事件总结报告", "Data security incident: final summary report"),
    "annual": ("年度数据安全事件处置情况报告", "Annual data security incident summary"),
}
LABELS = {
    "enterprise": ("报告单位", "Reporting unit"),
    "name": ("名称", "Name"),
    "uscc": ("统一社会信用代码", "USCC"),
    "province": ("省份", "Province"),
    "city": ("城市", "City"),
    "officer": ("数据安全负责人", "Data security officer"),
    "contact": ("联系方式", "Contact"),
    "drill": ("演练", "Drill"),
    "incident": ("事件", "Incident"),
    "id": ("编号", "Number"),
    "title": ("事件名称", "Title"),
    "scenario": ("风险场景", "Risk scenario"),
    "occurred_at": ("发生时间", "Occurred at"),
    "detected_at": ("发现时间", "Detected at"),
    "status": ("状态", "Status"),
    "tier": ("事件级别", "Tier"),
    "decided_by": ("定级依据", "Decided by"),
    "tier_needs_review": ("定级阈值待核实", "Thresholds need review"),
    "facts": ("事件情况", "Facts"),
    "assets": ("涉及系统和数据", "Systems and data involved"),
    "threat": ("威胁程度", "Threat"),
    "outage_hours": ("中断时长（小时）", "Outage (hours)"),
    "direct_loss_cny": ("直接经济损失（元）", "Direct economic loss (CNY)"),
    "personal_info": ("涉及个人信息（人）", "Personal information (people)"),
    "sensitive_personal_info": (
        "涉及敏感个人信息（人）",
        "Sensitive personal information (people)",
    ),
    "ransom": ("勒索情况", "Ransom demand"),
    "demanded": ("是否索要赎金", "Ransom demanded"),
    "amount": ("赎金金额", "Amount"),
    "currency": ("币种", "Currency"),
    "wallet": ("收款地址（已脱敏）", "Wallet (masked)"),
    "cause": ("事件原因", "Cause"),
    "impact": ("影响范围", "Impact"),
    "measures": ("已采取措施", "Measures taken"),
    "follow_up_plan": ("下一步工作", "Follow-up plan"),
    "support_requested": ("需要的支持", "Support requested"),
    "timers": ("报告时限", "Reporting deadlines"),
    "kind": ("报告", "Report"),
    "due": ("截止时间", "Due"),
    "reported_at": ("报告时间", "Reported at"),
    "state": ("状态", "State"),
    "needs_review": ("时限待核实", "Needs review"),
    "timeline": ("处置过程", "Timeline of actions"),
    "at": ("时间", "When"),
    "actor": ("操作人", "Who"),
    "action": ("动作", "What"),
    "detail": ("说明", "Detail"),
    "year": ("年度", "Year"),
    "due_date": ("报送截止日期", "Due"),
    "by_tier": ("按级别统计", "By tier"),
    "by_scenario": ("按场景统计", "By scenario"),
    "incidents": ("事件列表", "Incidents"),
    "key": ("标识", "Key"),
    "grade": ("级别", "Grade"),
    "reports_late": ("逾期报告数", "Reports late or overdue"),
}


def check_choice(value: str, choices: tuple[str, ...], what: str) -> str:
    """``value`` if it is one of ``choices``, else a clear error naming them."""
    if value not in choices:
        raise ConfigError(f"unknown {what} '{value}' (one of: {', '.join(choices)})")
    return value


def label(key: str, lang: str) -> str:
    zh, en = LABELS.get(key, (key, key))
    return zh if lang.startswith("zh") else en


def render(document: dict[str, Any], fmt: str, lang: str) -> str:
    """``document`` (a form) as Markdown or HTML; JSON is the document itself."""
    zh, en = TITLES[str(document["form"])]
    title = zh if lang.startswith("zh") else en
    lines = [f"# {title}", ""]
    for key, value in document.items():
        if key != "form":
            lines += _section(key, value, lang)
    markdown = "\n".join(lines) + "\n"
    return markdown if fmt == "md" else _html(title, lines, lang)


def _section(key: str, value: Any, lang: str) -> list[str]:
    if isinstance(value, dict):
        rows = [f"| {label(k, lang)} | {_cell(v, lang)} |" for k, v in value.items()]
        return [f"## {label(key, lang)}", "", "| | |", "|---|---|", *rows, ""]
    if isinstance(value, list) and value and isinstance(value[0], dict):
        head = list(value[0])
        rows = ["| " + " | ".join(_cell(r.get(k), lang) for k in head) + " |" for r in value]
        header = "| " + " | ".join(label(k, lang) for k in head) + " |"
        return [f"## {label(key, lang)}", "", header, "|" + "---|" * len(head), *rows, ""]
    return [f"**{label(key, lang)}**: {_cell(value, lang)}", ""]


def _cell(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        yes, no = ("是", "否") if lang.startswith("zh") else ("yes", "no")
        return yes if value else no
    if isinstance(value, dict):
        return "; ".join(f"{label(k, lang)}: {_cell(v, lang)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_cell(v, lang) for v in value) if value else "—"
    text = "—" if value is None or value == "" else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _html(title: str, lines: list[str], lang: str) -> str:
    """A plain HTML page of the Markdown lines: headings, tables and paragraphs, all escaped."""
    body: list[str] = []
    for line in lines:
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{html.escape(line.lstrip('# '))}</h{level}>")
        elif line.startswith("|---"):
            continue
        elif line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in line.strip("|").split(" | ")]
            body.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
        elif line:
            key, _, value = line.partition(": ")
            body.append(f"<p><b>{html.escape(key.strip('*'))}</b>: {html.escape(value)}</p>")
    page = "\n".join(_tables(body))
    return (
        f'<!doctype html>\n<html lang="{"zh-CN" if lang.startswith("zh") else "en"}">'
        f'<head><meta charset="utf-8"><title>{html.escape(title)}</title></head>\n'
        f"<body>\n{page}\n</body></html>\n"
    )


def _tables(body: list[str]) -> list[str]:
    """Runs of ``<tr>`` wrapped in one ``<table>`` each."""
    out: list[str] = []
    for i, item in enumerate(body):
        starts = item.startswith("<tr>") and (i == 0 or not body[i - 1].startswith("<tr>"))
        ends = item.startswith("<tr>") and (
            i + 1 == len(body) or not body[i + 1].startswith("<tr>")
        )
        out.append(("<table>" if starts else "") + item + ("</table>" if ends else ""))
    return out
