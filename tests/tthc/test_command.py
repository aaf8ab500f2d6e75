"""The ``dieuhanh tthc`` command through call_command: output and error messages (no database)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dieuhanh.tthc.engine import OUTPUT_FIELDS, unit_stats
from dieuhanh.tthc.periods import Period

from .reference import Dossier, on, random_dossiers, to_table


@pytest.fixture(scope="module")
def parquet_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "dossiers.parquet"
    dossiers = random_dossiers(3_000, seed=7)
    pq.write_table(to_table(dossiers, {"received_at": "Asia/Ho_Chi_Minh"}), path)
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("tthc", *args, stdout=out)
    return out.getvalue()


def test_stats_json(parquet_file: Path) -> None:
    rows = json.loads(run("stats", "--input", str(parquet_file), "--period", "2024-01", "--json"))
    assert rows and all(list(row) == list(OUTPUT_FIELDS) for row in rows)
    assert [r["unit_code"] for r in rows] == sorted(r["unit_code"] for r in rows)
    assert rows == [r.as_dict() for r in unit_stats(parquet_file, Period.parse("2024-01"))]


def test_stats_table(parquet_file: Path) -> None:
    text = run("stats", "--input", str(parquet_file), "--period", "1/2024")
    assert text.startswith("Kết quả giải quyết hồ sơ TTHC tháng 1/2024")
    assert "Kỳ trước chuyển qua" in text and "%" in text


def test_rank_json_groups_by_code(parquet_file: Path) -> None:
    payload = json.loads(run("rank", "--input", str(parquet_file), "--period", "2024-01", "--json"))
    assert payload["period"] == "2024-01" and len(payload["rules"]) == 6
    communes, departments = (
        next(g for g in payload["groups"] if g["group"] == name) for name in ("communes", "departments")
    )
    assert all(len(u["unit_code"]) == 5 for u in communes["ranked"] + communes["insufficient"])
    assert all(len(u["unit_code"]) > 5 for u in departments["ranked"])
    assert departments["ranked"][0]["rank"] == 1


def test_rank_with_groups_file_and_minimum(parquet_file: Path, tmp_path: Path) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text("unit_code,group\n10000,departments\n", encoding="utf-8")
    args = ["rank", "--input", str(parquet_file), "--period", "2024-01", "--json", "--groups", str(groups)]
    payload = json.loads(run(*args, "--minimum", "100000"))
    departments = next(g for g in payload["groups"] if g["group"] == "departments")
    assert departments["ranked"] == []
    assert "10000" in [u["unit_code"] for u in departments["insufficient"]]
    text = run("rank", "--input", str(parquet_file), "--period", "2024-01")
    assert "Khối xã, phường, thị trấn" in text and "Hạng" in text


def test_rank_counts_a_single_unit(tmp_path: Path) -> None:
    path = tmp_path / "one.parquet"
    due = on("2024-01-20")
    dossiers = [
        Dossier("10001", "online", on("2024-01-05"), due, resolved_at=on(f"2024-01-{10 + i}"))
        for i in range(6)
    ]
    pq.write_table(to_table(dossiers), path)
    payload = json.loads(run("rank", "--input", str(path), "--period", "2024-01", "--json"))
    (ranked,) = next(g for g in payload["groups"] if g["group"] == "communes")["ranked"]
    assert (ranked["rank"], ranked["resolved"], ranked["on_time_rate"], ranked["progress_score"]) == (
        1,
        6,
        1.0,
        20.0,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["stats", "--input", "/nonexistent/x.parquet", "--period", "2024-01"],
            "Không tìm thấy tệp dữ liệu hồ sơ",
        ),
        (["stats", "--input", "{file}", "--period", "2024-13"], "Kỳ báo cáo không hợp lệ"),
        (["stats", "--input", "{file}"], "Thiếu kỳ báo cáo"),
        (
            ["rank", "--input", "{file}", "--period", "2024-01", "--groups", "/nonexistent.csv"],
            "Không tìm thấy tệp phân khối",
        ),
        ([], "Chưa chọn lệnh"),
    ],
)
def test_errors(parquet_file: Path, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*[a.replace("{file}", str(parquet_file)) for a in args])


def test_missing_columns_and_bad_groups(tmp_path: Path, parquet_file: Path) -> None:
    path = tmp_path / "short.parquet"
    pq.write_table(
        to_table([Dossier("10001", "online", on("2024-01-05"))]).drop_columns(["withdrawn_at"]), path
    )
    with pytest.raises(CommandError, match="thiếu cột: withdrawn_at"):
        run("stats", "--input", str(path), "--period", "2024-01", "--json")
    groups = tmp_path / "groups.csv"
    groups.write_text("unit_code,group\n10000,xa\n", encoding="utf-8")
    with pytest.raises(CommandError, match="dòng 2: khối “xa” không hợp lệ"):
        run("rank", "--input", str(parquet_file), "--period", "2024-01", "--groups", str(groups))
