"""People tables: the HR roster and the system accounts with their password hashes."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta

from indsec.demo import identifiers
from indsec.demo.people import Employee
from indsec.demo.tables.rows import Row, RowBuilder, record_row
from indsec.demo.timeline import AS_OF, HISTORY_END, random_moment, stamp
from indsec.demo.vocabulary import ServiceAccount
from indsec.demo.world import DemoWorld

_LOGIN_WINDOW = timedelta(days=60)
_PAYROLL_MONTHS = ("2023-11", "2023-12", "2024-01")
_CONTRIBUTION_RATE = 0.225  # pension, medical, unemployment and housing fund, employee share
_TAX_ALLOWANCE = 5000.0
_FLAT_TAX_RATE = 0.1  # a flat rate stands in for the progressive scale
_SHOP_FLOOR = "生产部"
_SHOP_FLOOR_USERS = ("班组长", "生产计划员")


def employee_rows(world: DemoWorld) -> Iterator[Row]:
    """``hr_employee``: an :class:`~indsec.demo.people.Employee` a row."""
    return (record_row(e) for e in world.employees)


def salary_rows(world: DemoWorld) -> Iterator[Row]:
    """``hr_salary``: three months of payroll, paid to each employee's salary card."""
    rng = world.rng_for("hr_salary")
    for month in _PAYROLL_MONTHS:
        for e in world.employees:
            if e.hired_on.isoformat()[:7] > month:
                continue
            gross = float(e.monthly_salary + rng.randrange(0, 1600, 50))
            contributions = round(gross * _CONTRIBUTION_RATE, 2)
            tax = round(max(0.0, gross - contributions - _TAX_ALLOWANCE) * _FLAT_TAX_RATE, 2)
            net = round(gross - contributions - tax, 2)
            yield (
                month,
                e.staff_no,
                e.name,
                e.bank_card,
                e.bank_name,
                gross,
                contributions,
                tax,
                net,
            )


def user_rows(world: DemoWorld) -> Iterator[Row]:
    """``sys_user``: office staff and shop-floor leads, then service and vendor accounts."""
    rng = world.rng_for("sys_user")
    accounts = [_employee_account(world, rng, e) for e in world.employees if _has_account(e)]
    accounts += [_service_account(rng, a) for a in world.vocabulary.service_accounts]
    for user_id, account in enumerate(accounts, start=1):
        yield user_id, *account


def _employee_account(world: DemoWorld, rng: random.Random, employee: Employee) -> Row:
    office_address = f"10.30.{rng.randint(2, 9)}.{rng.randint(10, 250)}"
    return (
        employee.username,
        employee.name,
        employee.staff_no,
        employee.email,
        _password_hash(rng),
        rng.choice(world.vocabulary.user_roles),
        int(rng.random() < 0.03),
        *_last_login(rng, office_address),
    )


def _service_account(rng: random.Random, account: ServiceAccount) -> Row:
    # Services and the vendor come in over the VPN.
    vpn_address = f"172.16.0.{rng.randint(10, 60)}"
    return (
        account.username,
        account.display_name,
        None,
        None,
        identifiers.bcrypt_hash(rng),
        account.role,
        0,
        *_last_login(rng, vpn_address),
    )


def _has_account(employee: Employee) -> bool:
    return employee.department != _SHOP_FLOOR or employee.post in _SHOP_FLOOR_USERS


def _password_hash(rng: random.Random) -> str:
    # The MES stores bcrypt; accounts migrated from the old Django portal keep PBKDF2.
    if rng.random() < 0.6:
        return identifiers.bcrypt_hash(rng)
    return identifiers.pbkdf2_hash(rng)


def _last_login(rng: random.Random, address: str) -> tuple[str | None, str | None]:
    if rng.random() < 0.05:
        return None, None
    moment = random_moment(rng, AS_OF.date() - _LOGIN_WINDOW, HISTORY_END)
    return stamp(moment), address


BUILDERS: dict[str, RowBuilder] = {
    "hr_employee": employee_rows,
    "hr_salary": salary_rows,
    "sys_user": user_rows,
}
