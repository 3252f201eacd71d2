"""What a table is, from what its schema says: framework conventions, comments, column families.

Each case is a table (name, comment, columns with their comments and labels) from a system hinted
``MES``, and the category a data-governance reviewer gives it. The hint alone scores several
production categories equally, so it must never decide.
"""

from __future__ import annotations

import pytest

from indsec.classify.classifier import classify_asset
from indsec.classify.taxonomy_pack import TaxonomyPack
from indsec.classify.taxonomy_signals import comment_points
from indsec.model import AssetKind, DiscoveredAsset, FieldResult
from tests.classify.table_cases import Column
from tests.classify.table_cases import classify_table as _classify

_IDS: list[Column] = [("id", "", {}), ("create_time", "创建时间", {})]
IT = "it.system_management"

FRAMEWORK = [
    ("QRTZ_TRIGGERS", "", IT),
    ("quartz.QRTZ_JOB_DETAILS", "", IT),
    ("ACT_HI_PROCINST", "", IT),
    ("ACT_RU_EXECUTION", "", IT),
    ("gen_table", "代码生成业务表", IT),
    ("sys_menu", "", IT),
    ("sys_config", "参数配置表", IT),
    ("sys_oss", "OSS对象存储表", IT),
    ("sys_job_log", "定时任务调度日志表", IT),
    ("xxl_job_info", "", IT),
    ("jsh_sys_dict_type", "字典类型表", IT),
    ("jsh_function", "功能模块表", IT),
    ("jsh_platform_config", "平台参数", IT),
    ("print_template", "打印模板", IT),
    ("t_menu", "menu permissions", IT),
    ("t_roles", "roles of the application", IT),
]


@pytest.mark.parametrize(("name", "comment", "expected"), FRAMEWORK)
def test_framework_tables_are_it_system_management(
    taxonomy: TaxonomyPack, name: str, comment: str, expected: str
) -> None:
    assert _classify(taxonomy, name, comment, _IDS)[0] == expected


COMMENTS = [
    ("设备表", "management.assets"),
    ("仓库表", "om.logistics"),
    ("部门表", "management.hr_finance"),
    ("菜单权限表", IT),
    ("产品BOM关系表", "rd.design"),
    ("生产报工记录表", "production.operating_conditions"),
    ("生产工单表", "production.operating_conditions"),
    ("工艺路线表", "production.process_parameters"),
    ("供应商/客户信息表", "management.supply_chain"),
    ("产品表", "management.customer_product"),
    ("Equipment register", "management.assets"),
    ("Warehouse master data", "om.logistics"),
    ("Bill of materials (BOM) of each product", "rd.design"),
    ("Employee roster", "management.hr_finance"),
    ("Supplier list", "management.supply_chain"),
    ("Work instructions per product", "production.process_parameters"),
]


@pytest.mark.parametrize(("comment", "expected"), COMMENTS)
def test_a_table_comment_says_what_the_table_is(
    taxonomy: TaxonomyPack, comment: str, expected: str
) -> None:
    assert _classify(taxonomy, "t_0001", comment, _IDS)[0] == expected


NO_EVIDENCE = [
    ("t_x", "", _IDS, "MES"),
    ("data_2024", "", _IDS, "ERP"),
    ("tmp_import", "", [("c1", "", {}), ("c2", "", {})], "SCADA"),
    ("t_0043", "", [("customer_id", "", {}), *[(f"c{i}", "", {}) for i in range(7)]], "MES"),
]


@pytest.mark.parametrize(("name", "comment", "columns", "hint"), NO_EVIDENCE)
def test_no_evidence_of_its_own_is_unclassified(
    taxonomy: TaxonomyPack, name: str, comment: str, columns: list[Column], hint: str
) -> None:
    assert _classify(taxonomy, name, comment, columns, hint)[0] == "unclassified"


_ROSTER: list[Column] = [
    ("emp_no", "工号", {"biz.hr": 0.65}),
    ("name", "姓名", {"person.name": 0.9}),
    ("mobile", "手机号", {"cn.mobile": 0.95}),
    ("dept_name", "部门", {}),
    ("member_id", "", {"biz.customer": 0.65}),
    ("hire_date", "入职日期", {"biz.hr": 0.65}),
]
_FEEDBACK: list[Column] = [
    ("record_id", "", {}),
    ("workorder_code", "生产工单编号", {}),
    ("item_code", "产品物料编码", {"biz.supply_chain": 0.65}),
    ("item_name", "产品物料名称", {}),
    ("client_code", "客户编码", {"biz.customer": 0.65}),
    ("client_name", "客户名称", {"org.name": 0.8}),
    ("quantity", "报工数量", {}),
    ("feedback_time", "报工时间", {}),
]
DRAG = [
    ("a member_id in a roster", "hr_employee", "员工花名册", _ROSTER, "management.hr_finance"),
    ("a member_id, no comment", "t_roster", "", _ROSTER, "management.hr_finance"),
    ("item and client codes", "pro_feedback", "生产报工记录表", _FEEDBACK, "production."),
    ("item and client, no comment", "pro_workorder", "", _FEEDBACK, "production."),
    ("product in an SOP", "md_product_sop", "产品作业指导书", _IDS, "production.process_param"),
    ("product work instruction", "product_work_instruction", "", _IDS, "production.process_"),
]


@pytest.mark.parametrize(
    ("name", "comment", "columns", "expected"), [d[1:] for d in DRAG], ids=[d[0] for d in DRAG]
)
def test_one_column_or_word_does_not_drag_a_table(
    taxonomy: TaxonomyPack, name: str, comment: str, columns: list[Column], expected: str
) -> None:
    assert _classify(taxonomy, name, comment, columns)[0].startswith(expected)


def test_the_roster_still_carries_personal_information(taxonomy: TaxonomyPack) -> None:
    assert _classify(taxonomy, "hr_employee", "员工花名册", _ROSTER)[1] == ("personal_information",)


def test_a_column_family_speaks_for_the_table(taxonomy: TaxonomyPack) -> None:
    columns: list[Column] = [("supplier_id", "", {}), ("supplier_name", "", {}), ("vendor", "", {})]
    assert _classify(taxonomy, "t_0042", "", columns)[0] == "management.supply_chain"


def test_the_hint_adds_to_what_the_table_already_says(taxonomy: TaxonomyPack) -> None:
    """``system=MES`` is a prior for production: it breaks no tie alone, but it still counts."""
    columns: list[Column] = [("plc_addr", "PLC 点位", {}), ("value", "", {})]
    asset = DiscoveredAsset(
        source="mysql://mes", name="t_9", kind=AssetKind.TABLE, system_hint="MES"
    )
    fields = [FieldResult(name=n, comment=c) for n, c, _ in columns]
    decision = classify_asset(asset, fields, taxonomy=taxonomy)
    assert decision.category == "production.control_info"
    # one column in two is more than the pack's column_full_share (0.4): the family counts fully
    assert decision.score == pytest.approx(0.8 + 0.3)
    assert {s.rule for s in decision.rationale} >= {
        "taxonomy.columns.control_columns",
        "taxonomy.hint.MES",
    }


def test_a_management_hint_reaches_the_system_tables_within_management(
    taxonomy: TaxonomyPack,
) -> None:
    """An ERP's prior goes to management categories, so also to ``it`` (within management):
    customer flags in a system-parameter table must not outvote the table's own comment."""
    columns: list[Column] = [
        ("customer_flag", "客户启用标记", {"biz.customer": 0.7}),
        ("company_name", "公司名称", {"org.name": 0.72}),
        *[(f"flag_{i}", "", {}) for i in range(20)],
    ]
    assert _classify(taxonomy, "jsh_system_config", "系统参数", columns, "ERP")[0] == IT
    assert "it.system_management" in taxonomy.targets_of("management")
    assert "it.system_management" not in taxonomy.targets_of("production")


@pytest.mark.parametrize(
    ("references", "expected"),
    [
        ("wm_warehouse", "om.logistics"),
        ("dv_equipment, md_item", "management.assets"),
        ("t_employee", "management.hr_finance"),
        ("", "unclassified"),
        ("t_a, t_b", "unclassified"),
    ],
)
def test_foreign_keys_say_what_a_table_is_about(
    taxonomy: TaxonomyPack, references: str, expected: str
) -> None:
    columns: list[Column] = [("id", "", {}), ("ref_id", "", {}), ("qty", "", {})]
    assert _classify(taxonomy, "t_0101", "", columns, references=references)[0] == expected


def test_a_foreign_key_counts_less_than_the_table_own_words(taxonomy: TaxonomyPack) -> None:
    category = _classify(taxonomy, "t_0102", "设备表", _IDS, references="wm_warehouse")[0]
    assert category == "management.assets"


@pytest.mark.parametrize(
    ("name", "comment"),
    [
        ("sys_logininfor", "系统访问记录"),
        ("sys_oper_log", "操作日志记录"),
        ("jsh_log", "操作日志"),
        ("t_audit", "user login log"),
    ],
)
def test_login_and_operation_logs_are_system_data_with_personal_information(
    taxonomy: TaxonomyPack, name: str, comment: str
) -> None:
    """Account + IP + time of a person: personal information across, not production logs."""
    columns: list[Column] = [("user_name", "", {}), ("ipaddr", "", {"ipv4": 0.99})]
    assert _classify(taxonomy, name, comment, columns) == (IT, ("personal_information",))


OP, PP = "production.operating_conditions", "production.process_parameters"
ASSETS, SUPPLY, HR = "management.assets", "management.supply_chain", "management.hr_finance"
VOCABULARY = [
    # shop-floor records: andon calls, stoppages, lot travellers, material issue, clock-on/off
    ("安灯呼叫记录", OP),
    ("Andon calls of each line", OP),
    ("停机记录", OP),
    ("Machine downtime events", OP),
    ("流转单表", OP),
    ("生产任务投料表", OP),
    ("上下工记录表", OP),
    # inspections on the line and their defects
    ("来料检验单表", OP),
    ("过程检验单行表", OP),
    ("IPQC results per work order", OP),
    ("出货检验单表", OP),
    ("检验单缺陷记录表", OP),
    ("Defects found in final inspection", OP),
    # quality standards: what a product must meet
    ("检测项表", PP),
    ("检测模板表", PP),
    ("常见缺陷表", PP),
    ("产品SIP表", PP),
    ("产品制程", PP),
    # production sites and resources, maintenance subjects
    ("车间表", ASSETS),
    ("工作站表", ASSETS),
    ("工装夹具资源表", ASSETS),
    ("Workshops of the plant", ASSETS),
    ("点检项目表", ASSETS),
    # product master data, traded goods, money and staff
    ("多单位表", "management.customer_product"),
    ("UOM conversions", "management.customer_product"),
    ("序列号表", SUPPLY),
    ("收支项目", HR),
    ("Expense items", HR),
    ("经手人表", HR),
]


@pytest.mark.parametrize(("comment", "expected"), VOCABULARY)
def test_manufacturing_vocabulary_in_a_comment(
    taxonomy: TaxonomyPack, comment: str, expected: str
) -> None:
    assert _classify(taxonomy, "t_0001", comment, _IDS)[0] == expected


VOCABULARY_DRAG = [
    ("a work order's BOM is production", "pro_workorder_bom", "生产工单BOM组成表", OP),
    ("the product of an inspection template", "qc_template_product", "检测模板-产品表", PP),
    ("the product of a process route", "pro_route_product", "产品制程", PP),
    ("an inspection standard is not a record", "t_0002", "检验标准", PP),
    ("a defect catalogue is not a record", "qc_defect", "常见缺陷表", PP),
    ("a defect record is not a standard", "qc_defect_record", "检验单缺陷记录表", OP),
]


@pytest.mark.parametrize(
    ("name", "comment", "expected"),
    [d[1:] for d in VOCABULARY_DRAG],
    ids=[d[0] for d in VOCABULARY_DRAG],
)
def test_a_weaker_word_does_not_drag_a_manufacturing_table(
    taxonomy: TaxonomyPack, name: str, comment: str, expected: str
) -> None:
    assert _classify(taxonomy, name, comment, _IDS)[0] == expected


@pytest.mark.parametrize(
    ("name", "comment", "not_expected"),
    [
        ("t_partner", "往来单位表", "management.customer_product"),  # 单位: an organisation
        ("serial_port", "串口通信参数", SUPPLY),  # a serial port, not a serial number
        ("process_unit", "", "management.customer_product"),  # a unit, not a unit of measure
    ],
)
def test_look_alike_words_are_not_vocabulary(
    taxonomy: TaxonomyPack, name: str, comment: str, not_expected: str
) -> None:
    assert _classify(taxonomy, name, comment, _IDS)[0] != not_expected


CONTROL = "production.control_info"
# Vocabulary an IoT/SCADA platform, a WMS and an EAM bring (learnt from more real systems than
# the tuning MES and ERP): each case is a table comment (or an English name) and its category,
# from a source with no system hint (such platforms are not MES: the words alone must decide).
PLATFORM_VOCABULARY = [
    # sign-on, authorisation, languages, preferences, portal content, timers: the system's own
    ("oauth_client_details", "", IT),
    ("oauth_refresh_token", "", IT),
    ("t_0003", "第三方登录用户", IT),
    ("t_0004", "单点登录配置", IT),
    ("t_0005", "产品授权码表", IT),
    ("app_language", "app语言", IT),
    ("t_0006", "菜单名称翻译表", IT),
    ("t_0007", "APP用户偏好设置", IT),
    ("t_0008", "新闻资讯", IT),
    ("t_0009", "设备定时", IT),
    ("t_0010", "编码规则表", IT),
    ("workflow_node", "", IT),
    # devices' data points and the automation acting on them: control information
    ("iot_things_model", "", CONTROL),
    ("t_0011", "物模型模板", CONTROL),
    ("t_0012", "采集点配置", CONTROL),
    ("t_0013", "场景联动", CONTROL),
    ("t_0014", "规则引擎脚本", CONTROL),
    ("device_protocol", "", CONTROL),
    ("t_0015", "通信协议配置", CONTROL),
    # cameras, media servers, factories, machines, moulds, instruments, spare parts: assets
    ("t_0016", "监控设备通道信息", ASSETS),
    ("t_0017", "流媒体服务器配置", ASSETS),
    ("nvr_channel", "", ASSETS),
    ("t_0018", "工厂表", ASSETS),
    ("t_0019", "模具台账", ASSETS),
    ("t_0020", "备件库", ASSETS),
    ("machine_ledger", "", ASSETS),
    # shop-floor plans, lots, traceability, material issue and consumption, rework
    ("t_0021", "生产计划表", OP),
    ("t_0022", "批次追溯", OP),
    ("t_0023", "物料消耗记录表", OP),
    ("t_0024", "领料单", OP),
    ("rework_order", "", OP),
    ("t_0025", "首检记录", OP),
    # warehouse work, outsourcing, teams and shifts, engineering changes, R&D samples
    ("t_0026", "调拨单", "om.logistics"),
    ("t_0027", "盘点单", "om.logistics"),
    ("putaway_task", "", "om.logistics"),
    ("t_0028", "委外加工单", SUPPLY),
    ("t_0029", "班组表", HR),
    ("shift_roster", "", HR),
    ("t_0030", "人员技能", HR),
    ("t_0031", "工程变更通知", "rd.design"),
    ("ecn_header", "", "rd.design"),
    ("t_0032", "样品试制", "rd.dev_test"),
    # goods master data and trading partners of trading and warehouse systems
    ("t_0041", "物料类型表", "management.customer_product"),
    ("item_sku", "sku信息", "management.customer_product"),
    ("t_0042", "商品品牌表", "management.customer_product"),
    ("t_0043", "往来单位", SUPPLY),
    ("t_0044", "移库单", "om.logistics"),
]


@pytest.mark.parametrize(("name", "comment", "expected"), PLATFORM_VOCABULARY)
def test_platform_warehouse_and_plant_vocabulary(
    taxonomy: TaxonomyPack, name: str, comment: str, expected: str
) -> None:
    assert _classify(taxonomy, name, comment, _IDS, hint="")[0] == expected


PLATFORM_LOOK_ALIKES = [
    # 客户端 is client software, not a customer; an OAuth client is no customer either
    ("client software is not a customer", "t_0033", "第三方登录平台客户端", IT),
    ("OAuth client columns are not a customer family", "oauth_client_token", "", IT),
    # 控制 alone is access control, not control information
    ("access control is not control information", "t_0034", "第三方登录平台控制", IT),
    ("permission control is not control information", "t_0035", "权限控制", IT),
    # SIP is an inspection procedure beside a product, the Session Initiation Protocol of video
    ("SIP of a video system is not an inspection procedure", "sip_config", "sip系统配置", IT),
    (
        "SIP channel of a camera is not an inspection procedure",
        "sip_device_channel",
        "监控设备通道信息",
        ASSETS,
    ),
    ("a product's SIP stays an inspection procedure", "md_product_sip", "产品SIP表", PP),
    # a purchase approval is purchase data; scrapping an asset or repairing after sale is not
    # production; a retail "article" is a goods item, not portal content
    ("a purchase approval is purchase data", "t_0036", "采购审批单", SUPPLY),
    ("scrapping an asset is asset data", "t_0037", "设备报废单", ASSETS),
    ("an after-sales repair is after-sales data", "t_0038", "售后返修单", "om.after_sales"),
    ("material consumption is not material master data", "t_0039", "物料消耗记录表", OP),
    ("a bill of materials is not material master data", "t_0045", "物料清单", "rd.design"),
    ("a material's stock count is warehouse work", "t_0046", "物料盘点单", "om.logistics"),
]


@pytest.mark.parametrize(
    ("name", "comment", "expected"),
    [case[1:] for case in PLATFORM_LOOK_ALIKES],
    ids=[case[0] for case in PLATFORM_LOOK_ALIKES],
)
def test_platform_look_alikes_keep_their_meaning(
    taxonomy: TaxonomyPack, name: str, comment: str, expected: str
) -> None:
    assert _classify(taxonomy, name, comment, _IDS, hint="")[0] == expected


def test_client_columns_do_not_make_an_oauth_table_customer_data(taxonomy: TaxonomyPack) -> None:
    """客户端ID columns (client software) are no customer column family."""
    columns: list[Column] = [
        ("client_id", "客户端ID", {}),
        ("client_secret", "客户端秘钥", {}),
        ("scope", "权限范围", {}),
    ]
    category = _classify(taxonomy, "t_0040", "应用接入", columns, hint="")[0]
    assert category != "management.customer_product"


# A table named for the people of a trade (维修员 repair staff, 质检员 inspectors, 采购员 buyers)
# is a roster of those people: the trade's word names who they are, not what the table records.
_ROSTER: list[Column] = [
    ("id", "", {}),
    ("username", "账户", {"person.account": 0.9}),
    ("phone", "手机号", {"cn.mobile": 0.97}),
    ("email", "邮箱", {"email": 0.99}),
    ("hired", "入职日期", {}),
    ("create_time", "创建时间", {}),
]
STAFF_ROLES = [
    ("repair staff are no after-sales record", "weixiuyuan", "维修员"),
    ("inspectors are no inspection record", "zhijianyuan", "质检员信息"),
    ("buyers are no purchase record", "caigouyuan", "采购人员"),
]


@pytest.mark.parametrize(("case", "name", "comment"), STAFF_ROLES, ids=[c[0] for c in STAFF_ROLES])
def test_a_table_of_staff_in_a_trade_is_about_the_staff(
    taxonomy: TaxonomyPack, case: str, name: str, comment: str
) -> None:
    category = _classify(taxonomy, name, comment, _ROSTER, hint="")[0]
    assert category in {"management.hr_finance", "personal_information"}, case


TRADE_RECORDS = [
    ("a repair record stays after-sales", "t_0050", "维修记录", "om.after_sales"),
    ("a repair work order stays after-sales", "t_0051", "维修工单", "om.after_sales"),
    ("an inspection record naming its inspector stays one", "t_0052", "质检员检验记录", OP),
]


@pytest.mark.parametrize(
    ("case", "name", "comment", "expected"), TRADE_RECORDS, ids=[c[0] for c in TRADE_RECORDS]
)
def test_a_record_of_a_trade_keeps_its_trade(
    taxonomy: TaxonomyPack, case: str, name: str, comment: str, expected: str
) -> None:
    assert _classify(taxonomy, name, comment, _IDS, hint="")[0] == expected, case


def test_a_column_comment_naming_staff_does_not_name_their_trade(taxonomy: TaxonomyPack) -> None:
    """A column ``weixiuyuan_id`` commented 维修员 names the repair staff's table: it says
    nothing of after-sales data, where 维修单 (a repair order) would."""
    staff = {p.category for p in comment_points("维修员", taxonomy, rule="t.")}
    order = {p.category for p in comment_points("维修单", taxonomy, rule="t.")}
    assert "om.after_sales" not in staff
    assert "om.after_sales" in order
