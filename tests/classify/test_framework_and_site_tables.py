"""Tables every Spring Cloud system and every plant carries, named as their developers name them.

Cases seen on real open-source systems' schemas (a pharmaceutical WMS on RuoYi-Cloud with its
Nacos configuration store, a small enterprise's equipment management system), written with the
names and comments such systems use; no values, so only the schema's words can decide.
"""

from __future__ import annotations

import pytest

from indsec.classify.taxonomy_pack import TaxonomyPack
from tests.classify.table_cases import Column, classify_table

_IDS: list[Column] = [("id", "", {}), ("create_time", "创建时间", {})]
ASSETS = "management.assets"
IT = "it.system_management"
LOGISTICS = "om.logistics"

TABLES = [
    # Nacos, the configuration centre and registry of Spring Cloud Alibaba systems
    ("Nacos configuration files", "config_info", "config_info", IT),
    ("Nacos beta configurations", "config_info_beta", "config_info_beta", IT),
    ("Nacos configuration history", "his_config_info", "多租户改造", IT),
    ("Nacos configuration tags", "config_tags_relation", "config_tag_relation", IT),
    ("Nacos group quotas", "group_capacity", "集群、各Group容量信息表", IT),
    # what a system keeps of its own running: settings, sign-in tokens, uploaded files
    ("a configuration table", "config", "配置文件", IT),
    ("sign-in tokens", "token", "token表", IT),
    ("uploaded files", "file_upload", "文件上传记录表", IT),
    # a warehouse's storage areas, its movement types and its dock time slots
    ("storage areas", "md_area", "存储区表", LOGISTICS),
    ("stock movement types", "md_move_type", "移动类型配置表", LOGISTICS),
    ("dock time windows", "md_time_window", "道口时间窗口", LOGISTICS),
    # spare parts are the equipment's (EAM), by the comment of a pinyin-named table
    ("spare parts", "peijianxinxi", "配件信息", ASSETS),
    # units of measure are product master data, in English compounds too
    ("units of measure", "md_unit_measure", "", "management.customer_product"),
    ("units of measure, camel case", "UnitMeasure", "", "management.customer_product"),
]


@pytest.mark.parametrize(
    ("name", "comment", "expected"), [t[1:] for t in TABLES], ids=[t[0] for t in TABLES]
)
def test_a_table_is_what_its_framework_or_trade_calls_it(
    taxonomy: TaxonomyPack, name: str, comment: str, expected: str
) -> None:
    assert classify_table(taxonomy, name, comment, _IDS, hint="")[0] == expected


def test_a_table_of_secrets_is_system_data_not_equipment(taxonomy: TaxonomyPack) -> None:
    """A sign-in table's password hashes and tokens say what it is for: the system's access."""
    columns: list[Column] = [
        *_IDS,
        ("username", "", {"person.account": 0.8}),
        ("password", "", {"secret.password_hash": 0.95}),
        ("enabled", "", {}),
    ]
    assert classify_table(taxonomy, "users", "", columns, hint="")[0] in {
        IT,
        "personal_information",
    }
    tokens: list[Column] = [*_IDS, ("token", "密码", {"secret.api_token": 0.9})]
    assert classify_table(taxonomy, "t_session", "", tokens, hint="")[0] == IT
