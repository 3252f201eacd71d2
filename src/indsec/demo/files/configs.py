"""Configuration files left on the share with credentials in them, as they so often are.

Every credential is generated as ``demo-fake-…``: the files exist so that secret detection has
something to find, not to hold anything usable.
"""

from __future__ import annotations

from pathlib import Path

from indsec.demo.files.share import place
from indsec.demo.identifiers import fake_secret
from indsec.demo.world import DemoWorld


def write_env_file(share: Path, world: DemoWorld) -> None:
    """IT/配置/mes-gateway/.env: the MES gateway's environment."""
    rng = world.rng_for("files/.env")
    text = f"""# MES 数据网关运行环境（演示数据，所有口令均为虚构）
MES_DB_HOST=10.20.30.12
MES_DB_PORT=3306
MES_DB_NAME=mes
MES_DB_USER=mes_app
MES_DB_PASSWORD={fake_secret(rng, "mysql")}
OPCUA_ENDPOINT=opc.tcp://10.10.20.30:4840
OPCUA_USERNAME=mes_reader
OPCUA_PASSWORD={fake_secret(rng, "opcua")}
JWT_SECRET={fake_secret(rng, "jwt")}
"""
    place(share, "IT/配置/mes-gateway/.env").write_text(text, encoding="utf-8")


def write_application_yaml(share: Path, world: DemoWorld) -> None:
    """IT/配置/mes-gateway/application.yml: a Spring Boot service's data sources."""
    rng = world.rng_for("files/application.yml")
    text = f"""server:
  port: 8080
spring:
  application:
    name: mes-gateway
  datasource:
    url: jdbc:mysql://10.20.30.12:3306/mes?useUnicode=true&characterEncoding=utf8
    username: mes_app
    password: {fake_secret(rng, "mysql")}
  redis:
    host: 10.20.30.11
    port: 6379
    password: {fake_secret(rng, "redis")}
opcua:
  endpoint: opc.tcp://10.10.20.30:4840
  security-policy: None
"""
    place(share, "IT/配置/mes-gateway/application.yml").write_text(text, encoding="utf-8")


def write_collector_ini(share: Path, world: DemoWorld) -> None:
    """IT/配置/数采网关/collector.ini: PLC connections and the vendor's remote-support login."""
    rng = world.rng_for("files/collector.ini")
    text = f"""; 数采网关配置 {world.profile.name}
[historian]
host = 10.10.20.12
user = hist_writer
password = {fake_secret(rng, "historian")}

[plc.line1]
address = 10.10.11.10
rack = 0
slot = 1

[remote_support]
vpn_gateway = 172.16.0.1
account = vendor_remote
password = {fake_secret(rng, "vendor")}
"""
    place(share, "IT/配置/数采网关/collector.ini").write_text(text, encoding="utf-8")
