"""``indsec registry import|synth``: the supervision instance's enterprise registry.

``import`` is the platform's bootstrap (as its administrator, every region): it prints the
counts and the first bad rows, and ``--errors-out`` writes all of them (CSV or XLSX) for the
office that sent the file. ``synth`` writes a synthetic province registry for the demo and
the scale benchmark, deterministic per seed, with ``--bad`` rows broken on purpose.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.markup import escape

from indsec.cli.context import cli_actor, console, progress_status, state
from indsec.cli.output import checked_output, open_output
from indsec.errors import OutputError, RegistryFileError
from indsec.model.registry import ROW_ERROR_COLUMNS, ImportResult
from indsec.report.service import csv_cell, table_workbook
from indsec.supervision import service as supervision

app = typer.Typer(help="The regulator's enterprise registry.", no_args_is_help=True)
SHOWN_ERRORS = 20
SUMMARY = {
    "zh": "新增 {added}，更新 {updated}，未变 {unchanged}，拒绝 {refused} 行",
    "en": "added {added}, updated {updated}, unchanged {unchanged}, refused {refused} rows",
}


def write_table(path: Path, title: str, header: Sequence[object], rows: list[list[object]]) -> None:
    """``rows`` as XLSX when ``path`` ends in .xlsx, else as CSV (UTF-8 with BOM, for Excel)."""
    if path.suffix.lower() == ".xlsx":
        checked_output(path)
        try:
            path.write_bytes(table_workbook(title, header, rows))
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        return
    with open_output(path) as stream:
        stream.write("\ufeff")
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows([csv_cell(v) for v in row] for row in rows)


def _read(path: Path, limit: int) -> bytes:
    try:
        if path.stat().st_size > limit:
            raise RegistryFileError(f"{path}: larger than INDSEC_REGISTRY_MAX_FILE_BYTES ({limit})")
        return path.read_bytes()
    except OSError as exc:
        raise RegistryFileError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _report(result: ImportResult, lang: str) -> None:
    counts = {k: getattr(result, k) for k in ("added", "updated", "unchanged", "refused")}
    console.print(SUMMARY[lang].format(**counts), highlight=False)
    for error in result.errors[:SHOWN_ERRORS]:
        where = f"row {error.row} {error.column}"
        console.print(escape(f"  {where} {error.value!r}: {error.reason}"), highlight=False)
    if len(result.errors) > SHOWN_ERRORS:
        console.print(f"  … {len(result.errors) - SHOWN_ERRORS} more (--errors-out FILE)")


@app.command("import")
def import_file(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV or XLSX registry file"),
    errors_out: Path | None = typer.Option(
        None, "--errors-out", help="write every bad row here (.csv or .xlsx)"
    ),
) -> None:
    """Import (or update by USCC) the enterprises of a registry file, as the platform."""
    app_context = state(ctx).app
    if errors_out is not None:
        checked_output(errors_out)
    data = _read(file, app_context.settings.registry_max_file_bytes)
    with progress_status(f"import {escape(file.name)}", quiet=False) as advance:
        result = supervision.import_registry(
            app=app_context,
            actor=cli_actor(),
            principal=None,
            name=file.name,
            data=data,
            progress=advance,
        )
    _report(result, app_context.settings.lang)
    if errors_out is not None:
        write_table(errors_out, "errors", ROW_ERROR_COLUMNS, [e.cells() for e in result.errors])


@app.command("synth")
def synth(
    ctx: typer.Context,
    province: str = typer.Option(..., "--province", help="two digits of GB/T 2260, e.g. 32"),
    count: int = typer.Option(5000, "--count", min=1, max=1_000_000),
    seed: int = typer.Option(7, "--seed"),
    output: Path = typer.Option(..., "--output", "-o", help="FILE.xlsx or FILE.csv"),
    bad: int = typer.Option(0, "--bad", min=0, help="rows broken on purpose"),
) -> None:
    """Write a synthetic registry of a province (deterministic for a seed)."""
    checked_output(output)
    rows = supervision.synthetic_registry(province=province, count=count, seed=seed, bad=bad)
    write_table(output, "registry", supervision.SYNTHETIC_HEADER, [list(r) for r in rows])
    console.print(f"wrote {escape(str(output))}: {len(rows)} rows", highlight=False)
