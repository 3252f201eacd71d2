"""A users table read from each engine: plaintext passwords are labelled as such, hashes not."""

from __future__ import annotations

from sqlalchemy import text

from indsec.classify.recognize.pack import load_recognizer_pack
from indsec.classify.recognize.recognition import RecognizerEngine

from .helpers import by_name, scan_url
from .plant_db import PlantDatabase, dialect_sql

BCRYPT = "$2b$12$" + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0"
PLAIN = ["hunter2", "Passw0rd!", "123456", "qwerty", "admin@123", "letmein", "plant2024"]


def test_a_plaintext_password_column_is_labelled_plaintext(plant: PlantDatabase) -> None:
    with plant.admin.begin() as conn:
        conn.execute(
            text(
                dialect_sql(
                    plant.kind,
                    'CREATE TABLE "用户" ("账号" VARCHAR(20),'
                    ' "密码" VARCHAR(64), "password_hash" VARCHAR(80))',
                )
            )
        )
        rows = [{"a": f"user{i}", "p": p, "h": BCRYPT} for i, p in enumerate(PLAIN * 2)]
        insert = dialect_sql(plant.kind, 'INSERT INTO "用户" VALUES (:a, :p, :h)')
        conn.execute(text(insert), rows)
    engine = RecognizerEngine.from_pack(load_recognizer_pack())

    assets, _ = scan_url(plant.url)
    labels = {r.name: r.label_ids() for r in engine.analyze_asset(by_name(assets)["用户"])}

    assert labels["密码"] == ["secret.password_plaintext"]
    assert labels["password_hash"] == ["secret.password_hash"]
