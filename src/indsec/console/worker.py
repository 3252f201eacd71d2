"""Background workers: a job's work runs in a thread of the server process, never in a request.

The request only claims the job (refused if one of its kind runs) and starts the thread; the
worker stores its progress as it goes and its outcome or failure when it ends, and the pages
poll the stored job. Nothing the work raises escapes the thread: a failure is the job's result.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from indsec.app import AppContext
from indsec.console.jobs import COMPLETE, FAILED, Job, JobRepository
from indsec.identity import service as identity
from indsec.model import Progress
from indsec.model.identity import Actor

PROGRESS_INTERVAL_S = 0.5
"""At most one stored progress line per interval: a scan tells one per asset."""

Work = Callable[[Progress], dict[str, Any]]
"""A job's work: told where to report progress, it returns the job's result."""

_workers: dict[int, threading.Thread] = {}


class _Reporter:
    """The work's progress callback: counts every line, stores the newest now and then."""

    def __init__(self, repository: JobRepository, job_id: int) -> None:
        self.repository, self.job_id = repository, job_id
        self.steps, self.stored_at = 0, float("-inf")

    def __call__(self, message: str) -> None:
        self.steps += 1
        now = time.monotonic()
        if now - self.stored_at >= PROGRESS_INTERVAL_S:
            self.repository.advance(self.job_id, message=message[:500], steps=self.steps)
            self.stored_at = now


def _run(repository: JobRepository, job_id: int, work: Work) -> None:
    try:
        result = work(_Reporter(repository, job_id))
    except BaseException as exc:  # the failure, whatever it is, is what the job reports
        repository.finish(job_id, status=FAILED, error=str(exc) or type(exc).__name__)
    else:
        repository.finish(job_id, status=COMPLETE, result=result)
    finally:
        _workers.pop(job_id, None)


def start_job(
    *, app: AppContext, actor: Actor, kind: str, action: str, detail: dict[str, str], work: Work
) -> Job:
    """Claim ``kind``'s one slot (an abandoned job freed first; refused if one runs), audit
    ``action`` on the job in the same transaction, and run ``work`` in a thread: the running
    job, at once."""
    jobs = JobRepository(app.store())
    jobs.fail_abandoned(timedelta(seconds=app.settings.run_abandoned_after_s))

    def audit(session: Session, job_id: int) -> None:
        identity.append_audit(
            session, actor=actor, action=action, target=f"job:{job_id}", detail=detail
        )

    claimed = jobs.claim(kind, requested_by=actor.name, audit=audit)
    start_worker(jobs, claimed.id, work)
    return claimed


def start_worker(repository: JobRepository, job_id: int, work: Work) -> None:
    """Run ``work`` for the claimed job ``job_id`` in a thread, and return at once."""
    thread = threading.Thread(
        target=_run, args=(repository, job_id, work), name=f"indsec-job-{job_id}", daemon=True
    )
    _workers[job_id] = thread
    thread.start()


def join_workers(timeout: float) -> None:
    """Wait for this process's workers to end (a test's or a shutdown's clean-up)."""
    for thread in list(_workers.values()):
        thread.join(timeout)
