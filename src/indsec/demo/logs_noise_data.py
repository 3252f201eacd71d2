"""Benign data access: the MES database, the ERP database and the file share during a week.

The MES application account polls recipes and work orders around the clock (it is listed as a
service account, so human-pattern rules leave it alone); process and quality engineers query
during working hours, a few rows at a time; sales and finance staff read the ERP and edit share
files. Table and file names are the demo's own, so enrichment grades them like the catalogue.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from indsec.demo import logs_formats as fmt
from indsec.demo.logs_cast import (
    FILE_ACTIVITY_LOG,
    MARIADB_AUDIT_LOG,
    POSTGRESQL_LOG,
    Cast,
    Line,
    days,
    every,
    working_moments,
)

MES_SERVICE = "mes_svc"
ERP_SERVICE = "erp_sync"
SHARE = "D:\\share\\"
FILE_SERVER = "ERP-APP01"

MES_POLLS = (
    ("SELECT", "SELECT recipe_id, version, status FROM pp_recipe WHERE product_code = 'RG-3050'"),
    (
        "SELECT",
        "SELECT step_no, parameter, set_point FROM pp_recipe_param WHERE recipe_id = 'HT-CARB-02'",
    ),
    (
        "SELECT",
        "SELECT gdh, plan_qty FROM pp_work_order WHERE line_code = 'L1' AND status = '生产中'",
    ),
    ("INSERT", "INSERT INTO mes_sensor_ts (ts, tag, value, quality) VALUES ($1, $2, $3, 192)"),
)
ENGINEER_QUERIES = (
    ("SELECT * FROM pp_recipe WHERE recipe_id = 'HT-CARB-03'", "pp_recipe", 1),
    (
        "SELECT * FROM pp_recipe_param WHERE recipe_id = 'GR-GRND-05' ORDER BY step_no",
        "pp_recipe_param",
        5,
    ),
    (
        "SELECT gdh, status, done_qty FROM pp_work_order WHERE plan_start >= '2024-02-19'",
        "pp_work_order",
        61,
    ),
    (
        "SELECT jydh, measured, result FROM qm_inspection WHERE product_code = 'RG-3050' LIMIT 200",
        "qm_inspection",
        200,
    ),
    ("SELECT product_code, drawing_no FROM md_product", "md_product", 7),
)
ERP_QUERIES = (
    (
        "SELECT customer_id, customer_name FROM crm_customer WHERE sales_rep = 'E0123'",
        "crm_customer",
    ),
    (
        "SELECT contract_no, amount_cny, status FROM sd_contract WHERE sign_date >= '2024-01-01'",
        "sd_contract",
    ),
    ("SELECT gysbm, gysmc, gylb FROM srm_gys WHERE gylb = '特钢'", "srm_gys"),
    ("SELECT material_code, qty FROM wms_inventory WHERE warehouse = '原材料库'", "wms_inventory"),
)
SHARE_FILES = (
    ("销售\\合同台账_2024.xlsx", 7.92),
    ("销售\\客户名录.json", 4.81),
    ("财务\\供应商付款明细_2024Q1.csv", 5.02),
    ("生产\\质量检验记录_导出.csv", 4.95),
    ("研发\\工艺规程\\GY-RG-017_输出轴渗碳淬火工艺规程.docx", 7.95),
    ("采购\\合同\\CG-2024-0036_采购合同.pdf", 7.97),
    ("人事\\通讯录.csv", 5.11),
)


def pg_session(user: str, client: str, application: str, started: datetime) -> dict[str, Any]:
    """The connection fields every csvlog line of one PostgreSQL session repeats."""
    pid = 30000 + sum(map(ord, user)) % 20000
    return {
        "user": user,
        "database": "mes",
        "pid": pid,
        "client": client,
        "port": 40000 + pid % 20000,
        "id": f"{int(started.timestamp()):x}.{pid:x}",
        "started": started,
        "application": application,
    }


def pg_line(session: dict[str, Any], moment: datetime, n: int, tag: str, message: str) -> Line:
    text = fmt.pg_csvlog(moment, {**session, "tag": tag}, n, message)
    return Line(POSTGRESQL_LOG, moment, text)


def mes_service_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """The MES application's polling, every five minutes, day and night."""
    session = pg_session(MES_SERVICE, cast.ip("MES-APP01"), "mes-server", days()[0])
    lines = []
    for n, moment in enumerate(every(timedelta(minutes=5), rng, jitter_s=20.0)):
        tag, sql = rng.choice(MES_POLLS)
        lines.append(pg_line(session, moment, n + 1, tag, fmt.pg_statement(sql)))
    return lines


def engineer_query_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """Engineers' ad-hoc queries in working hours; auto_explain logs the slow ones' plans."""
    lines = []
    for user in cast.analysts:
        session = pg_session(user, cast.workstations[user], "DBeaver 23.3", days()[0])
        for n, moment in enumerate(working_moments(rng, 6)):
            sql, table, rows = rng.choice(ENGINEER_QUERIES)
            if rng.random() < 0.3:
                message = fmt.pg_plan(sql, table, rows, rng.uniform(500, 2000))
            else:
                message = fmt.pg_statement(sql, rng.uniform(0.5, 40))
            lines.append(pg_line(session, moment, n + 1, "SELECT", message))
    return lines


def _erp_query(moment: datetime, user: str, host: str, sql: str, table: str, n: int) -> list[Line]:
    fields = {"server": FILE_SERVER, "user": user, "host": host, "connection": 700 + n % 50}
    query = {**fields, "query": 50000 + n, "database": "erp"}
    rows = [
        fmt.mariadb_audit(moment, {**query, "operation": "QUERY", "object": sql}),
        fmt.mariadb_audit(moment, {**query, "operation": "READ", "object": table, "retcode": ""}),
    ]
    return [Line(MARIADB_AUDIT_LOG, moment, row) for row in rows]


def erp_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """The ERP sync job every ten minutes and office staff reading the ERP in working hours."""
    lines = []
    for n, moment in enumerate(every(timedelta(minutes=10), rng, jitter_s=30.0)):
        sql, table = rng.choice(ERP_QUERIES)
        lines += _erp_query(moment, ERP_SERVICE, cast.ip("ERP-APP01"), sql, table, n)
    for user in cast.office[:5]:
        for n, moment in enumerate(working_moments(rng, 4)):
            sql, table = rng.choice(ERP_QUERIES)
            lines += _erp_query(moment, user, cast.workstations[user], sql, table, 90000 + n)
    return lines


def _file_event(moment: datetime, host: str, user: str, process: str, **fields: Any) -> Line:
    record = {"timestamp": moment.isoformat(timespec="milliseconds"), "host": host, "user": user}
    record.update(process=process, **fields)
    return Line(FILE_ACTIVITY_LOG, moment, fmt.json_record(record))


def _office_save(moment: datetime, user: str, path: str, content: dict[str, Any]) -> list[Line]:
    """Office saving a file: the new content goes to a temporary file renamed over the old."""
    temp = f"~WRL{sum(map(ord, path + user)) % 9000 + 1000}.tmp"
    who = (FILE_SERVER, f"PLANT\\{user}", "C:\\Windows\\System32\\svchost.exe")
    folder = path.rsplit("\\", 1)[0]
    renamed = {"old_name": temp, "new_name": path, **content}
    return [
        _file_event(moment, *who, path=f"{folder}\\{temp}", operation="write", **content),
        _file_event(
            moment + timedelta(milliseconds=300), *who, path=path, operation="rename", **renamed
        ),
    ]


def share_edit_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """Office staff saving share files, five times a working day each."""
    lines = []
    for user in cast.office:
        for moment in working_moments(rng, 5):
            name, entropy = rng.choice(SHARE_FILES)
            content = {"size": rng.randint(20_000, 400_000), "entropy": entropy}
            lines += _office_save(moment, user, SHARE + name, content)
    return lines


def log_rotation_noise() -> list[Line]:
    """logrotate on MES-APP01 every night: the gateway log becomes gateway.log.1."""
    lines = []
    for day in days()[1:]:
        moment = day.replace(hour=3, minute=11, second=5)
        lines.append(
            _file_event(
                moment,
                "MES-APP01",
                "root",
                "/usr/sbin/logrotate",
                path="/var/log/mes/gateway.log",
                operation="rename",
                old_name="gateway.log",
                new_name="gateway.log.1",
                size=5_242_880,
                entropy=5.3,
            )
        )
    return lines


def data_noise(cast: Cast, rng: random.Random) -> list[Line]:
    """All benign database and file-share traces of the week."""
    return [
        *mes_service_noise(cast, rng),
        *engineer_query_noise(cast, rng),
        *erp_noise(cast, rng),
        *share_edit_noise(cast, rng),
        *log_rotation_noise(),
    ]
