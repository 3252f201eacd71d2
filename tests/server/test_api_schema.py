"""Schemathesis against the API's own OpenAPI description: generated requests, as a signed-in
caller of each mode, never get a 500 and every answer conforms to the declared schema (status
codes, content type, body). Bounded and derandomized, so a run is repeatable.

A schema-valid request may still be refused with 400: the services check what a schema cannot
say (a USCC's check digit, the password policy, a token's lifetime against
``INDSEC_TOKEN_MAX_DAYS``, a username already taken), so that one check is left out."""

from __future__ import annotations

from typing import Literal

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case
from schemathesis.checks import positive_data_acceptance

from indsec.server import create_app
from tests.identity.world import World, issue
from tests.server.filings import authorization

CALLERS = [("enterprise", "officer_a"), ("supervision", "prov_js"), ("enterprise", "admin")]
"""Who calls, in which mode: the enterprise's officer, a provincial regulator, the admin."""


@pytest.mark.parametrize(("mode", "caller"), CALLERS)
def test_generated_requests_get_declared_answers_and_no_server_error(
    server_world: World, mode: Literal["enterprise", "supervision"], caller: str
) -> None:
    headers = authorization(issue(server_world.app, caller))
    app = create_app(server_world.app.settings, mode=mode)
    api = schemathesis.openapi.from_asgi("/api/openapi.json", app, headers=headers)
    operations = [result.ok() for result in api.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=15,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_declared(case: Case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        answers_as_declared()
