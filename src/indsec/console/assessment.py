"""The self-examination run from the console, in the background worker: the assessment feature
measures and stores; this module adds the job slot and its audit entry, as the rescan does for
the catalogue. (Answers, files and task changes are audited by the assessment service itself.)
"""

from __future__ import annotations

from indsec.app import AppContext
from indsec.assess import service as assess
from indsec.console.jobs import Job
from indsec.console.worker import start_job
from indsec.model import Progress
from indsec.model.identity import Actor

ASSESSMENT = "assessment"
"""The job kind (and slot) of a self-examination started from the console."""


def start_assessment(*, app: AppContext, actor: Actor) -> Job:
    """Claim the one self-examination slot and run every loaded framework in a background
    worker; returns the running job at once (refused if one runs)."""

    def work(progress: Progress) -> dict[str, object]:
        snapshot = assess.run_assessment(app=app, actor=actor, progress=progress)
        return {"assessment": snapshot.id, "overall": snapshot.overall}

    return start_job(
        app=app, actor=actor, kind=ASSESSMENT, action="assess.run", detail={}, work=work
    )
