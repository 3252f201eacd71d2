"""The identifier generators produce numbers that independent validators accept."""

from __future__ import annotations

import base64
import random
import re
from datetime import date

import pytest
from stdnum import luhn
from stdnum.cn import ric, uscc

from indsec.demo import identifiers


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("D2143569", "D2143569X"),  # the worked example of GB 11714
        ("60003734", "600037341"),  # inside the USCC 91110000600037341L
        ("MA1N7Q2K", "MA1N7Q2K5"),
    ],
)
def test_organization_code_check_character(base: str, expected: str) -> None:
    assert identifiers.organization_code(base) == expected


def test_credit_code_matches_a_published_uscc() -> None:
    assert identifiers.credit_code("110000", "60003734") == "91110000600037341L"


@pytest.mark.parametrize("seed", range(5))
def test_random_credit_codes_validate(seed: int) -> None:
    code = identifiers.random_credit_code(random.Random(seed), "320412")
    assert uscc.is_valid(code)
    assert code.startswith("91320412MA")


def test_a_tampered_credit_code_is_rejected() -> None:
    code = identifiers.random_credit_code(random.Random(1), "320412")
    tampered = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert not uscc.is_valid(tampered)


@pytest.mark.parametrize(
    ("area", "birth", "male"),
    [
        ("320400", date(1966, 1, 1), True),
        ("310104", date(1988, 2, 29), False),
        ("430121", date(2004, 12, 31), True),
        ("130100", date(1975, 7, 15), False),
    ],
)
def test_resident_ids_validate_and_encode_sex(area: str, birth: date, male: bool) -> None:
    for seed in range(20):
        number = identifiers.resident_id(random.Random(seed), area, birth, male=male)
        assert ric.is_valid(number), number
        assert ric.get_birth_date(number) == birth
        assert int(number[16]) % 2 == (1 if male else 0)


@pytest.mark.parametrize(("card_bin", "length"), [("622202", 19), ("622588", 16), ("621700", 19)])
def test_bank_cards_pass_luhn(card_bin: str, length: int) -> None:
    for seed in range(20):
        number = identifiers.bank_card(random.Random(seed), card_bin, length)
        assert len(number) == length
        assert number.startswith(card_bin)
        assert luhn.is_valid(number)


@pytest.mark.parametrize(
    ("area_code", "pattern"),
    [("0519", r"0519-[2-8]\d{6}"), ("021", r"021-[2-8]\d{7}")],
)
def test_landlines_have_local_length(area_code: str, pattern: str) -> None:
    assert re.fullmatch(pattern, identifiers.landline(random.Random(3), area_code))


def test_license_plate_and_mac_formats() -> None:
    rng = random.Random(7)
    assert re.fullmatch(r"苏D[A-HJ-NP-Z0-9]{5}", identifiers.license_plate(rng, "苏D"))
    assert re.fullmatch(r"28:63:36(:[0-9A-F]{2}){3}", identifiers.mac_address(rng, "28:63:36"))


def test_bcrypt_hashes_are_format_valid() -> None:
    for seed in range(50):
        value = identifiers.bcrypt_hash(random.Random(seed))
        match = re.fullmatch(r"\$2b\$12\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})", value)
        assert match, value
        # A real encoder leaves the low bits of the last character zero.
        assert match.group(1)[-1] in ".Oeu"
        assert (
            match.group(2)[-1]
            in "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[::4]
        )


def test_pbkdf2_hashes_are_django_format() -> None:
    algorithm, iterations, salt, digest = identifiers.pbkdf2_hash(random.Random(1)).split("$")
    assert (algorithm, iterations) == ("pbkdf2_sha256", "600000")
    assert re.fullmatch(r"[A-Za-z0-9]{22}", salt)
    assert len(base64.b64decode(digest, validate=True)) == 32


def test_fake_secrets_say_they_are_fake() -> None:
    assert re.fullmatch(
        r"demo-fake-mysql-[0-9a-f]{8}", identifiers.fake_secret(random.Random(), "mysql")
    )


def test_same_stream_gives_same_identifiers() -> None:
    first = [identifiers.bank_card(random.Random("s"), "622202", 19) for _ in range(2)]
    assert first[0] == first[1]
    assert identifiers.bank_card(random.Random("t"), "622202", 19) != first[0]
