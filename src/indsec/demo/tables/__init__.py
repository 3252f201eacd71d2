"""Row builders for every table of the demo MES/ERP database, keyed by table name.

The DDL lives in ``schema.sql``; each builder yields tuples in its table's column order.
"""

from __future__ import annotations

from indsec.demo.tables import gate, master, plant, production, sensors, staff, trade
from indsec.demo.tables.rows import Row, RowBuilder

TABLE_BUILDERS: dict[str, RowBuilder] = {
    **master.BUILDERS,
    **staff.BUILDERS,
    **gate.BUILDERS,
    **trade.BUILDERS,
    **production.BUILDERS,
    **plant.BUILDERS,
    **sensors.BUILDERS,
}

__all__ = ["TABLE_BUILDERS", "Row", "RowBuilder"]
