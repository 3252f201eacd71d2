"""The demo enterprise's invented world, read from ``vocabulary.yaml``.

Names, set-points and network addresses are content, not code: keeping them in one validated YAML
file lets a reviewer read the whole demo enterprise in one place and change it without touching
the generator.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from indsec.errors import ConfigError
from indsec.model import EnterpriseProfile
from indsec.rules.schema import validate_document
from indsec.rules.yaml_loader import load_located


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EnterpriseSpec(_Strict):
    """The company itself; the USCC is computed from its registration parts."""

    profile: EnterpriseProfile
    registration_region: str = Field(pattern=r"^\d{6}$")
    organization_code_base: str = Field(pattern=r"^[0-9A-HJ-NP-RTUWXY]{8}$")
    email_domain: str
    landline_prefix: str


class Area(_Strict):
    """An administrative division, as used in resident ID numbers."""

    code: str = Field(pattern=r"^\d{6}$")
    name: str


class City(_Strict):
    """A partner's city, with the postcode, plate prefix and phone area code that go with it."""

    name: str
    short: str
    region: str = Field(pattern=r"^\d{6}$")
    postcode: str = Field(pattern=r"^\d{6}$")
    plate: str
    area_code: str = Field(pattern=r"^0\d{2,3}$")


class Bank(_Strict):
    """A bank: the card BIN for employees' debit cards and the prefix of corporate accounts."""

    name: str
    card_bin: str = Field(pattern=r"^\d{6}$")
    card_length: int = Field(ge=16, le=19)
    account_prefix: str = Field(pattern=r"^\d{4}$")


class Department(_Strict):
    """A department; ``weight`` is its share of the headcount."""

    name: str
    weight: int = Field(ge=1)
    salary: tuple[int, int]
    posts: list[str] = Field(min_length=1)


class Site(_Strict):
    """A plant, warehouse or R&D site with its geo-coordinates."""

    code: str
    name: str
    kind: str
    address: str
    longitude: float
    latitude: float


class Line(_Strict):
    """A production line."""

    code: str
    name: str
    workshop: str
    site: str


class Product(_Strict):
    """A finished or semi-finished product and the lines that make it."""

    code: str
    name: str
    drawing: str
    material: str
    unit_price: float
    lines: list[str] = Field(min_length=1)


class Material(_Strict):
    """A purchased material."""

    code: str
    name: str
    spec: str
    unit: str
    category: str


class EquipmentKind(_Strict):
    """A kind of machine and the lines where units of it stand."""

    kind: str
    vendor: str
    model: str
    lines: list[str] = Field(min_length=1)


class PlcTag(_Strict):
    """One PLC variable; analogue tags carry the nominal value and spread of their signal."""

    name: str
    plc: str
    address: str
    data_type: str
    unit: str
    description: str
    nominal: float | None = None
    spread: float | None = None


class NetworkAsset(_Strict):
    """A host of the control network."""

    hostname: str
    ipv4: str
    oui: str = Field(pattern=r"^[0-9A-F]{2}(:[0-9A-F]{2}){2}$")
    vlan: int
    model: str
    firmware: str
    zone: str
    role: str
    uplink: str


class RecipeParameter(_Strict):
    """A set-point with its symmetric tolerance."""

    name: str
    set_point: float
    unit: str
    tolerance: float


class RecipeStep(_Strict):
    """One operation of a recipe."""

    operation: str
    parameters: list[RecipeParameter] = Field(min_length=1)


class Recipe(_Strict):
    """A process recipe: the technical data the Plan singles out for protection."""

    id: str
    name: str
    product: str
    version: str
    steps: list[RecipeStep] = Field(min_length=1)


class Characteristic(_Strict):
    """A quality characteristic with its specification limits."""

    name: str
    unit: str
    lower: float
    upper: float


class Fault(_Strict):
    """A machine fault and the repair that fixed it."""

    fault: str
    action: str


class EnergyMedium(_Strict):
    """An energy medium with its typical daily consumption and unit price."""

    name: str
    unit: str
    daily: float
    price: float


class ServiceAccount(_Strict):
    """An account that belongs to a service or a vendor, not to an employee."""

    username: str
    display_name: str
    role: str


class Vocabulary(_Strict):
    """Everything the generator draws from."""

    enterprise: EnterpriseSpec
    birth_areas: list[Area] = Field(min_length=1)
    home_districts: list[str] = Field(min_length=1)
    cities: list[City] = Field(min_length=1)
    trade_name_syllables: list[str] = Field(min_length=2)
    customer_lines: list[str] = Field(min_length=1)
    supplier_lines: list[str] = Field(min_length=1)
    banks: list[Bank] = Field(min_length=1)
    departments: list[Department] = Field(min_length=1)
    sites: list[Site] = Field(min_length=1)
    lines: list[Line] = Field(min_length=1)
    products: list[Product] = Field(min_length=1)
    materials: list[Material] = Field(min_length=1)
    warehouses: list[str] = Field(min_length=1)
    equipment: list[EquipmentKind] = Field(min_length=1)
    plc_tags: list[PlcTag] = Field(min_length=1)
    network_assets: list[NetworkAsset] = Field(min_length=1)
    recipes: list[Recipe] = Field(min_length=1)
    inspection_characteristics: list[Characteristic] = Field(min_length=1)
    defects: list[str] = Field(min_length=1)
    faults: list[Fault] = Field(min_length=1)
    energy_media: list[EnergyMedium] = Field(min_length=1)
    visit_purposes: list[str] = Field(min_length=1)
    user_roles: list[str] = Field(min_length=1)
    service_accounts: list[ServiceAccount] = Field(min_length=1)

    def analogue_tags(self) -> list[PlcTag]:
        """The tags whose signal the sensor time series records."""
        return [tag for tag in self.plc_tags if tag.nominal is not None]


def read_vocabulary(path: Path, text: str | None = None) -> Vocabulary:
    """Parse and validate a vocabulary file.

    Raises:
        ConfigError: listing every located problem, so one run shows all of them.
    """
    document, problems = load_located(path, text)
    if document is None or problems:
        raise ConfigError("\n".join(str(p) for p in problems))
    vocabulary, problems = validate_document(document, Vocabulary)
    if vocabulary is None:
        raise ConfigError("\n".join(str(p) for p in problems))
    return vocabulary


@cache
def demo_vocabulary() -> Vocabulary:
    """The vocabulary shipped with indsec, parsed once per process."""
    resource = files("indsec.demo").joinpath("vocabulary.yaml")
    return read_vocabulary(Path("indsec/demo/vocabulary.yaml"), resource.read_text("utf-8"))
