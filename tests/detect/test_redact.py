"""What a screen shows of an alert's event fields: accounts and addresses masked, secrets on a
command line hidden while its shape stays, everything else as logged."""

from __future__ import annotations

import pytest

from indsec.detect.redact import shown_details, shown_value


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("User", "zhangsan", "z******n"),
        ("SourceIp", "10.20.30.40", "10.2*******"),
        ("CommandLine", "mysqldump -uroot -pS3cret plant", "mysqldump -uroot -p****** plant"),
        ("CommandLine", "mysql --password=abc db", "mysql --password=****** db"),
        ("CommandLine", "tool --api-key K1 --port 3306", "tool --api-key ****** --port 3306"),
        ("CommandLine", "curl 'https://h/x?token=T0k&a=1'", "curl 'https://h/x?token=******&a=1'"),
        ("CommandLine", "pg_dump -p 5432 -h db plant", "pg_dump -p 5432 -h db plant"),
        ("TargetFilename", "C:\\\\backup\\\\plant.bak", "C:\\\\backup\\\\plant.bak"),
        ("table", "工艺参数", "工艺参数"),
        ("rows", 5000, 5000),
    ],
)
def test_sensitive_fields_are_masked_and_the_rest_shown(
    name: str, value: object, shown: object
) -> None:
    assert shown_value(name, value) == shown


def test_every_field_is_kept_in_order() -> None:
    details = {"table": "t", "User": "li", "rows": 3}
    assert list(shown_details(details)) == ["table", "User", "rows"]
    assert "li" not in shown_details(details).values()
