"""The regulator's side of the platform (supervision mode): the enterprise registry, the filing
intake and its clocks, and the dashboards over both. Faces use it through ``service.py``."""
