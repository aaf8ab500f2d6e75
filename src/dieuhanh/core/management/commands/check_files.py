"""``dieuhanh check-files``: files under MEDIA_ROOT that no row names (orphans) and named files that are missing.

Files are written before the row that names them is committed, so a transaction that rolls back can leave an
orphan behind; it is never deleted automatically (content-addressed files may be shared by a concurrent upload
that is about to commit), but it is never silent either: this command lists it and exits with status 1.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import models


@dataclass
class FileReport:
    """Orphans (on disk, named by no row) and missing files (named by a row, not on disk), as relative paths."""

    orphans: list[str] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (path, "app.model#pk.field")
    referenced: int = 0
    on_disk: int = 0

    @property
    def ok(self) -> bool:
        return not self.orphans and not self.missing


def referenced_files() -> dict[str, str]:
    """Every file name a FileField of any model holds, with the first row that names it."""
    names: dict[str, str] = {}
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            rows = (
                model._default_manager.exclude(**{model_field.attname: ""})
                .exclude(**{f"{model_field.attname}__isnull": True})
                .values_list("pk", model_field.attname)
            )
            for pk, name in rows.iterator():
                names.setdefault(str(name), f"{model._meta.label_lower}#{pk}.{model_field.name}")
    return names


def check_files(media_root: Path | None = None) -> FileReport:
    """Compare the files under MEDIA_ROOT with the names the database holds."""
    root = Path(media_root or settings.MEDIA_ROOT)
    disk = (
        {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}
        if root.is_dir()
        else set()
    )
    named = referenced_files()
    return FileReport(
        orphans=sorted(disk - set(named)),
        missing=sorted((name, where) for name, where in named.items() if name not in disk),
        referenced=len(named),
        on_disk=len(disk),
    )


class Command(BaseCommand):
    help = (
        "Kiểm tra tệp: liệt kê tệp trong MEDIA_ROOT không thuộc bản ghi nào (tệp mồ côi) và tệp được bản ghi "
        "nhắc tới nhưng không có trên đĩa; thoát với mã 1 khi có."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = check_files()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "orphans": report.orphans,
                        "missing": [{"path": p, "row": w} for p, w in report.missing],
                        "referenced": report.referenced,
                        "on_disk": report.on_disk,
                    },
                    ensure_ascii=False,
                    indent=1,
                )
            )
        else:
            for name in report.orphans:
                self.stdout.write(f"Tệp mồ côi (không bản ghi nào dùng): {name}")
            for name, where in report.missing:
                self.stdout.write(f"Thiếu tệp: {name} (bản ghi {where})")
            self.stdout.write(
                f"{report.on_disk} tệp trên đĩa, {report.referenced} tệp được bản ghi dùng: "
                f"{len(report.orphans)} tệp mồ côi, {len(report.missing)} tệp thiếu."
            )
        if not report.ok:
            raise SystemExit(1)
