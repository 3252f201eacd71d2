"""indsec: industrial data security for enterprises and their regulators."""

__version__ = "0.1.0"
