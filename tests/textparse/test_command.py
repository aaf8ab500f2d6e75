"""The ``dieuhanh notice parse`` command."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from dieuhanh.textparse import parse_file
from dieuhanh.textparse.legacy import encode_vni

from .helpers import SAMPLES

SAMPLE = SAMPLES / "huyen_thuong_ky.txt"


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("notice", "parse", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_output_is_the_parsed_document() -> None:
    out, _ = _run(str(SAMPLE), "--json")
    assert json.loads(out) == parse_file(SAMPLE).document


def test_default_output_is_a_vietnamese_summary() -> None:
    out, _ = _run(str(SAMPLE))
    assert "Số, ký hiệu: 112/TB-UBND" in out
    assert "Nhiệm vụ (7):" in out


def test_verbose_reports_the_encoding_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "vni.txt"
    path.write_bytes(encode_vni(SAMPLE.read_text(encoding="utf-8")))
    out, err = _run(str(path), "--json", "--verbose")
    assert "bảng mã: vni" in err
    assert json.loads(out)["number"] == "112/TB-UBND"


def test_unreadable_file_is_a_command_error_in_vietnamese(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="tệp không tồn tại"):
        _run(str(tmp_path / "missing.txt"))


@pytest.mark.django_db
def test_issuer_adds_registry_codes(demo: dict[str, int]) -> None:
    out, _ = _run(str(SAMPLES / "huyen_thuong_ky.txt"), "--json", "--issuer", "253")
    document: dict[str, Any] = json.loads(out)
    first = document["directives"][0]["assignees"][0]
    assert first["name"] == "Văn phòng HĐND và UBND"
    assert first["code"] == "253-VP"
    communes = document["directives"][-1]["assignees"][-1]
    assert communes["group"] == "communes"
    assert communes["codes"] and all(isinstance(code, str) for code in communes["codes"])


@pytest.mark.django_db
def test_unknown_issuer_is_a_command_error(demo: dict[str, int]) -> None:
    with pytest.raises(CommandError, match="Không có cơ quan ban hành"):
        _run(str(SAMPLE), "--json", "--issuer", "no-such-code")
