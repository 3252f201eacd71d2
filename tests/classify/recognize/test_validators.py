"""Validator hooks: checksums and plausibility, positive and negative, agreeing with stdnum."""

from __future__ import annotations

import random

import pytest
from stdnum import luhn
from stdnum.cn import ric, uscc

from indsec.classify.recognize.validators import (
    VALIDATORS,
    is_calendar_date,
    is_cn_resident_id,
    is_cn_uscc,
    is_geo_coordinate,
    is_ipv4,
    is_ipv6,
    is_luhn_valid,
)
from indsec.errors import PluginError


def _with_ric_check(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


CASES = [
    # (validator, normalised value, expected, why)
    (is_cn_resident_id, "11010519491231002x", True, "GB 11643 example, lower-case X"),
    (is_cn_resident_id, _with_ric_check("32010619800412345").lower(), True, "Nanjing, 1980"),
    (is_cn_resident_id, "110105194912310021", False, "wrong check digit"),
    (is_cn_resident_id, _with_ric_check("11010519490230002"), False, "30 February"),
    (is_cn_resident_id, _with_ric_check("99010519491231002"), False, "no such county"),
    (is_cn_resident_id, _with_ric_check("11010518001231002"), False, "born before 1900"),
    (is_cn_resident_id, _with_ric_check("11010530001231002"), False, "born in the future"),
    (is_cn_resident_id, "11010519491231002", False, "17 characters"),
    (is_cn_resident_id, "1101051949123100２x", False, "full-width digit"),
    (is_cn_uscc, "91110000600037341l", True, "GB 32100 with GB 11714 body"),
    (is_cn_uscc, "91110000600037341L", True, "upper case"),
    (is_cn_uscc, "914403001922038216", True, "all digits"),
    (is_cn_uscc, "91110000600037341k", False, "wrong GB 32100 check character"),
    (is_cn_uscc, "91110000600037351l", False, "wrong GB 11714 check character"),
    (is_cn_uscc, "11010519491231002x", False, "a resident ID is not a USCC"),
    (is_cn_uscc, "9111000060003734", False, "too short"),
    (is_cn_uscc, "91110000600037341o", False, "O is outside the alphabet"),
    (is_luhn_valid, "6222021234567890128", True, "UnionPay 19 digits"),
    (is_luhn_valid, "4111111111111111", True, "Visa test number"),
    (is_luhn_valid, "4111 1111 1111 1111", True, "printed in groups"),
    (is_luhn_valid, "4111111111111112", False, "off by one"),
    (is_luhn_valid, "6222021234567890123", False, "wrong check digit"),
    (is_luhn_valid, "4111-1111-1111-111a", False, "a letter"),
    (is_ipv4, "192.168.1.20", True, "private address"),
    (is_ipv4, "256.1.1.1", False, "octet out of range"),
    (is_ipv4, "01.2.3.4", False, "leading zero"),
    (is_ipv6, "fe80::1", True, "compressed"),
    (is_ipv6, "2001:db8:0:0:0:0:2:1", True, "full form"),
    (is_ipv6, "::ffff:192.0.2.1", True, "embedded IPv4"),
    (is_ipv6, "28:52:3b:e6:55:7b", False, "a MAC address"),
    (is_ipv6, "12:30:45", False, "a time of day"),
    (is_calendar_date, "2024-02-29", True, "leap day"),
    (is_calendar_date, "2023年1月5日", True, "Chinese form"),
    (is_calendar_date, "2023-02-29", False, "not a leap year"),
    (is_calendar_date, "2023-13-01", False, "month 13"),
    (is_calendar_date, "2023-1", False, "no day"),
    (is_geo_coordinate, "39.904200,116.407400", True, "latitude first"),
    (is_geo_coordinate, "116.407400,39.904200", True, "longitude first (AMap/Baidu)"),
    (is_geo_coordinate, "39°54'15\"n, 116°24'26\"e", True, "degrees, minutes, seconds"),
    (is_geo_coordinate, "95.1,200.5", False, "both out of range"),
    (is_geo_coordinate, "39°74'15\"n, 116°24'26\"e", False, "74 minutes"),
]


@pytest.mark.parametrize(("check", "value", "expected", "why"), CASES, ids=[c[3] for c in CASES])
def test_validator_cases(check: object, value: str, expected: bool, why: str) -> None:
    assert callable(check)
    assert check(value) is expected


def _random_resident_body(rnd: random.Random) -> str:
    region = rnd.choice(["110105", "310101", "440305", "510104", "320106", "999999", "110000"])
    birth = f"{rnd.randint(1900, 2020)}{rnd.randint(1, 12):02d}{rnd.randint(1, 31):02d}"
    return f"{region}{birth}{rnd.randint(0, 999):03d}"


def test_resident_id_accepts_everything_stdnum_accepts() -> None:
    """Ours skips stdnum's county-in-that-year lookup; it must never reject a stdnum-valid ID."""
    rnd = random.Random(11643)
    numbers = [_with_ric_check(_random_resident_body(rnd)) for _ in range(3000)]
    valid = [n for n in numbers if ric.is_valid(n)]
    assert len(valid) > 200
    assert all(is_cn_resident_id(n.lower()) for n in valid)


def test_resident_id_rejects_every_wrong_check_digit() -> None:
    rnd = random.Random(7)
    for _ in range(500):
        number = _with_ric_check(_random_resident_body(rnd))
        for wrong in set("0123456789X") - {number[-1]}:
            assert not is_cn_resident_id(number[:-1] + wrong)


def test_uscc_agrees_with_stdnum_on_random_codes() -> None:
    """Where stdnum accepts (digits-first codes), ours adds only the embedded GB 11714 check."""
    rnd = random.Random(32100)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for _ in range(3000):
        partial = "91" + "".join(rnd.choice("0123456789") for _ in range(6))
        partial += "".join(rnd.choice(alphabet) for _ in range(9))
        code = partial + uscc.calc_check_digit(partial)
        if is_cn_uscc(code.lower()):
            assert uscc.is_valid(code)
        assert not is_cn_uscc(code[:-1].lower() + ("0" if code[-1] != "0" else "1"))


def test_uscc_whose_organisation_code_ends_in_x() -> None:
    rnd = random.Random(11714)
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    while True:
        body = "".join(rnd.choice("0123456789ABCDEFGH") for _ in range(8))
        if (11 - sum(int(c, 36) * w for c, w in zip(body, weights, strict=True)) % 11) == 10:
            break
    partial = f"91110000{body}X"
    code = partial + uscc.calc_check_digit(partial)
    assert uscc.is_valid(code)
    assert is_cn_uscc(code.lower())
    assert not is_cn_uscc(code[:16].lower() + "0" + code[17].lower())


def test_luhn_agrees_with_stdnum() -> None:
    rnd = random.Random(7812)
    for _ in range(2000):
        number = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(13, 19)))
        assert is_luhn_valid(number) is luhn.is_valid(number)


def test_registry_lists_valid_names_on_unknown_lookup() -> None:
    with pytest.raises(PluginError, match="cn_resident_id"):
        VALIDATORS.get("no_such_check")


def test_every_validator_explains_itself() -> None:
    for name in VALIDATORS.names():
        assert VALIDATORS.get(name).passes.strip()
