"""Grading: general / important / core, by the GB/T 43697 rules of the grading pack."""
