"""The validator registry: named checks that a recognizer pattern match must also pass.

Rule packs name validators (``validator: cn_resident_id``); the modules beside this one register
them by concept (check digits, address and date formats, secret shapes) and plug-ins add their own
through the ``indsec.validators`` entry point. :mod:`indsec.classify.recognize.validators`
imports every built-in one, so importing it fills the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from indsec.plugins import Registry, instance_of

Check = Callable[[str], bool]
CheckMany = Callable[[Sequence[str]], list[bool]]
"""A batch form of a :data:`Check`: one verdict per value, exactly what the check would say."""

_BATCH_FROM = 32  # below this many values numpy's fixed cost outweighs the per-value loop


@dataclass(frozen=True, slots=True)
class Validator:
    """A named check plus the phrase evidence uses ("947/1000 sampled values <passes>").

    ``check_many``, when set, answers a whole column's candidates in one vectorised pass; the
    engine calls :meth:`accepts`, so a validator without one still works unchanged.
    """

    check: Check
    passes: str
    check_many: CheckMany | None = None

    def accepts(self, values: Sequence[str]) -> list[bool]:
        """One verdict per value, in order (the batch form for enough values, if there is one)."""
        if self.check_many is None or len(values) < _BATCH_FROM:
            return list(map(self.check, values))
        return self.check_many(values)


VALIDATORS: Registry[Validator] = Registry(
    "validators", entry_point_group="indsec.validators", accepts=instance_of(Validator)
)


def validator(
    name: str, passes: str, *, check_many: CheckMany | None = None
) -> Callable[[Check], Check]:
    """Register the decorated function (and its optional batch form) as validator ``name``."""

    def wrap(check: Check) -> Check:
        VALIDATORS.register(name, Validator(check=check, passes=passes, check_many=check_many))
        return check

    return wrap
