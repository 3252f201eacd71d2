"""How a long run (a scan, a detection) tells its face what it is doing.

One callable type for every run, so a CLI spinner or a server's job status plugs into any of
them: it is told a short line (the table, file or log being read) and returns nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str], None]
