"""Labels the values earn, not words they contain: captions, prose, grant types, secrets.

Each case is a false positive or a miss seen on a real open-source system's schema (an IoT
platform's thing models and OAuth tables, a framework's configuration remarks and object-store
settings), written here with made-up values of the same form.
"""

from __future__ import annotations

import pytest

from indsec.classify.recognize.recognition import RecognizerEngine
from indsec.model import AssetKind, DiscoveredAsset, FieldLabel, SampledColumn

BCRYPT = "$2a$10$7JB720yubVSZvUI0rEqK/.VqGOZTH.ulu33dHOiBE8ByOhJIrdAu2"


def _labels(
    engine: RecognizerEngine, name: str, values: list[str], comment: str = ""
) -> dict[str, FieldLabel]:
    asset = DiscoveredAsset(
        source="sqlite:///iot.db",
        name="t",
        kind=AssetKind.TABLE,
        columns=[SampledColumn(name, values=values, comment=comment)],
    )
    result = engine.analyze_asset(asset)[0]
    return {lab.label: lab for lab in result.labels}


SWITCH_SPECS = '{"type":"bool","falseText":"关闭","trueText":"打开"}'


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("specs", [SWITCH_SPECS] * 3),  # a thing model's switch captions, under a caption key
        ("remark", ["true:开启, false:关闭"]),  # key=value inside a remark
    ],
)
def test_words_under_keys_that_do_not_speak_of_people_are_no_names(
    engine: RecognizerEngine, column: str, values: list[str]
) -> None:
    assert "person.name" not in _labels(engine, column, values)


def test_a_name_under_a_key_for_people_is_still_found(engine: RecognizerEngine) -> None:
    labels = _labels(engine, "payload", ['{"contact_name":"张伟","falseText":"关闭"}'] * 3)
    assert labels["person.name"].masked_examples == ["张*"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("<p>EMQ管理： Mqtt客户端、监听器、消息主题、插件管理、规则引擎</p>", False),
        ("客户服务热线，营业时间内由管理员统一答复", False),
        ("项目负责人：张伟，请于周五前提交", True),
        ('{"note":"联系人 王芳 已确认"}', True),
    ],
)
def test_a_name_in_prose_must_follow_its_context_word(
    engine: RecognizerEngine, text: str, found: bool
) -> None:
    labels = {lab.label for lab in engine.analyze_text(text)}
    assert ("person.name" in labels) is found


def test_oauth_grant_types_are_not_passwords(engine: RecognizerEngine) -> None:
    values = [
        "authorization_code,refresh_token",
        "client_credentials,password,authorization_code,implicit,refresh_token",
        "password,refresh_token",
    ]
    comment = "授权模式，可选值包括authorization_code,password,refresh_token,implicit"
    labels = _labels(engine, "authorized_grant_types", values, comment)
    assert not {"secret.password_plaintext", "secret.api_token"} & set(labels)


@pytest.mark.parametrize(
    ("column", "comment", "values"),
    [
        ("mqtt_secret", "产品秘钥", ["KX3TSH4Q4OS835DO", "P47T6OD5IPFWHUM7"]),
        ("secret_key", "", ["minio123", "XXXXXXXXXXXXXXX", "XXXXXXXXXXXXXXX"]),
        ("client_secret", "", ["S2EneHxdt^MHhBv8N#$^ty6nq$NQY2Nd", BCRYPT, BCRYPT]),
    ],
)
def test_shorter_secrets_in_secret_named_columns_are_tokens(
    engine: RecognizerEngine, column: str, comment: str, values: list[str]
) -> None:
    token = _labels(engine, column, values, comment)["secret.api_token"]
    assert token.matched == sum(1 for v in values if v != BCRYPT and "XXX" not in v)


def test_bcrypt_client_secrets_are_hashes_and_not_tokens(engine: RecognizerEngine) -> None:
    labels = _labels(engine, "client_secret", [BCRYPT] * 4)
    assert set(labels) == {"secret.password_hash"}


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("token_type", ["bearer", "bearer"]),
        ("token_status", ["disabled", "expired", "disabled"]),
        ("token_expire", ["1697638365000", "1697638365001"]),
        ("secret_key", ["XXXXXXXXXXXXXXX", "********"]),
    ],
)
def test_token_metadata_and_placeholders_are_no_tokens(
    engine: RecognizerEngine, column: str, values: list[str]
) -> None:
    assert "secret.api_token" not in _labels(engine, column, values)


@pytest.mark.parametrize(
    ("column", "values", "found"),
    [
        ("userId", ["admin", "zhangwei", "admin"], True),  # Spring OAuth approvals
        ("USER_ID_", ["kermit", "gonzo"], True),  # a workflow engine's identity links
        ("user_id", ["1", "2", "105"], False),
        (
            "user_id",
            ["e9ca23d68d884d4ebb19d07889727dae", "a1b2c3d4e5f60718293a4b5c6d7e8f90"],
            False,
        ),
    ],
)
def test_user_ids_holding_login_names_are_accounts(
    engine: RecognizerEngine, column: str, values: list[str], found: bool
) -> None:
    assert ("person.account" in _labels(engine, column, values)) is found
