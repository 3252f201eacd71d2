"""The demo enterprise's employees: the personal information every MES/ERP carries."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from faker import Faker

from indsec.demo import identifiers
from indsec.demo.timeline import random_date
from indsec.demo.vocabulary import Vocabulary

EMPLOYEE_COUNT = 640

_BIRTH_RANGE = (date(1966, 1, 1), date(2004, 12, 31))
_EARLIEST_HIRE = date(2006, 3, 1)
_LATEST_HIRE = date(2024, 1, 31)


@dataclass(frozen=True, slots=True)
class Employee:
    """One employee as the HR system records them."""

    staff_no: str
    name: str
    gender: str
    birth_date: date
    resident_id: str
    mobile: str
    email: str
    bank_name: str
    bank_card: str
    address: str
    department: str
    post: str
    hired_on: date
    monthly_salary: int

    @property
    def username(self) -> str:
        """The login name: the local part of the e-mail address."""
        return self.email.split("@", 1)[0]


def make_employees(vocabulary: Vocabulary, rng: random.Random, faker: Faker) -> list[Employee]:
    """The headcount, spread over departments by their weight; usernames are unique."""
    taken: set[str] = set()
    return [_employee(vocabulary, rng, faker, index, taken) for index in range(EMPLOYEE_COUNT)]


def _employee(
    vocabulary: Vocabulary, rng: random.Random, faker: Faker, index: int, taken: set[str]
) -> Employee:
    department = rng.choices(vocabulary.departments, [d.weight for d in vocabulary.departments])[0]
    male = rng.random() < 0.72
    birth = random_date(rng, *_BIRTH_RANGE)
    area = rng.choice(vocabulary.birth_areas)
    bank = rng.choice(vocabulary.banks)
    earliest = max(_EARLIEST_HIRE, date(birth.year + 19, birth.month, 1))
    low, high = department.salary
    return Employee(
        staff_no=f"HD{10001 + index}",
        name=faker.name(),
        gender="男" if male else "女",
        birth_date=birth,
        resident_id=identifiers.resident_id(rng, area.code, birth, male=male),
        mobile=faker.phone_number(),
        email=f"{_unique_login(faker.user_name(), index, taken)}@"
        f"{vocabulary.enterprise.email_domain}",
        bank_name=bank.name,
        bank_card=identifiers.bank_card(rng, bank.card_bin, bank.card_length),
        address=_home_address(vocabulary, rng, faker),
        department=department.name,
        post=rng.choice(department.posts),
        hired_on=random_date(rng, earliest, _LATEST_HIRE),
        monthly_salary=rng.randint(low, high) // 100 * 100,
    )


def _unique_login(login: str, index: int, taken: set[str]) -> str:
    if login in taken:
        login = f"{login}{index}"
    taken.add(login)
    return login


def _home_address(vocabulary: Vocabulary, rng: random.Random, faker: Faker) -> str:
    district = rng.choice(vocabulary.home_districts)
    return (
        f"{district}{faker.street_name()}{rng.randint(1, 399)}号"
        f"{rng.randint(1, 30)}幢{rng.randint(1, 6)}0{rng.randint(1, 4)}室"
    )
