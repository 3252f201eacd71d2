"""Recognizers: which sensitive type each field holds, from values, names and content."""
