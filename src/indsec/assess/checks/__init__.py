"""Automated checks: registered functions that gather evidence for a control, never guess."""
