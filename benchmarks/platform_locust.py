"""The platform benchmark's load: regulators reading dashboards and lists, enterprises filing,
an enterprise officer paging through the console's catalogue list.

Run by ``platform_bench.py`` (locust headless); not a test and not a module to import. The
seeded world is described by the JSON file named in ``INDSEC_BENCH_WORLD``: API tokens of the
regulators and of the enterprise officers, the filing template and the routes to exercise.
Each enterprise user files a new version of its own filing per task (a new record name, so a
new digest), which is what intake at peak looks like: many enterprises, each filing once.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

WORLD: dict[str, Any] = json.loads(Path(os.environ["INDSEC_BENCH_WORLD"]).read_text())
_REGULATORS = itertools.cycle(WORLD["regulator_tokens"])
_OFFICERS = itertools.cycle(WORLD["officer_tokens"])
_SEQUENCE = itertools.count()


class Regulator(HttpUser):
    """A regulator: the dashboard's figures, then the lists behind them."""

    weight = 3
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        token, self.region = next(_REGULATORS)
        self.client.headers["Authorization"] = f"Bearer {token}"
        self.level = "national" if self.region == "100000" else "provincial"

    @task(3)
    def dashboard(self) -> None:
        """The regulator's own dashboard: the country's, or its province's."""
        self.client.get(f"/api/dashboard/{self.region}", name=f"dashboard ({self.level})")

    @task(2)
    def lists(self) -> None:
        province = "32" if self.region == "100000" else self.region[:2]
        for path in WORLD["list_paths"]:
            self.client.get(path.format(province=province), name=f"list {path.split('?')[0]}")


class Officer(HttpUser):
    """An enterprise officer filing its catalogue through the intake API."""

    weight = 2
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        token, uscc = next(_OFFICERS)
        self.client.headers["Authorization"] = f"Bearer {token}"
        self.uscc = uscc

    @task
    def file(self) -> None:
        filing = json.loads(json.dumps(WORLD["filing"]))
        filing["enterprise"]["uscc"] = self.uscc
        filing["records"][0]["data_name"] += f" #{next(_SEQUENCE)}"
        with self.client.post(
            WORLD["intake_path"], json=filing, name="intake", catch_response=True
        ) as answer:
            if answer.status_code not in (200, 201):
                answer.failure(f"{answer.status_code}: {answer.text[:200]}")


class CatalogueReader(HttpUser):
    """An enterprise officer paging through its console's catalogue list (the enterprise
    instance: another server, the same database)."""

    weight = 1
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        token, _ = WORLD["officer_tokens"][0]
        self.client.headers["Authorization"] = f"Bearer {token}"
        self.pages = itertools.count(1)

    @task
    def catalogue(self) -> None:
        page = next(self.pages) % 100 + 1
        for path in WORLD["catalogue_paths"]:
            url = WORLD["console_url"] + path.format(page=page)
            self.client.get(
                url, name=f"console {path.split('?')[0]}{'' if 'grade' not in path else ' (core)'}"
            )
