"""Incidents: tiers of the emergency plan, reporting clocks, report forms and escalation."""
