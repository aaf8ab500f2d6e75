"""``dieuhanh tthc``: administrative-procedure dossiers from the command line, one subcommand per task.

dieuhanh tthc stats --input FILE.parquet --period 2021-07 [--json]
dieuhanh tthc rank  --input FILE.parquet --period 2021-07 [--groups FILE.csv] [--json]
dieuhanh tthc stats --period 2021-07 [--issuer CODE] [--json]          (the stored dossiers)
dieuhanh tthc rank  --period 2021-07 [--issuer CODE] [--json]          (groups from the registry)
dieuhanh tthc import FILE.xlsx --source NAME [--issuer CODE]
dieuhanh tthc bulletin --period 2021-07 [--issuer CODE] [--audio FILE.wav]
dieuhanh tthc report --period 2021-07 [--issuer CODE] -o FILE.docx
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dieuhanh.core.errors import DomainError
from dieuhanh.tthc import cli, queries
from dieuhanh.tthc.engine import UnitStats, unit_stats
from dieuhanh.tthc.periods import Period
from dieuhanh.tthc.ranking import GROUPS, RankingSettings, group_by_code, rank_units, rule_texts

logger = logging.getLogger("dieuhanh.tthc")

STATS_HEADERS = (
    ("unit_code", "Đơn vị"),
    ("carried_over", "Kỳ trước chuyển qua"),
    ("received", "Tiếp nhận trong kỳ"),
    ("received_online", "Trực tuyến"),
    ("resolved_early", "Trước hạn"),
    ("resolved_on_time", "Đúng hạn"),
    ("resolved_late", "Quá hạn"),
    ("pending_in_time", "Đang giải quyết trong hạn"),
    ("pending_overdue", "Đang giải quyết quá hạn"),
    ("returned_or_withdrawn", "Trả lại, rút"),
    ("on_time_rate", "Tỷ lệ đúng hạn"),
)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}%".replace(".", ",")


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    lines = [" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(lines)


def read_groups_csv(path: Path) -> dict[str, str]:
    """Read a unit_code,group file (group: departments or communes)."""
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp phân khối đơn vị: {path}.")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"unit_code", "group"} <= set(reader.fieldnames):
            raise CommandError(f"Tệp {path} cần hai cột unit_code và group.")
        mapping: dict[str, str] = {}
        for line, row in enumerate(reader, start=2):
            code, group = (row["unit_code"] or "").strip(), (row["group"] or "").strip()
            if group not in GROUPS:
                raise CommandError(
                    f"Tệp {path}, dòng {line}: khối “{group}” không hợp lệ "
                    f"(chỉ nhận {' hoặc '.join(GROUPS)})."
                )
            mapping[code] = group
    return mapping


class Command(BaseCommand):
    help = "Hồ sơ thủ tục hành chính: nhập tệp, thống kê, xếp hạng đơn vị, bản tin, báo cáo."
    # stats and rank with --input work on files only; the checks would only slow them down.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the subcommands."""
        sub = parser.add_subparsers(dest="action", metavar="{stats,rank,import,bulletin,report}")
        stats = sub.add_parser("stats", help="Thống kê hồ sơ theo đơn vị trong một kỳ.")
        self._source_arguments(stats)
        rank = sub.add_parser("rank", help="Xếp hạng đơn vị theo tỷ lệ giải quyết đúng hạn trong một kỳ.")
        self._source_arguments(rank)
        rank.add_argument(
            "--groups",
            type=Path,
            metavar="TỆP.csv",
            help="Tệp CSV unit_code,group (departments/communes); "
            "đơn vị không có trong tệp: mã 5 chữ số là xã.",
        )
        rank.add_argument(
            "--minimum", type=int, metavar="SỐ", help="Số hồ sơ đã giải quyết tối thiểu để xếp hạng."
        )
        imp = sub.add_parser("import", help="Nhập tệp CSV/XLSX xuất từ hệ thống một cửa điện tử.")
        imp.add_argument("file", metavar="TỆP", help="Tệp .csv hoặc .xlsx.")
        imp.add_argument(
            "--source", required=True, metavar="TÊN", help="Tên nguồn dữ liệu (ánh xạ cột đã lưu)."
        )
        self._issuer_argument(imp)
        news = sub.add_parser("bulletin", help="Bản tin phát thanh về kết quả giải quyết TTHC của một kỳ.")
        news.add_argument("--period", metavar="KỲ", help="Kỳ báo cáo, ví dụ 2021-07.")
        news.add_argument("--audio", metavar="TỆP.wav", help="Ghi thêm tệp âm thanh (cần espeak-ng).")
        self._issuer_argument(news)
        doc = sub.add_parser("report", help="Báo cáo kết quả giải quyết TTHC của một kỳ (DOCX).")
        doc.add_argument("--period", metavar="KỲ", help="Kỳ báo cáo, ví dụ 2021-07.")
        doc.add_argument("-o", "--output", required=True, metavar="TỆP.docx", help="Tệp báo cáo cần ghi.")
        self._issuer_argument(doc)

    @staticmethod
    def _issuer_argument(parser: CommandParser) -> None:
        parser.add_argument(
            "--issuer", metavar="MÃ", help="Mã cơ quan ban hành (khi danh mục có nhiều cơ quan)."
        )

    @staticmethod
    def _source_arguments(parser: CommandParser) -> None:
        parser.add_argument(
            "--input", type=Path, metavar="TỆP.parquet", help="Tệp Parquet dữ liệu hồ sơ (cấu trúc chuẩn)."
        )
        parser.add_argument(
            "--period",
            metavar="KỲ",
            help="Kỳ báo cáo: 2021-07, 2021-Q3, 2021, 2021-07-01 hoặc 2021-07-01..2021-07-15.",
        )
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
        parser.add_argument(
            "--issuer", metavar="MÃ", help="Mã cơ quan ban hành, khi đọc hồ sơ đã nhập (không có --input)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Dispatch to the chosen subcommand; domain errors become a CommandError with their message."""
        actions: dict[str, Callable[[dict[str, Any]], None]] = {
            "stats": self.stats,
            "rank": self.rank,
            "import": lambda o: cli.run_import(o, self.stdout, self.stderr),
            "bulletin": lambda o: cli.run_bulletin(o, self.stdout, self.stderr),
            "report": lambda o: cli.run_report(o, self.stdout),
        }
        action = options.get("action")
        if action not in actions:
            raise CommandError(
                "Chưa chọn lệnh: dieuhanh tthc stats, rank, import, bulletin hoặc report (xem --help)."
            )
        try:
            actions[action](options)
        except DomainError as exc:
            logger.info("tthc %s refused: %s", action, exc.log_message)
            raise CommandError(exc.message) from exc

    def _load(self, options: dict[str, Any]) -> tuple[Period, list[UnitStats]]:
        if not options.get("period"):
            raise CommandError("Thiếu kỳ báo cáo: thêm --period, ví dụ --period 2021-07.")
        period = Period.parse(options["period"])
        if not options.get("input"):
            issuer = cli.issuer_of(options)
            cli.require_data(issuer)
            info = queries.units_of(issuer)
            options["_names"] = {code: unit.short_name for code, unit in info.items()}
            options["_groups"] = {code: unit.group for code, unit in info.items()}
            return period, queries.period_stats(issuer, period, units=info)
        return period, unit_stats(options["input"], period)

    def stats(self, options: dict[str, Any]) -> None:
        """Per-unit statistics of one period."""
        period, rows = self._load(options)
        if options["json"]:
            self.stdout.write(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Kết quả giải quyết hồ sơ TTHC {period.title} ({len(rows)} đơn vị)")
        body = [
            [_percent(v) if name == "on_time_rate" else str(v) for name, v in r.as_dict().items()]
            for r in rows
        ]
        self.stdout.write(_table([title for _, title in STATS_HEADERS], body))

    def rank(self, options: dict[str, Any]) -> None:
        """Ranking of units in one period, departments apart from communes."""
        cfg = RankingSettings.from_mapping(getattr(settings, "DIEUHANH_TTHC_RANKING", None))
        if options.get("minimum") is not None:
            cfg = replace(cfg, minimum_resolved=options["minimum"])
        groups_file = options.get("groups")
        explicit = read_groups_csv(groups_file) if groups_file else {}
        period, rows = self._load(options)
        registry = options.get("_groups") or {}
        groups = {**group_by_code(r.unit_code for r in rows), **registry, **explicit}
        ranking = rank_units(rows, groups, cfg)
        names = options.get("_names") or {}
        if options["json"]:
            blocks = [ranking[name].as_dict() for name in GROUPS]
            for block in blocks if names else []:
                for unit in block["ranked"] + block["insufficient"]:
                    unit["name"] = names.get(unit["unit_code"], unit["unit_code"])
            payload = {"period": period.label, "rules": rule_texts(cfg), "groups": blocks}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Xếp hạng giải quyết hồ sơ TTHC {period.title}")
        for name in GROUPS:
            group = ranking[name]
            self.stdout.write(f"\n{group.title}")
            body = [
                [
                    str(u.rank),
                    names.get(u.unit_code, u.unit_code),
                    str(u.stats.resolved),
                    str(u.stats.resolved_late),
                    _percent(u.stats.on_time_rate),
                    "" if u.progress_score is None else f"{u.progress_score:g}".replace(".", ","),
                    "cần đôn đốc" if u.follow_up else "",
                ]
                for u in group.ranked
            ]
            headers = [
                "Hạng",
                "Đơn vị",
                "Đã giải quyết",
                "Quá hạn",
                "Tỷ lệ đúng hạn",
                "Điểm tiến độ",
                "Ghi chú",
            ]
            self.stdout.write(_table(headers, body))
            if group.insufficient:
                codes = ", ".join(names.get(u.unit_code, u.unit_code) for u in group.insufficient)
                self.stdout.write(f"Chưa đủ số liệu để xếp hạng: {codes}")
        self.stdout.write("\n" + "\n".join(rule_texts(cfg)))
