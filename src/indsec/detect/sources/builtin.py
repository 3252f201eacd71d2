"""Imports every builtin log reader so the registry knows them without entry points.

Third-party readers arrive through the ``indsec.log_readers`` entry-point group; the builtin
ones are listed here so sniffing and lookups work in a source checkout too.
"""

from __future__ import annotations

import indsec.detect.sources.bastion
import indsec.detect.sources.evtx
import indsec.detect.sources.file_activity
import indsec.detect.sources.jsonl
import indsec.detect.sources.mysql_log
import indsec.detect.sources.openvpn
import indsec.detect.sources.pg_csvlog
import indsec.detect.sources.syslog  # noqa: F401
