"""The platform benchmark's load: regulators reading dashboards and lists, enterprises filing,
an enterprise officer paging through the console's catalogue list.

Run by ``platform_bench.py`` (locust headless, the classes of one phase named on its command
line); not a test and not a module to import. The seeded world is described by the JSON file
named in ``INDSEC_BENCH_WORLD``: API tokens of the regulators and of the enterprise officers,
the filing template and the routes to exercise. Each filing is a new version of its
enterprise's filing (a record renamed with this run's process and a sequence number, so a new
digest even on a database an earlier run filed into), which is what intake at peak looks like.
Users are locust's ``FastHttpUser``: the load generator shares the machine with the servers,
and the cheaper its requests, the less it takes from them.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

from locust import FastHttpUser, between, constant, task

WORLD: dict[str, Any] = json.loads(Path(os.environ["INDSEC_BENCH_WORLD"]).read_text())
_REGULATORS = itertools.cycle(WORLD["regulator_tokens"])
_OFFICERS = itertools.cycle(WORLD["officer_tokens"])
_SEQUENCE = itertools.count()
_RUN = os.getpid()


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class _Regulating(FastHttpUser):
    """A regulator signed in with its token: the country's (national) or a province's."""

    abstract = True
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        token, self.region = next(_REGULATORS)
        self.auth = _bearer(token)
        self.level = "national" if self.region == "100000" else "provincial"

    def view_dashboard(self) -> None:
        """The regulator's own dashboard: the country's, or its province's."""
        name = f"dashboard ({self.level})"
        self.client.get(f"/api/dashboard/{self.region}", name=name, headers=self.auth)


class Regulator(_Regulating):
    """A regulator at work (the mixed phase): the dashboard's figures, then the lists behind."""

    weight = 3

    @task(3)
    def dashboard(self) -> None:
        self.view_dashboard()

    @task(2)
    def lists(self) -> None:
        province = "32" if self.region == "100000" else self.region[:2]
        for path in WORLD["list_paths"]:
            name = f"list {path.split('?')[0]}"
            self.client.get(path.format(province=province), name=name, headers=self.auth)


class DashboardReader(_Regulating):
    """A regulator refreshing its dashboard only (the dashboard phase: CPU per dashboard)."""

    @task
    def dashboard(self) -> None:
        self.view_dashboard()


class Officer(FastHttpUser):
    """An enterprise officer filing its catalogue through the intake API."""

    weight = 2
    wait_time = between(0.05, 0.2)
    expected = (200, 201)

    def on_start(self) -> None:
        token, self.uscc = next(_OFFICERS)
        self.auth = _bearer(token)

    @task
    def file(self) -> None:
        filing = json.loads(json.dumps(WORLD["filing"]))
        filing["enterprise"]["uscc"] = self.uscc
        filing["records"][0]["data_name"] += f" #{_RUN}-{next(_SEQUENCE)}"
        with self.client.post(
            WORLD["intake_path"], json=filing, name="intake", headers=self.auth, catch_response=True
        ) as answer:
            if answer.status_code not in self.expected:
                answer.failure(f"{answer.status_code}: {(answer.text or '')[:200]}")


class Filer(Officer):
    """An enterprise filing at peak (the intake phase): one new filing per request, the next
    as soon as the answer is in; anything but 201 (a new version stored) is a failure."""

    wait_time = constant(0)
    expected = (201,)


class CatalogueReader(FastHttpUser):
    """An enterprise officer paging through its console's catalogue list (the enterprise
    instance: another server, the same database)."""

    weight = 1
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        token, _ = WORLD["officer_tokens"][0]
        self.auth = _bearer(token)
        self.pages = itertools.count(1)

    @task
    def catalogue(self) -> None:
        page = next(self.pages) % 100 + 1
        for path in WORLD["catalogue_paths"]:
            url = WORLD["console_url"] + path.format(page=page)
            core = "" if "grade" not in path else " (core)"
            self.client.get(url, name=f"console {path.split('?')[0]}{core}", headers=self.auth)
