"""Supervision: the regulator's side of the platform (registry, plan coverage, filing intake)."""
