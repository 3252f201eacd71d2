"""Regulator-facing outputs: the important/core catalogue filing and other reports."""
