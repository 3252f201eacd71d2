"""One finding, one label: when a column's name points at one recognizer and its values prove it,
a look-alike that only the values' shape suggests does not stand beside it.

Cases seen on real open-source systems' schemas (an equipment management system's sign-in
tables), written here with made-up values of the same form.
"""

from __future__ import annotations

from indsec.classify.recognize.recognition import RecognizerEngine
from tests.classify.recognize.test_precision import _labels

TOKENS = ["ju6s6ho2vb63lf1vyefjhetl4t0muqdb", "zxukbygrhz39kclzxss9p5yc00r98sco"]


def test_a_password_of_six_digits_is_no_postcode(engine: RecognizerEngine) -> None:
    labels = _labels(engine, "password", ["123456", "654321"])
    assert set(labels) == {"secret.password_plaintext"}


def test_a_postcode_column_still_holds_postcodes(engine: RecognizerEngine) -> None:
    assert "cn.postcode" in _labels(engine, "zip_code", ["100080", "200120"])
    assert "cn.postcode" in _labels(engine, "remark_code", ["100080", "200120", "310000"])


def test_a_token_column_commented_password_holds_tokens(engine: RecognizerEngine) -> None:
    """The generator's comment on ``token`` says 密码; the values are random tokens."""
    labels = _labels(engine, "token", TOKENS, comment="密码")
    assert set(labels) == {"secret.api_token"}


def test_a_password_column_keeps_its_passwords(engine: RecognizerEngine) -> None:
    labels = _labels(engine, "mima", ["123456", "admin123"], comment="密码")
    assert set(labels) == {"secret.password_plaintext"}


def test_a_name_with_no_value_pattern_leaves_the_values_to_speak(engine: RecognizerEngine) -> None:
    """``customer_name`` points at biz.customer, which has no value pattern: the company names
    in it are still organisations."""
    values = ["华东精工装备制造有限公司", "苏州恒力机械有限公司", "无锡新材料科技股份有限公司"]
    labels = _labels(engine, "customer_name", values)
    assert {"biz.customer", "org.name"} <= set(labels)
