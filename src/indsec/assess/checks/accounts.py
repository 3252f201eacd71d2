"""``accounts.remote_mfa``: remote-access accounts without multi-factor sign-in.

The list is what the VPN, bastion or RMM console exports (CSV or XLSX, the first sheet), with a
header row naming the account and MFA columns the inputs file declares. Facts hold counts and
row numbers, never account names: a reviewer finds the rows in the file the digest pins down.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from indsec.assess.checks.base import ASSESS_CHECKS, CheckContext, CheckOutcome, Param, not_assessed
from indsec.assess.inputs import AccountList
from indsec.errors import AssessError
from indsec.model.assessment import Outcome

YES = {"yes", "y", "true", "1", "on", "enabled", "是", "已启用", "启用", "有"}
NO = {"no", "n", "false", "0", "off", "disabled", "否", "未启用", "无", ""}
SHOWN = 50


def _cell(value: object) -> str:
    return "" if value is None else str(value).strip()


def _rows(path: Path, max_bytes: int) -> Iterator[list[str]]:
    if path.stat().st_size > max_bytes:
        raise AssessError(f"{path}: larger than INDSEC_ASSESS_EVIDENCE_MAX_BYTES ({max_bytes})")
    data = path.read_bytes()
    if path.suffix.lower() == ".xlsx":
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise AssessError(f"{path}: not a readable XLSX workbook: {exc}") from exc
        try:
            yield from (
                [_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)
            )
        finally:
            book.close()
        return
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        yield from ([_cell(v) for v in row] for row in csv.reader(io.StringIO(text, newline="")))
        return
    raise AssessError(f"{path}: the CSV file is neither UTF-8 nor GB18030 text")


def _column(header: list[str], name: str, path: Path) -> int:
    folded = [h.casefold() for h in header]
    if name.casefold() not in folded:
        raise AssessError(f"{path}: no column '{name}' in the header ({', '.join(header)})")
    return folded.index(name.casefold())


def tally(accounts: AccountList, max_bytes: int) -> dict[str, object]:
    """Row numbers (the header is row 1) of accounts without MFA and of unreadable MFA cells."""
    rows = enumerate(_rows(accounts.file, max_bytes), start=1)
    _, header = next(rows, (1, []))
    name_at = _column(header, accounts.account_column, accounts.file)
    mfa_at = _column(header, accounts.mfa_column, accounts.file)
    total, without, unknown = 0, [], []
    for number, cells in rows:
        padded = cells + [""] * (len(header) - len(cells))
        if not padded[name_at]:
            continue
        total += 1
        value = padded[mfa_at].casefold()
        if value in NO:
            without.append(number)
        elif value not in YES:
            unknown.append(number)
    return {
        "accounts": total,
        "without_mfa": len(without),
        "rows_without_mfa": without[:SHOWN],
        "unknown": len(unknown),
        "rows_unknown": unknown[:SHOWN],
    }


@ASSESS_CHECKS.decorator("accounts.remote_mfa")
def remote_mfa(context: CheckContext, params: Mapping[str, Param]) -> CheckOutcome:
    inputs = context.inputs()
    if inputs is None:
        return not_assessed(context.inputs_problem)
    if inputs.accounts is None:
        return not_assessed(
            f"no account list declared under 'accounts:' in {context.loaded_inputs.where}"
        )
    if not inputs.accounts.file.is_file():
        return not_assessed(f"the account list {inputs.accounts.file} does not exist")
    try:
        facts = tally(inputs.accounts, context.app.settings.assess_evidence_max_bytes)
    except (AssessError, OSError) as exc:
        return not_assessed(f"cannot read the account list: {exc}")
    facts["file"] = str(inputs.accounts.file)
    without, unknown = int(str(facts["without_mfa"])), int(str(facts["unknown"]))
    summary = f"{without} of {facts['accounts']} remote accounts without MFA ({unknown} unreadable)"
    if not facts["accounts"]:
        return not_assessed("the account list holds no account", **facts)
    outcome: Outcome = "fail" if without else ("not_assessed" if unknown else "pass")
    return CheckOutcome(outcome, summary, facts)
