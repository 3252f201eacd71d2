"""Load a running supervision server: concurrent filing intake and dashboard reads on loopback.

Two steps, so the server under test is whatever ``indsec serve`` runs (workers, database)::

    INDSEC_DATABASE_URL=... python -m benchmarks.platform_load prepare --filers 50 --out tok.json
    python -m benchmarks.platform_load run --tokens tok.json --users 50 --seconds 30

``prepare`` registers ``--filers`` enterprises (valid synthetic USCCs in Suzhou, 320500), an
officer with a write token for each, and a national and a provincial regulator with read
tokens. ``run`` has ``--users`` concurrent clients (asyncio + httpx), each repeatedly either
filing a new version of its enterprise's catalogue (changed content, so every request stores a
version) or reading a dashboard, and prints per-kind counts, throughput, p50/p95/max latency
and errors. The client shares the machine with the server: on a small machine it takes CPU the
server would otherwise have, so the figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx

from indsec.app import AppContext
from indsec.catalogue.service import FilingPack
from indsec.identity import service as identity
from indsec.model.identity import Actor, Role, TokenScope
from indsec.settings import load_settings
from indsec.supervision.synthetic import _uscc

REGION = "320500"
DASHBOARDS = ("/api/dashboard/100000", "/api/dashboard/320000", "/api/dashboard/320500")


def _user(app: AppContext, name: str, role: Role, scope: TokenScope, **binding: Any) -> str:
    actor = Actor(name="platform_load", origin="cli")
    password = identity.generate_password()
    identity.add_user(app=app, actor=actor, username=name, password=password, role=role, **binding)
    issued = identity.issue_token(
        app=app, actor=actor, username=name, name="load", scopes=frozenset({scope}), days=1
    )
    return issued.secret


def prepare(filers: int, out: Path) -> None:
    """Tenants, officers and regulators with tokens, written to ``out`` (run-unique names)."""
    run = f"{int(time.time()):x}"
    rng = random.Random(run)
    with AppContext(load_settings()) as app:
        actor = Actor(name="platform_load", origin="cli")
        fields = app.packs.one(FilingPack).fields
        tokens: dict[str, Any] = {"filers": [], "columns": [field.id for field in fields]}
        for index in range(filers):
            uscc = _uscc(rng, REGION)
            tenant = identity.add_tenant(
                app=app, actor=actor, uscc=uscc, name=f"压测企业{run}{index}", region_code=REGION
            )
            secret = _user(
                app,
                f"load{run}o{index}",
                Role.ENTERPRISE_OFFICER,
                TokenScope.WRITE,
                tenant_id=tenant.id,
            )
            tokens["filers"].append({"uscc": uscc, "token": secret})
        tokens["national"] = _user(app, f"load{run}n", Role.NATIONAL_REGULATOR, TokenScope.READ)
        tokens["provincial"] = _user(
            app, f"load{run}p", Role.PROVINCIAL_REGULATOR, TokenScope.READ, region_code="320000"
        )
    out.write_text(json.dumps(tokens), encoding="utf-8")


def document(uscc: str, columns: list[str], serial: int, records: int) -> dict[str, Any]:
    """A filing in the export's JSON shape whose content changes with ``serial``."""
    rows = [
        {column: f"{column}-{serial}-{index}" for column in columns}
        | {
            "category": "研发设计数据",
            "grade": "重要数据" if index % 4 else "核心数据",
            "scale_records": f"{1000 + index}",
            "scale_bytes": f"{4096 * (index + 1)} 字节",
        }
        for index in range(records)
    ]
    return {
        "enterprise": {"name": f"压测企业{uscc}", "uscc": uscc, "industry_code": "C3670"},
        "catalogue_version": serial % 2**31,
        "lang": "zh",
        "title": "重要数据和核心数据目录",
        "columns": [{"id": c, "name": c} for c in columns],
        "records": rows,
    }


class Tally:
    """Latencies (seconds) and error descriptions per request kind."""

    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    async def timed(self, kind: str, request: Any, ok: tuple[int, ...]) -> None:
        start = time.perf_counter()
        try:
            response = await request
        except httpx.HTTPError as exc:
            self.errors[kind].append(type(exc).__name__)
            return
        self.latency[kind].append(time.perf_counter() - start)
        if response.status_code not in ok:
            self.errors[kind].append(f"{response.status_code} {response.text[:120]}")


async def _client(
    base: str, tokens: dict[str, Any], index: int, args: argparse.Namespace, tally: Tally
) -> None:
    filer = tokens["filers"][index % len(tokens["filers"])]
    rng = random.Random(index)
    deadline = time.perf_counter() + args.seconds
    serial = int(time.time() * 1000) % 10**9 * 100 + index
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.perf_counter() < deadline:
            if rng.random() < args.intake_share:
                serial += 1000
                body = document(filer["uscc"], tokens["columns"], serial, args.records)
                headers = {"Authorization": f"Bearer {filer['token']}"}
                call = client.post("/api/filings", json=body, headers=headers)
                await tally.timed("intake", call, (200, 201))
            else:
                path = rng.choice(DASHBOARDS)
                who = "national" if path.endswith("100000") else "provincial"
                headers = {"Authorization": f"Bearer {tokens[who]}"}
                await tally.timed("dashboard", client.get(path, headers=headers), (200,))


def _report(tally: Tally, seconds: float) -> None:
    for kind in sorted(set(tally.latency) | set(tally.errors)):
        times = sorted(tally.latency[kind])
        errors = tally.errors[kind]
        if times:
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(
                f"{kind:9} n={len(times):6} {len(times) / seconds:7.1f}/s "
                f"p50={statistics.median(times) * 1000:7.1f}ms p95={p95 * 1000:7.1f}ms "
                f"max={times[-1] * 1000:7.1f}ms errors={len(errors)}"
            )
        for error in sorted(set(errors))[:5]:
            print(f"  {kind} error x{errors.count(error)}: {error}")


async def run(args: argparse.Namespace) -> None:
    tokens = json.loads(Path(args.tokens).read_text(encoding="utf-8"))
    tally = Tally()
    started = time.perf_counter()
    await asyncio.gather(*(_client(args.base, tokens, i, args, tally) for i in range(args.users)))
    _report(tally, time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    steps = parser.add_subparsers(dest="step", required=True)
    make = steps.add_parser("prepare")
    make.add_argument("--filers", type=int, default=50)
    make.add_argument("--out", type=Path, required=True)
    load = steps.add_parser("run")
    load.add_argument("--base", default="http://127.0.0.1:8000")
    load.add_argument("--tokens", required=True)
    load.add_argument("--users", type=int, default=50)
    load.add_argument("--seconds", type=float, default=20.0)
    load.add_argument("--intake-share", type=float, default=1.0)
    load.add_argument("--records", type=int, default=20)
    args = parser.parse_args()
    if args.step == "prepare":
        prepare(args.filers, args.out)
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
