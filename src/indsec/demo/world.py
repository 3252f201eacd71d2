"""The demo world: the enterprise and the people and partners both its database and files share.

Generating people once and drawing from them everywhere keeps the demo coherent: the employee on
the HR spreadsheet is the one in the MES, and the supplier on the PDF contract is in the SRM.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from faker import Faker

from indsec.demo.companies import Company, make_customers, make_suppliers
from indsec.demo.identifiers import credit_code
from indsec.demo.people import Employee, make_employees
from indsec.demo.vocabulary import Vocabulary, demo_vocabulary
from indsec.model import EnterpriseProfile


@dataclass(frozen=True)
class DemoWorld:
    """Everything generated once per seed and shared by the database and file writers."""

    seed: int
    sensor_rows: int
    vocabulary: Vocabulary
    profile: EnterpriseProfile
    employees: tuple[Employee, ...]
    customers: tuple[Company, ...]
    suppliers: tuple[Company, ...]
    _faker: Faker = field(repr=False)

    def rng_for(self, purpose: str) -> random.Random:
        """A generator of its own per table or file, so adding one never shifts the others."""
        return _seeded_rng(self.seed, purpose)

    def faker_for(self, purpose: str) -> Faker:
        """The shared zh_CN Faker, reseeded for ``purpose`` (same reason as :meth:`rng_for`).

        Reseeding shares one instance because building a zh_CN Faker costs tens of
        milliseconds; it makes the world unsafe to use from several threads at once.
        """
        return _reseeded(self._faker, self.seed, purpose)


def build_world(seed: int, *, sensor_rows: int) -> DemoWorld:
    """Generate the enterprise, its employees, customers and suppliers from ``seed``."""
    vocabulary = demo_vocabulary()
    faker = Faker("zh_CN")

    def sources(purpose: str) -> tuple[Vocabulary, random.Random, Faker]:
        return vocabulary, _seeded_rng(seed, purpose), _reseeded(faker, seed, purpose)

    return DemoWorld(
        seed=seed,
        sensor_rows=sensor_rows,
        vocabulary=vocabulary,
        profile=demo_profile(vocabulary),
        employees=tuple(make_employees(*sources("employees"))),
        customers=tuple(make_customers(*sources("customers"))),
        suppliers=tuple(make_suppliers(*sources("suppliers"))),
        _faker=faker,
    )


def demo_profile(vocabulary: Vocabulary) -> EnterpriseProfile:
    """The enterprise profile, with its USCC computed from the registration parts."""
    spec = vocabulary.enterprise
    code = credit_code(spec.registration_region, spec.organization_code_base)
    return spec.profile.model_copy(update={"uscc": code})


def _seeded_rng(seed: int, purpose: str) -> random.Random:
    # String seeds hash with SHA-512 inside random, so they are stable across processes.
    return random.Random(f"{seed}:{purpose}")


def _reseeded(faker: Faker, seed: int, purpose: str) -> Faker:
    faker.seed_instance(f"{seed}:{purpose}")
    return faker
