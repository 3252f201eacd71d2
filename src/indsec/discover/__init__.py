"""Connectors: read-only discovery of tables and files, with sampled values and a report."""
