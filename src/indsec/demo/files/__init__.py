"""The demo enterprise's file share: office, engineering, automation and IT files, some broken.

Each writer owns the files it names; the order below is the order they are written in.
"""

from __future__ import annotations

from pathlib import Path

from indsec.demo.files import (
    configs,
    corrupt,
    datasets,
    documents,
    engineering,
    firmware,
    plc,
    spreadsheets,
)
from indsec.demo.files.share import FileWriter
from indsec.demo.world import DemoWorld

FILE_WRITERS: tuple[FileWriter, ...] = (
    spreadsheets.write_staff_roster,
    spreadsheets.write_contract_ledger,
    spreadsheets.write_phone_book,
    spreadsheets.write_supplier_payments,
    spreadsheets.write_inspection_export,
    datasets.write_daily_output,
    datasets.write_furnace_trend,
    datasets.write_customer_directory,
    datasets.write_recipe,
    datasets.write_network_inventory,
    datasets.write_collector_log,
    documents.write_process_specification,
    documents.write_supplier_contract,
    documents.write_holiday_notice,
    engineering.write_shaft_drawing,
    engineering.write_turning_program,
    plc.write_structured_text,
    plc.write_plcopen_xml,
    plc.write_tag_table,
    firmware.write_gateway_firmware,
    configs.write_env_file,
    configs.write_application_yaml,
    configs.write_collector_ini,
    corrupt.write_truncated_workbook,
    corrupt.write_garbled_pdf,
    corrupt.write_binary_csv,
)


def write_file_share(share: Path, world: DemoWorld) -> None:
    """Write every file of the share under ``share``."""
    for write in FILE_WRITERS:
        write(share, world)


__all__ = ["FILE_WRITERS", "FileWriter", "write_file_share"]
