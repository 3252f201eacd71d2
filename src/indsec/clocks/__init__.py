"""Statutory clocks: deadlines counted in Chinese working days, holidays and make-up days included."""
