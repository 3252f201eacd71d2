"""Annual report generation (HTML + PDF + XLSX) at the issue's scale, against its target.

Issue 16: an enterprise with 5,000 catalogue assets, 1,000 alerts and a full set of control
results gets its report in under 30 s. The world is the demo-like one the report's tests use
(``assess_report_world``), built before the clock starts; the clock covers ``write_report``
only: the nine sections, the HTML, the PDF laid out by WeasyPrint and the XLSX appendix.
Peak memory is the process's peak RSS (the world included, as a real run holds it too).

    python benchmarks/assess_report_bench.py [--assets 5000] [--alerts 1000] [--lang zh-CN]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader

from benchmarks.assess_report_world import build_world
from indsec.assess.annual import write_report

TARGET_S = 30.0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--assets", type=int, default=5000)
    parser.add_argument("--alerts", type=int, default=1000)
    parser.add_argument("--lang", default="zh-CN")
    parser.add_argument("--out", type=Path, default=None, help="keep the report here")
    return parser.parse_args()


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    args = _arguments()
    snapshot, context = build_world(asset_count=args.assets, alert_count=args.alerts)
    before_mib = _peak_mib()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        started = time.perf_counter()
        written = write_report(snapshot, context, out, args.lang)
        elapsed = time.perf_counter() - started
        pages = len(PdfReader(written[1]).pages)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1024:.0f} KiB" for p in written)
    peak_mib = _peak_mib()
    print(
        f"assessment report: {args.assets:,} assets, {args.alerts:,} alerts, "
        f"{len(snapshot.results)} control results, {pages} PDF pages ({sizes})"
    )
    print(
        f"write_report: {elapsed:.1f} s (target < {TARGET_S:.0f} s: "
        f"{elapsed / TARGET_S:.2f}x of the budget); peak RSS {peak_mib:.0f} MiB "
        f"({before_mib:.0f} MiB with the world built, before the report)"
    )


if __name__ == "__main__":
    main()
