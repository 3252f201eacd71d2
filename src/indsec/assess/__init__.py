"""Self-examination and self-correction (风险自查自纠) and the annual risk assessment.

Control catalogues are rule packs (``controls`` kind); automated checks gather evidence from what
indsec already knows (catalogue, scans, detection runs, site files); answers and files cover the
rest; failed controls become remediation tasks that close when their evidence passes again.
"""
