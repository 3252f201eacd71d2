"""Apache Parquet files: schema, row count and the first rows.

Data-lake exports of historians and MES systems land as Parquet. The footer gives the exact row
count and typed schema for free; values come from the first row batch, which avoids decoding a
multi-gigabyte file to sample it.
"""

from __future__ import annotations

from typing import Any

from indsec.discover.formats.base import (
    Confidence,
    FileContent,
    FileFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe
from indsec.discover.formats.values import texts_of
from indsec.model import SampledColumn

_MAGIC = b"PAR1"
_COMMENT_KEY = b"comment"


def _column(field: Any, values: list[object]) -> SampledColumn:
    metadata = field.metadata or {}
    comment = metadata.get(_COMMENT_KEY, b"").decode("utf-8", errors="replace")
    return SampledColumn(
        name=field.name, data_type=str(field.type), comment=comment, values=texts_of(values)
    )


@register_format
class Parquet(FileFormat):
    """Parquet files, read with pyarrow."""

    name = "parquet"
    extensions = frozenset({".parquet", ".parq"})
    priority = 10

    def detect(self, probe: Probe) -> Confidence:
        """Certain when the file starts with the ``PAR1`` magic."""
        return Confidence.CERTAIN if probe.head.startswith(_MAGIC) else Confidence.NONE

    def read(self, probe: Probe, context: ReadContext) -> list[FileContent]:
        """Every schema field becomes a column with values from the first ``sample_size`` rows."""
        import pyarrow.parquet as pq  # deferred: a heavy import only needed for Parquet

        with probe.open() as handle:
            parquet = pq.ParquetFile(handle)
            batch = next(parquet.iter_batches(batch_size=context.sample_size), None)
            schema, rows = parquet.schema_arrow, parquet.metadata.num_rows
        values = (
            {name: batch.column(name).to_pylist() for name in batch.schema.names} if batch else {}
        )
        columns = [_column(field, values.get(field.name, [])) for field in schema]
        return [
            FileContent(
                columns=columns, rows=rows, metadata={"row_groups": str(parquet.num_row_groups)}
            )
        ]
