"""The labelled classification corpus: seeded Faker ``zh_CN`` columns with one true label each.

Positives cover the Chinese identifiers, contact and network values, secrets and industrial
values; negatives are the near misses that separate a validator from a regex (18-digit numbers
with a wrong GB 11643 check digit, 19-digit numbers failing Luhn) plus codes, ordinary numbers
and words. Ground truth comes from how a value was made and, for checksummed identifiers, from
python-stdnum's full validation — never from indsec's own validators.

Ordinary numbers stay below six digits and random codes carry letters: a bare six-digit number
*is* a plausible postcode and no value-only recognizer can tell otherwise.
"""

from __future__ import annotations

import base64
import random
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from faker import Faker
from faker.providers.ssn.zh_CN import Provider as SsnProvider
from stdnum import luhn
from stdnum.cn import ric, uscc

Make = Callable[[Faker, random.Random], str]

_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_CRYPT64 = "./" + string.digits + string.ascii_uppercase + string.ascii_lowercase
_POSTAL_AREAS = [
    f"{n:02d}"
    for n in (
        *range(1, 8),
        *range(10, 17),
        *range(20, 28),
        *range(30, 37),
        *range(40, 48),
        *range(51, 58),
        *range(61, 68),
        *range(71, 76),
        81,
        83,
        84,
        85,
        86,
    )
]
_AREA_CODES = [
    "010",
    "020",
    "021",
    "022",
    "023",
    "024",
    "025",
    "027",
    "028",
    "029",
    "0311",
    "0351",
    "0371",
    "0431",
    "0451",
    "0471",
    "0531",
    "0551",
    "0571",
    "0591",
    "0731",
    "0755",
    "0757",
    "0769",
    "0871",
    "0898",
    "0931",
    "0991",
]
_UNITS = [
    "℃",
    "°C",
    " MPa",
    "kPa",
    " bar",
    " rpm",
    "r/min",
    " mm/s",
    " kW",
    " m³/h",
    "L/min",
    " kg/h",
    " Hz",
    "mA",
]


def _digits(rnd: random.Random, n: int) -> str:
    return "".join(rnd.choice(string.digits) for _ in range(n))


_REGIONS = sorted(SsnProvider.area_codes)
_REGION_YEAR_VALID: dict[tuple[str, int], bool] = {}


def _region_year_valid(region: str, year: int) -> bool:
    """Whether stdnum's full check accepts a county in ``year`` (cached: ~20 µs a lookup)."""
    key = (region, year)
    if key not in _REGION_YEAR_VALID:
        body = f"{region}{year}0101001"
        try:
            _REGION_YEAR_VALID[key] = ric.is_valid(body + ric.calc_check_digit(body + "0"))
        except KeyError:  # stdnum 2.2 raises for province/city codes that carry no county
            _REGION_YEAR_VALID[key] = False
    return _REGION_YEAR_VALID[key]


def resident_id(fake: Faker, rnd: random.Random) -> str:
    """An ID python-stdnum fully accepts: county valid in the birth year, real date, check digit."""
    while True:
        region, year = rnd.choice(_REGIONS), rnd.randint(1945, 2008)
        if _region_year_valid(region, year):
            break
    born = date(year, 1, 1) + timedelta(days=rnd.randrange(365))
    body = f"{region}{born:%Y%m%d}{_digits(rnd, 3)}"
    return body + ric.calc_check_digit(body + "0")


def resident_id_bad_check(fake: Faker, rnd: random.Random) -> str:
    """An otherwise valid ID whose check digit is wrong: the regex matches, GB 11643 fails."""
    number = resident_id(fake, rnd)
    wrong = rnd.choice([c for c in "0123456789X" if c != number[-1]])
    return number[:-1] + wrong


def _org_code(rnd: random.Random) -> str:
    body = "".join(rnd.choice(_ORG_CHARS) for _ in range(8))
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def uscc_code(fake: Faker, rnd: random.Random) -> str:
    """GB 32100: authority+type, a county code, a GB 11714 organisation code, check character."""
    head = rnd.choice(["11", "12", "13", "19", "51", "52", "53", "59", "91", "92", "93"])
    partial = head + fake.ssn()[:6] + _org_code(rnd)
    return partial + uscc.calc_check_digit(partial)


def mobile(fake: Faker, rnd: random.Random) -> str:
    number: str = fake.phone_number()
    style = rnd.random()
    if style < 0.1:
        return f"+86 {number}"
    if style < 0.2:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    return number


def landline(fake: Faker, rnd: random.Random) -> str:
    area = rnd.choice(_AREA_CODES)
    local = str(rnd.randint(2, 8)) + _digits(rnd, 7 if len(area) == 3 else rnd.choice([6, 7]))
    return rnd.choice([f"{area}-{local}", f"({area}){local}", f"{area} {local}", area + local])


def _luhn_complete(rnd: random.Random, prefix: str, length: int) -> str:
    partial = prefix + _digits(rnd, length - len(prefix) - 1)
    return partial + luhn.calc_check_digit(partial)


def bank_card(fake: Faker, rnd: random.Random) -> str:
    if rnd.random() < 0.5:
        return _luhn_complete(rnd, "62", 19)
    return str(fake.credit_card_number())


def bank_card_bad_luhn(fake: Faker, rnd: random.Random) -> str:
    valid = _luhn_complete(rnd, "62", 19)
    return valid[:-1] + rnd.choice([d for d in string.digits if d != valid[-1]])


def passport(fake: Faker, rnd: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return rnd.choice(
        ["E" + _digits(rnd, 8), "E" + rnd.choice(letters) + _digits(rnd, 7), "G" + _digits(rnd, 8)]
    )


def license_plate(fake: Faker, rnd: random.Random) -> str:
    """Faker's plates, minus its issuing-authority letters I and O that GA 36 never uses."""
    plate: str = fake.license_plate()
    while plate[1] in "IO":
        plate = fake.license_plate()
    style = rnd.random()
    if style < 0.4:
        return plate.replace("-", "")
    if style < 0.55:
        return plate[:2] + rnd.choice("DF") + _digits(rnd, 5)
    return plate


def postcode(fake: Faker, rnd: random.Random) -> str:
    return rnd.choice(_POSTAL_AREAS) + _digits(rnd, 4)


def coordinate(fake: Faker, rnd: random.Random) -> str:
    lat, lon = rnd.uniform(18.0, 53.5), rnd.uniform(73.5, 135.0)
    first, second = (lat, lon) if rnd.random() < 0.7 else (lon, lat)
    return f"{first:.6f}{rnd.choice([',', ', '])}{second:.6f}"


def calendar_date(fake: Faker, rnd: random.Random) -> str:
    day = date(1950, 1, 1) + timedelta(days=rnd.randrange(27000))
    return day.strftime(rnd.choice(["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y-%m-%d 08:30:00"]))


def _b64(rnd: random.Random, n: int) -> str:
    return base64.b64encode(rnd.randbytes(n)).decode().rstrip("=")


def password_hash(fake: Faker, rnd: random.Random) -> str:
    crypt = "".join(rnd.choice(_CRYPT64) for _ in range(86))
    return rnd.choice(
        [
            f"$2b$12${crypt[:53]}",
            f"$6$rounds=5000${crypt[:16]}${crypt}",
            f"$argon2id$v=19$m=65536,t=3,p=4${_b64(rnd, 16)}${_b64(rnd, 32)}",
            f"pbkdf2_sha256$600000${_b64(rnd, 12)}${_b64(rnd, 32)}=",
        ]
    )


def plc_address(fake: Faker, rnd: random.Random) -> str:
    n, a, b = rnd.randint(0, 2000), rnd.randint(0, 127), rnd.randint(0, 7)
    return rnd.choice(
        [
            f"%MW{n}",
            f"%IX{a}.{b}",
            f"%QX{a}.{b}",
            f"DB{a + 1}.DBX{n}.{b}",
            f"DB{a + 1}.DBW{n}",
            f"4x{n + 1:04d}",
            f"I{a}.{b}",
            f"MW{n}",
            f"N7:{a}",
        ]
    )


def opcua_node_id(fake: Faker, rnd: random.Random) -> str:
    ns = rnd.randint(1, 9)
    tag = f"Line{rnd.randint(1, 20)}.{rnd.choice(['Temp', 'Pressure', 'Speed', 'Level'])}"
    return rnd.choice(
        [
            f"ns={ns};s={tag}",
            f"ns={ns};i={rnd.randint(1, 99999)}",
            f"ns={ns};g={uuid.UUID(int=rnd.getrandbits(128))}",
        ]
    )


def process_parameter(fake: Faker, rnd: random.Random) -> str:
    value = f"{rnd.uniform(0, 2000):.{rnd.randint(0, 2)}f}"
    if rnd.random() < 0.1:
        value = f"{value}~{float(value) + rnd.randint(5, 50):.0f}"
    return value + rnd.choice(_UNITS)


def random_code(fake: Faker, rnd: random.Random) -> str:
    return rnd.choice(
        [
            fake.bothify("??-####-??").upper(),
            f"SKU-{rnd.randint(2000, 2026)}-{_digits(rnd, 4)}",
            str(uuid.UUID(int=rnd.getrandbits(128))),
            f"LOT{rnd.choice('ABCDEF')}{_digits(rnd, 5)}",
            fake.bothify("??###?").upper(),
        ]
    )


def ordinary_number(fake: Faker, rnd: random.Random) -> str:
    return rnd.choice(
        [
            str(rnd.randint(0, 99999)),
            f"{rnd.uniform(0, 9999):.2f}",
            f"-{rnd.uniform(0, 500):.1f}",
            f"{rnd.uniform(0, 100):.1f}%",
        ]
    )


def _word(fake: Faker, english: Faker, rnd: random.Random) -> str:
    return str(fake.word() if rnd.random() < 0.6 else english.word())


@dataclass(frozen=True, slots=True)
class ColumnKind:
    """A column type of the corpus: its true label (None for negatives) and generator."""

    name: str
    label: str | None
    make: Make


def _faker(method: str) -> Make:
    return lambda fake, rnd: str(getattr(fake, method)())


KINDS: list[ColumnKind] = [
    ColumnKind("resident_id", "cn.resident_id", resident_id),
    ColumnKind("uscc", "cn.uscc", uscc_code),
    ColumnKind("mobile", "cn.mobile", mobile),
    ColumnKind("landline", "cn.landline", landline),
    ColumnKind("bank_card", "cn.bank_card", bank_card),
    ColumnKind("passport", "cn.passport", passport),
    ColumnKind("license_plate", "cn.license_plate", license_plate),
    ColumnKind("postcode", "cn.postcode", postcode),
    ColumnKind("person_name", "person.name", _faker("name")),
    ColumnKind("address", "address.cn", _faker("address")),
    ColumnKind("company", "org.name", _faker("company")),
    ColumnKind("email", "email", _faker("email")),
    ColumnKind("ipv4", "ipv4", _faker("ipv4")),
    ColumnKind("ipv6", "ipv6", _faker("ipv6")),
    ColumnKind("mac", "mac", _faker("mac_address")),
    ColumnKind("coordinate", "geo.coordinate", coordinate),
    ColumnKind("date", "date", calendar_date),
    ColumnKind("domain", "domain", _faker("domain_name")),
    ColumnKind("password_hash", "secret.password_hash", password_hash),
    ColumnKind("plc_address", "industrial.plc_address", plc_address),
    ColumnKind("opcua_node_id", "industrial.opcua_node_id", opcua_node_id),
    ColumnKind("process_parameter", "industrial.process_parameter", process_parameter),
    ColumnKind("neg_id_bad_check", None, resident_id_bad_check),
    ColumnKind("neg_card_bad_luhn", None, bank_card_bad_luhn),
    ColumnKind("neg_random_code", None, random_code),
    ColumnKind("neg_ordinary_number", None, ordinary_number),
]


@dataclass(frozen=True, slots=True)
class LabelledColumn:
    """One sampled column: every value shares the true label of its kind."""

    kind: str
    label: str | None
    values: list[str]


def build_corpus(*, cells: int, seed: int = 2026, column_size: int = 1000) -> list[LabelledColumn]:
    """``cells`` values split evenly over the kinds (plus words), in columns of ``column_size``."""
    fake, english = Faker("zh_CN"), Faker("en_US")
    fake.seed_instance(seed)
    english.seed_instance(seed)
    rnd = random.Random(seed)
    kinds = [*KINDS, ColumnKind("neg_word", None, lambda f, r: _word(f, english, r))]
    per_kind = max(cells // len(kinds), 1)
    columns = []
    for kind in kinds:
        values = [kind.make(fake, rnd) for _ in range(per_kind)]
        for start in range(0, per_kind, column_size):
            columns.append(
                LabelledColumn(kind.name, kind.label, values[start : start + column_size])
            )
    return columns


def build_text(*, megabytes: float, seed: int = 2026) -> str:
    """Mixed Chinese/ASCII text (prose, log lines, identifiers) of at least ``megabytes``."""
    fake, rnd = Faker("zh_CN"), random.Random(seed)
    fake.seed_instance(seed)
    paragraphs = []
    for _ in range(400):
        paragraphs.append(fake.paragraph(nb_sentences=6))
        paragraphs.append(
            f"{fake.date_time().isoformat()} INFO user={fake.user_name()} "
            f"src={fake.ipv4()} action=login status=ok"
        )
        paragraphs.append(f"联系人{fake.name()}，电话{fake.phone_number()}，邮箱{fake.email()}。")
        paragraphs.append(
            f"设备{rnd.randint(1, 99)}号温度设定{rnd.randint(60, 250)}℃，"
            f"地址 %MW{rnd.randint(0, 999)}。"
        )
    block = "\n".join(paragraphs) + "\n"
    repeats = int(megabytes * 1024 * 1024 // len(block.encode())) + 1
    return block * repeats
