"""The supervision instance's side of what enterprises report besides filings: incidents
escalated under the emergency plan and annual risk-assessment reports."""
