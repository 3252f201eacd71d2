"""The regulator's side: filings' statutory clocks, overdue lists and reminders (more to come:
the registry, intake and dashboards)."""
