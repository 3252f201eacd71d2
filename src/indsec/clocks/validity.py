"""How long an annual risk assessment report is valid: one rule for enterprise and regulator.

The assessment rules make a report valid for one year counted from the date it is first issued
(regulation.md §5). A period counted "from" a day follows the Civil Code, as every clock of the
platform does (see :mod:`indsec.clocks.clock`): the issue day itself does not count (art. 201)
and a period of years ends on the corresponding day (art. 202), so a report first issued on
10 March 2025 is valid through 10 March 2026 and expired from 11 March; one first issued on
29 February is valid through 28 February. The enterprise's report prints that day as its
"valid until", and the regulator's lists call the report expired the day after.
"""

from __future__ import annotations

from datetime import date

from indsec.clocks.clock import ClockRule, Unit, add_months

ANNUAL_REPORT = ClockRule("assessment.validity", 12, Unit.MONTHS)
"""The clock of a report's validity (the regulator's reminders use its id)."""


def last_valid_day(first_issued: date) -> date:
    """The last day a report first issued on ``first_issued`` is valid."""
    return add_months(first_issued, ANNUAL_REPORT.amount)
