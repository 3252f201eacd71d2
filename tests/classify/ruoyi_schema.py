"""A RuoYi-style MES schema (framework tables beside MES tables), with each table's category.

The tables follow the open-source RuoYi framework and a Chinese MES built on it: ``sys_*``
framework tables, Quartz ``QRTZ_*``, the code generator, an Activiti table, attachments and
print templates, and MES tables whose Chinese comments say what they are. It is built with
real DDL on SQLite (``--`` comments, which the SQLite connector reads) and on MariaDB (inline
``COMMENT``); every table holds a few rows so the recognizers see values.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, text


@dataclass(frozen=True)
class Table:
    """One table: name, comment, columns as (name, SQL type, comment), rows, its category.

    The first column is the primary key; ``references`` are foreign keys as (column, table,
    that table's first column).
    """

    name: str
    comment: str
    columns: tuple[tuple[str, str, str], ...]
    rows: tuple[tuple[object, ...], ...]
    category: str
    cross_cutting: tuple[str, ...] = ()
    references: tuple[tuple[str, str, str], ...] = ()


_V = "VARCHAR(64)"
TABLES = (
    Table(
        "sys_menu",
        "菜单权限表",
        (
            ("menu_id", "INTEGER", "菜单ID"),
            ("menu_name", _V, "菜单名称"),
            ("perms", _V, "权限标识"),
        ),
        ((1, "系统管理", "system:menu:list"), (2, "用户管理", "system:user:list")),
        "it.system_management",
    ),
    Table(
        "sys_dict_data",
        "字典数据表",
        (
            ("dict_code", "INTEGER", "字典编码"),
            ("dict_label", _V, "字典标签"),
            ("dict_type", _V, ""),
        ),
        ((1, "蓝色", "sys_color"), (2, "管理员", "sys_role_name")),
        "it.system_management",
    ),
    Table(
        "sys_role",
        "角色信息表",
        (("role_id", "INTEGER", "角色ID"), ("role_name", _V, "角色名称"), ("role_key", _V, "")),
        ((1, "超级管理员", "admin"), (2, "普通角色", "common")),
        "it.system_management",
    ),
    Table(
        "sys_user",
        "用户信息表",
        (
            ("user_id", "INTEGER", "用户ID"),
            ("user_name", _V, "用户账号"),
            ("email", _V, "用户邮箱"),
            ("phonenumber", _V, "手机号码"),
        ),
        (
            (1, "admin", "zhangwei@example.cn", "13812345678"),
            (2, "ry", "wangfang@example.cn", "13987654321"),
            (3, "zl", "liuyang@example.cn", "13700001111"),
        ),
        "it.system_management",
        ("personal_information",),
    ),
    Table(
        "sys_dept",
        "部门表",
        (
            ("dept_id", "INTEGER", "部门id"),
            ("dept_name", _V, "部门名称"),
            ("ancestors", _V, "祖级列表"),
        ),
        ((100, "若依科技", "0"), (101, "研发部门", "0,100")),
        "it.system_management",
    ),
    Table(
        "sys_post",
        "岗位信息表",
        (("post_id", "INTEGER", "岗位ID"), ("post_code", _V, "岗位编码"), ("post_name", _V, "")),
        ((1, "ceo", "董事长"), (2, "se", "项目经理")),
        "it.system_management",
    ),
    Table(
        "sys_notice",
        "通知公告表",
        (("notice_id", "INTEGER", "公告ID"), ("notice_title", _V, "公告标题")),
        ((1, "新版本发布"), (2, "系统维护通知")),
        "it.system_management",
    ),
    Table(
        "sys_logininfor",
        "系统访问记录",
        (
            ("info_id", "INTEGER", "访问ID"),
            ("user_name", _V, "用户账号"),
            ("ipaddr", _V, "登录IP地址"),
            ("msg", _V, "提示消息"),
        ),
        ((1, "admin", "192.168.1.10", "登录成功"), (2, "ry", "10.0.0.7", "退出成功")),
        "it.system_management",
        ("personal_information",),
    ),
    Table(
        "qrtz_triggers",
        "",
        (("sched_name", _V, ""), ("trigger_name", _V, ""), ("trigger_group", _V, "")),
        (("RuoyiScheduler", "TASK_CLASS_NAME1", "DEFAULT"),),
        "it.system_management",
    ),
    Table(
        "gen_table_column",
        "代码生成业务表字段",
        (("column_id", "INTEGER", "编号"), ("column_name", _V, "列名称"), ("java_type", _V, "")),
        ((1, "user_name", "String"),),
        "it.system_management",
    ),
    Table(
        "act_ru_task",
        "",
        (("id_", _V, ""), ("name_", _V, ""), ("assignee_", _V, "")),
        (("2501", "审批", "admin"),),
        "it.system_management",
    ),
    Table(
        "print_template",
        "打印模板表",
        (("template_id", "INTEGER", ""), ("template_name", _V, "模板名称"), ("content", _V, "")),
        ((1, "入库单", "<html></html>"),),
        "it.system_management",
    ),
    Table(
        "dv_machinery",
        "设备表",
        (
            ("machinery_id", "INTEGER", "设备ID"),
            ("machinery_code", _V, "设备编码"),
            ("machinery_name", _V, "设备名称"),
        ),
        ((1, "M0001", "数控车床"), (2, "M0002", "注塑机")),
        "management.assets",
    ),
    Table(
        "wm_warehouse",
        "仓库表",
        (("warehouse_id", "INTEGER", "仓库ID"), ("warehouse_code", _V, "仓库编码")),
        ((1, "WH01"), (2, "WH02")),
        "om.logistics",
    ),
    Table(
        "md_product_bom",
        "产品BOM关系表",
        (
            ("bom_id", "INTEGER", "BOM ID"),
            ("item_id", "INTEGER", "物料ID"),
            ("quantity", "INTEGER", ""),
        ),
        ((1, 10, 2), (2, 11, 4)),
        "rd.design",
    ),
    Table(
        "pro_feedback",
        "生产报工记录表",
        (
            ("record_id", "INTEGER", "记录ID"),
            ("workorder_code", _V, "生产工单编号"),
            ("item_code", _V, "产品物料编码"),
            ("item_name", _V, "产品物料名称"),
            ("client_code", _V, "客户编码"),
            ("quantity_feedback", "INTEGER", "报工数量"),
        ),
        ((1, "MO2024001", "IF0001", "端盖", "C0001", 100),),
        "production.operating_conditions",
    ),
    Table(
        "md_product_sop",
        "产品SOP表",
        (
            ("sop_id", "INTEGER", ""),
            ("item_id", "INTEGER", "产品物料ID"),
            ("sop_title", _V, "标题"),
        ),
        ((1, 10, "装配作业指导"),),
        "production.process_parameters",
    ),
    Table(
        "t_0101",
        "",
        (("id", "INTEGER", ""), ("wh_id", "INTEGER", ""), ("qty", "INTEGER", "")),
        ((1, 1, 5), (2, 2, 7)),
        "om.logistics",
        references=(("wh_id", "wm_warehouse", "warehouse_id"),),
    ),
    Table(
        "t_tmp_0001",
        "",
        (("id", "INTEGER", ""), ("v", _V, "")),
        ((1, "x"),),
        "unclassified",
    ),
)


def _sqlite_ddl(table: Table) -> str:
    """SQLite keeps comments as ``--`` after each line of the CREATE statement."""
    items = [
        (f'"{name}" {sql_type}{" PRIMARY KEY" if index == 0 else ""}', comment)
        for index, (name, sql_type, comment) in enumerate(table.columns)
    ]
    items += [(f'FOREIGN KEY ("{c}") REFERENCES "{t}" ("{k}")', "") for c, t, k in table.references]
    lines = [f'CREATE TABLE "{table.name}" ( -- {table.comment}'.rstrip(" -")]
    for index, (item, comment) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        lines.append(f"    {item}{comma} -- {comment}".rstrip(" -"))
    return "\n".join([*lines, ")"])


def _mysql_ddl(table: Table) -> str:
    items = [
        f"`{name}` {sql_type} COMMENT '{comment}'" for name, sql_type, comment in table.columns
    ]
    items.append(f"PRIMARY KEY (`{table.columns[0][0]}`)")
    items += [f"FOREIGN KEY (`{c}`) REFERENCES `{t}` (`{k}`)" for c, t, k in table.references]
    options = f"ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COMMENT = '{table.comment}'"
    return f"CREATE TABLE `{table.name}` ({', '.join(items)}) {options}"


def build_schema(kind: str, url: str) -> None:
    """Create every table of :data:`TABLES`, with its rows, on SQLite or MariaDB."""
    engine = create_engine(url)
    ddl = _sqlite_ddl if kind == "sqlite" else _mysql_ddl
    with engine.begin() as conn:
        for table in TABLES:
            conn.execute(text(ddl(table)))
            names = ", ".join(f":c{i}" for i in range(len(table.columns)))
            insert = text(f"INSERT INTO {table.name} VALUES ({names})")
            for row in table.rows:
                conn.execute(insert, {f"c{i}": value for i, value in enumerate(row)})
    engine.dispose()
