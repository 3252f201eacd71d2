"""Sigma detection: rules parsed by pySigma, compiled, routed, prefiltered and correlated.

Typical use::

    engine = SigmaEngine.from_paths([Path("rules/")], policy={"bastion_hosts": ["10.0.0.5"]})
    for problem in engine.problems:        # invalid rules, each with file:line
        ...
    for rule in engine.unsupported:        # valid rules the engine cannot run, with the reason
        ...
    for match in engine.process(events):   # detection and correlation matches, streamed
        ...
"""

from indsec.sigma.engine import SigmaEngine
from indsec.sigma.match import Match, RuleRef
from indsec.sigma.unsupported import UnsupportedRule

__all__ = ["Match", "RuleRef", "SigmaEngine", "UnsupportedRule"]
