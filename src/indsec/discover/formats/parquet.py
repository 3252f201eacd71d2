"""Apache Parquet files: schema, row count and a seeded sample of rows.

Data-lake exports of historians and MES systems land as Parquet. The footer gives the exact row
count and typed schema for free; values come from a seeded reservoir over row groups taken in a
seeded random order, read in batches and never past ``scan_rows`` rows, which avoids decoding a
multi-gigabyte file to sample it.
"""

from __future__ import annotations

import random
from typing import Any

from indsec.discover.formats.base import (
    Confidence,
    FileContent,
    FileFormat,
    ReadContext,
    register_format,
)
from indsec.discover.formats.probe import Probe
from indsec.discover.formats.values import Reservoir, texts_of
from indsec.model import SampledColumn

_MAGIC = b"PAR1"
_COMMENT_KEY = b"comment"
_BATCH_ROWS = 10_000


def _sample_rows(parquet: Any, context: ReadContext) -> list[tuple[object, ...]]:
    """Up to ``sample_size`` rows, a seeded reservoir over at most ``scan_rows`` rows.

    Row groups are visited in a seeded random order, so a file larger than the bound is not
    sampled only from its front.
    """
    groups = list(range(parquet.num_row_groups))
    random.Random(context.seed).shuffle(groups)
    sample: Reservoir[tuple[object, ...]] = Reservoir(context.sample_size, context.seed)
    batches = parquet.iter_batches(
        batch_size=min(_BATCH_ROWS, context.scan_rows), row_groups=groups
    )
    for batch in batches:
        batch = batch.slice(0, context.scan_rows - sample.seen)
        for row in zip(*(column.to_pylist() for column in batch.columns), strict=True):
            sample.offer(row)
        if sample.seen >= context.scan_rows:
            break
    return sample.items


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
        """Every schema field becomes a column with the values of a seeded sample of rows."""
        import pyarrow.parquet as pq  # deferred: a heavy import only needed for Parquet

        with probe.open() as handle:
            parquet = pq.ParquetFile(handle)
            sample = _sample_rows(parquet, context)
            schema, rows = parquet.schema_arrow, parquet.metadata.num_rows
        columns = [
            _column(field, [row[index] for row in sample]) for index, field in enumerate(schema)
        ]
        return [
            FileContent(
                columns=columns, rows=rows, metadata={"row_groups": str(parquet.num_row_groups)}
            )
        ]
