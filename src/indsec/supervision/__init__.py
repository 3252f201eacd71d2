"""The regulator's side (supervision mode): the enterprise registry, filing intake and its
workflow, clocks and dashboards. Faces call :mod:`indsec.supervision.service` only."""
