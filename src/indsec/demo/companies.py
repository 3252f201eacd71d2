"""The demo enterprise's customers and suppliers, each with a valid USCC and bank details."""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker import Faker

from indsec.demo import identifiers
from indsec.demo.vocabulary import City, Vocabulary

CUSTOMER_COUNT = 150
SUPPLIER_COUNT = 96


@dataclass(frozen=True, slots=True)
class Company:
    """A business partner as the CRM or SRM records it."""

    code: str
    name: str
    uscc: str
    business_line: str
    city: City
    address: str
    contact: str
    mobile: str
    landline: str
    email: str
    bank_name: str
    bank_account: str


def make_customers(vocabulary: Vocabulary, rng: random.Random, faker: Faker) -> list[Company]:
    """Vehicle makers and drivetrain integrators that buy the enterprise's gears."""
    taken: set[str] = set()
    return [
        _company(vocabulary, rng, faker, f"C{10001 + n}", vocabulary.customer_lines, taken)
        for n in range(CUSTOMER_COUNT)
    ]


def make_suppliers(vocabulary: Vocabulary, rng: random.Random, faker: Faker) -> list[Company]:
    """Steel, forging, bearing, gas and service suppliers."""
    taken: set[str] = set()
    return [
        _company(vocabulary, rng, faker, f"GYS{n + 1:04d}", vocabulary.supplier_lines, taken)
        for n in range(SUPPLIER_COUNT)
    ]


def _company(
    vocabulary: Vocabulary,
    rng: random.Random,
    faker: Faker,
    code: str,
    business_lines: list[str],
    taken: set[str],
) -> Company:
    city = rng.choice(vocabulary.cities)
    line = rng.choice(business_lines)
    bank = rng.choice(vocabulary.banks)
    return Company(
        code=code,
        name=_unique_name(vocabulary, rng, city, line, taken),
        uscc=identifiers.random_credit_code(rng, city.region),
        business_line=line,
        city=city,
        address=f"{city.name}{faker.street_name()}{rng.randint(1, 999)}号",
        contact=faker.name(),
        mobile=faker.phone_number(),
        landline=identifiers.landline(rng, city.area_code),
        email=faker.email(),
        bank_name=f"{bank.name}{city.short}分行",
        bank_account=identifiers.corporate_account(rng, bank.account_prefix),
    )


def _unique_name(
    vocabulary: Vocabulary, rng: random.Random, city: City, line: str, taken: set[str]
) -> str:
    """``常州瑞鼎特钢有限公司``: city, an invented two-syllable trade name, business line."""
    while True:
        trade = "".join(rng.sample(vocabulary.trade_name_syllables, 2))
        name = f"{city.short}{trade}{line}有限公司"
        if name not in taken:
            taken.add(name)
            return name
