"""Statutory clocks: deadlines in Chinese working days, holidays and make-up days included."""
