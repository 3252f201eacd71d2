"""Hand-written check digits and the numpy batch forms, against python-stdnum and each other.

stdnum is the oracle: our GB 11643, GB 32100 and Luhn sums must give its answer on thousands of
random values, and every batch form must give exactly its per-value check's answer on mixes of
valid, invalid, odd-length and odd-character values.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from stdnum import luhn
from stdnum.cn import ric, uscc

from indsec.classify.recognize.validators import (
    VALIDATORS,
    gb11643_check_character,
    gb32100_check_character,
    luhn_passes,
)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
REGIONS = ["110105", "310101", "440305", "510104", "320106", "999999", "110000", "710000"]


def _digits(rnd: random.Random, count: int) -> str:
    return "".join(rnd.choice("0123456789") for _ in range(count))


def test_gb11643_check_character_agrees_with_stdnum() -> None:
    rnd = random.Random(11643)
    for _ in range(5000):
        body = _digits(rnd, 17)
        assert gb11643_check_character(body) == ric.calc_check_digit(body + "0")


def test_gb32100_check_character_agrees_with_stdnum() -> None:
    rnd = random.Random(32100)
    for _ in range(5000):
        body = "".join(rnd.choice(USCC_ALPHABET) for _ in range(17))
        expected = uscc.calc_check_digit(body)
        assert gb32100_check_character(body) == expected
        assert gb32100_check_character(body.lower()) == expected


@pytest.mark.parametrize("letter", list("IOSVZiosvz"))
def test_gb32100_check_character_refuses_letters_outside_the_alphabet(letter: str) -> None:
    with pytest.raises(ValueError):
        gb32100_check_character("9111000060003734" + letter)


def test_luhn_agrees_with_stdnum_on_every_length() -> None:
    rnd = random.Random(7812)
    for _ in range(5000):
        number = _digits(rnd, rnd.randint(1, 25))
        assert luhn_passes(number) is luhn.is_valid(number)


def _resident_id(rnd: random.Random) -> str:
    """Valid, wrong-check, impossible-date, unknown-region and malformed candidates."""
    birth = f"{rnd.randint(1890, 2030)}{rnd.randint(0, 13):02d}{rnd.randint(0, 32):02d}"
    body = f"{rnd.choice(REGIONS)}{birth}{rnd.randint(0, 999):03d}"
    number = body + ric.calc_check_digit(body + "0")
    kind = rnd.randrange(6)
    if kind == 1:
        number = number[:-1] + rnd.choice("0123456789xX")
    elif kind == 2:
        number = number[: rnd.randrange(18)] + rnd.choice("ax ") + number[18:]
    elif kind == 3:
        number = number[: rnd.randint(15, 20)]
    return number.lower() if rnd.random() < 0.5 else number


def _organisation_code(rnd: random.Random) -> str:
    """A GB 11714 code: eight characters and their check character (weights 3, 7, 9, 10, ...)."""
    body = "".join(rnd.choice(USCC_ALPHABET) for _ in range(8))
    total = sum(int(c, 36) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    return body + "0123456789X0"[11 - total % 11]


def _uscc(rnd: random.Random) -> str:
    """Valid codes and near misses: wrong check, letters outside the alphabet, wrong length."""
    body = "91" + _digits(rnd, 6) + _organisation_code(rnd)
    code = body + uscc.calc_check_digit(body)
    kind = rnd.randrange(5)
    if kind == 1:
        code = code[:-1] + rnd.choice(USCC_ALPHABET)
    elif kind == 2:
        position = rnd.randrange(18)
        code = code[:position] + rnd.choice("IOSVZ-") + code[position + 1 :]
    elif kind == 3:
        code = code[: rnd.randint(16, 19)] + _digits(rnd, 1)
    return code.lower() if rnd.random() < 0.5 else code


def _card(rnd: random.Random) -> str:
    """Card numbers with and without separators, with letters, and of every length."""
    number = _digits(rnd, rnd.randint(0, 22))
    kind = rnd.randrange(4)
    if kind == 1:
        number = "-".join(number[i : i + 4] for i in range(0, len(number), 4))
    elif kind == 2:
        number = " ".join(number[i : i + 4] for i in range(0, len(number), 4))
    elif kind == 3 and number:
        position = rnd.randrange(len(number))
        number = number[:position] + rnd.choice("a.x_") + number[position + 1 :]
    return number


MAKERS: dict[str, Callable[[random.Random], str]] = {
    "cn_resident_id": _resident_id,
    "cn_uscc": _uscc,
    "luhn": _card,
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_batch_form_agrees_with_the_per_value_check(name: str) -> None:
    checker = VALIDATORS.get(name)
    assert checker.check_many is not None
    rnd = random.Random(name)
    values = [MAKERS[name](rnd) for _ in range(4000)]
    expected = list(map(checker.check, values))
    assert 200 < sum(expected) < 3800  # the mix holds both verdicts in quantity
    assert checker.check_many(values) == expected
    assert checker.accepts(values) == expected


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_batch_form_with_non_ascii_values_agrees(name: str) -> None:
    checker = VALIDATORS.get(name)
    assert checker.check_many is not None
    rnd = random.Random(f"{name} wide")
    values = [MAKERS[name](rnd) for _ in range(100)] + [
        "１１０１０５１９４９１２３１００２x",
        "ı" * 18,
    ]
    assert checker.check_many(values) == list(map(checker.check, values))


@pytest.mark.parametrize("count", [0, 1, 31, 32, 500])
def test_accepts_answers_in_order_for_any_batch_size(count: int) -> None:
    checker = VALIDATORS.get("luhn")
    rnd = random.Random(count)
    values = [_card(rnd) for _ in range(count)]
    assert checker.accepts(values) == [
        luhn.is_valid(v.translate({32: None, 45: None})) for v in values
    ]


def test_validators_without_batch_form_answer_per_value() -> None:
    checker = VALIDATORS.get("ipv4")
    values = ["192.168.1.20", "256.1.1.1"] * 40
    assert checker.check_many is None
    assert checker.accepts(values) == [True, False] * 40
