"""Sigma ``re`` values evaluated in linear time (RE2), within bounds set by the site.

Rules come from third parties and regulators, and logs from the machines being watched: with a
backtracking engine (Python's ``re``) either side can stall detection, the rule with a pattern
such as ``(a+)+$`` (time doubles per character of the value), the log with a long value that
makes an innocent ``cmd.+powershell`` retry from every ``cmd``. RE2 decides every pattern in
time linear in the value, so each ``re`` value is compiled with RE2.

Decisions (where RE2 and the Sigma specification differ):

* The ``i``/``m``/``s`` sub-modifiers become RE2's inline flags ``(?i)``/``(?m)``/``(?s)``,
  which mean what Python's ``re.IGNORECASE``/``MULTILINE``/``DOTALL`` mean.
* A pattern RE2 cannot compile uses backtracking-only features (backreferences, lookaround,
  ``\\Z``): it is *not* run with Python's ``re``, whose safety cannot be decided in general;
  the rule is reported unsupported with RE2's reason. (None of SigmaHQ's ~220 ``re`` values
  needs one.)
* A pattern longer than ``max_chars``, or whose compiled program needs more than
  ``max_mem_bytes`` (``(a{1000}){1000}``), makes the rule unsupported, and so does a rule with
  more than ``max_values`` ``re`` values: each value is one test in the rule's generated
  function, and 100,000 of them took minutes and gigabytes to compile.
* ``$`` without ``m`` matches only at the very end (Python's also matches before a final
  newline).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import re2

from indsec.sigma.codegen import TextExpr
from indsec.sigma.unsupported import UnsupportedFeatureError


@dataclass(frozen=True, slots=True)
class RegexLimits:
    """Bounds on the ``re`` values of one rule (settings ``INDSEC_SIGMA_REGEX_*``)."""

    max_values: int = 1000
    max_chars: int = 4096
    max_mem_bytes: int = 8 << 20


def regex_test(pattern: str, flags: Iterable[str], limits: RegexLimits) -> TextExpr:
    """A linear-time test "``pattern`` occurs in the value" (``flags``: letters of i, m, s).

    Raises:
        UnsupportedFeatureError: RE2 cannot compile the pattern, or it exceeds ``limits``.
    """
    if len(pattern) > limits.max_chars:
        raise UnsupportedFeatureError(
            f"regex: a pattern of {len(pattern)} characters exceeds the limit of "
            f"{limits.max_chars} (INDSEC_SIGMA_REGEX_MAX_CHARS)"
        )
    inline = "".join(sorted(set(flags)))
    compiled = _compiled(f"(?{inline}){pattern}" if inline else pattern, limits.max_mem_bytes)
    # values are encoded here so that text with lone surrogates is matched, not an error
    return TextExpr.over(compiled.Match, "bool({}(v.encode('utf-8', 'surrogatepass')))")


def _compiled(pattern: str, max_mem: int) -> re2.Set:
    """A one-pattern RE2 set: its ``Match`` is the cheapest yes/no search RE2 offers here."""
    options = re2.Options()
    options.max_mem = max_mem
    options.log_errors = False
    try:
        re2.compile(pattern, options)  # for the reason: a set only says that it failed
        searcher = re2.Set.SearchSet(options)
        searcher.Add(pattern)
        searcher.Compile()
    except re2.error as exc:
        raise UnsupportedFeatureError(f"regex: RE2 cannot run {pattern!r}: {_reason(exc)}") from exc
    return searcher


def _reason(exc: re2.error) -> str:
    """RE2's message (bytes in the exception's arguments) as text."""
    detail = exc.args[0] if exc.args else ""
    text = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    if "invalid perl operator" in text or "invalid escape" in text:
        text += " (backreferences and lookaround need backtracking, which is not run)"
    return text


def check_count(count: int, limits: RegexLimits) -> None:
    """Refuse a rule with more ``re`` values than the limit.

    Raises:
        UnsupportedFeatureError: ``count`` exceeds ``limits.max_values``.
    """
    if count > limits.max_values:
        raise UnsupportedFeatureError(
            f"regex: {count} re values exceed the limit of {limits.max_values} per rule "
            "(INDSEC_SIGMA_REGEX_MAX_VALUES)"
        )
