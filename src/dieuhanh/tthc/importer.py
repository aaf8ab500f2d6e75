"""One import of a one-stop system's export: read, check every row, and merge into the stored dataset.

All or nothing: when any row is bad nothing is stored and every bad row is reported (row, column, reason).
The caller (``services.run_import``) records the outcome; this module only reads the registry and the
procedure catalogue.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from dieuhanh.core.errors import DomainError
from dieuhanh.org.models import Unit
from dieuhanh.org.resolver import resolve
from dieuhanh.vn.text import fold

from . import conf, store
from .columns import find_header
from .models import ImportSource, Procedure
from .normalise import RowError, Staging, UnitMatch
from .reader import Sheet
from .workdays import add_working_days

Progress = Callable[[str, float], None]
# Shares of the progress bar: opening a workbook (calamine parses it whole first), reading rows, checking.
OPEN_SHARE, READ_SHARE, CHECK_SHARE = 0.4, 0.7, 0.15


@dataclass
class Outcome:
    """What an import did, or why it stored nothing."""

    rows: int = 0
    inserted: int = 0
    updated: int = 0
    total: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    procedures: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """True when bad rows kept the file out."""
        return self.error_count > 0


def _registry(issuer: Unit) -> list[Unit]:
    return list(Unit.objects.filter(Q(pk=issuer.pk) | Q(issuer=issuer)).prefetch_related("aliases"))


def resolve_units(issuer: Unit, values: Iterable[str]) -> dict[str, UnitMatch]:
    """What each distinct unit cell names: a code, a name or an alias of a unit of ``issuer``'s registry."""
    units = _registry(issuer)
    exact: dict[str, set[str]] = {}
    for unit in units:
        texts = [
            unit.code,
            unit.name,
            unit.short_name,
            unit.admin_code,
            *[a.text for a in unit.aliases.all()],
        ]
        for text in texts:
            if text:
                exact.setdefault(fold(text), set()).add(unit.code)
    names = {u.code: u.name for u in units}
    known = set(names)
    result: dict[str, UnitMatch] = {}
    for value in values:
        key = fold(value)
        # Excel drops the leading zero of commune codes ("8800" for "08800").
        codes = exact.get(key) or (exact.get(key.zfill(5)) if key.isdigit() else None)
        if not codes:
            resolution = resolve(value, issuer)
            matched = {m.unit.code for m in resolution.matches if m.unit is not None and m.unit.code in known}
            grouped = any(m.unit is None for m in resolution.matches)
            codes = matched if matched and not grouped and not resolution.unmatched else set()
            if not codes:
                hint = "; ".join(s.name for s in resolution.suggestions[:3])
                problem = f"Không có đơn vị “{value}” trong danh mục của {issuer.display_short}." + (
                    f" Có phải: {hint}?" if hint else " Hãy ghi mã đơn vị hoặc thêm tên gọi khác cho đơn vị."
                )
                result[value] = UnitMatch(None, problem)
                continue
        if len(codes) > 1:
            listed = "; ".join(sorted(names[c] for c in codes))
            result[value] = UnitMatch(None, f"“{value}” ứng với nhiều đơn vị ({listed}): hãy ghi mã đơn vị.")
            continue
        result[value] = UnitMatch(next(iter(codes)))
    return result


def time_limits(codes: Iterable[str] | None = None) -> dict[str, int]:
    """Procedure code -> time limit in working days, for the procedures that have one."""
    rows = Procedure.objects.filter(time_limit_working_days__isnull=False)
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    return {
        code: int(days)
        for code, days in rows.values_list("code", "time_limit_working_days")
        if days is not None
    }


def import_dossiers(
    *, path: Path, filename: str, issuer: Unit, source: ImportSource, progress: Progress | None = None
) -> Outcome:
    """Read ``path`` with ``source``'s mapping, check it and merge it into ``issuer``'s dataset."""

    def report(phase: str, fraction: float) -> None:
        if progress is not None:
            progress(phase, min(max(fraction, 0.0), 1.0))

    default_unit = source.default_unit.code if source.default_unit_id else None  # type: ignore[union-attr]
    workdir = Path(tempfile.mkdtemp(prefix="import-", dir=conf.upload_dir()))
    staging = Staging(workdir)
    try:
        report("Mở tệp", 0.0)
        sheet = Sheet(path, filename, waiting=lambda done: report("Mở tệp Excel", OPEN_SHARE * done))
        header = find_header(sheet.head, source.mapping or {}, unit_optional=default_unit is not None)
        start = OPEN_SHARE if sheet.is_xlsx else 0.0
        for chunk in sheet.chunks(header.row, header.positions):
            staging.append(chunk)
            done = start + (READ_SHARE - start) * sheet.fraction_done
            report(f"Đọc tệp: {staging.rows:,} dòng".replace(",", "."), done)
        report("Kiểm tra dữ liệu", READ_SHARE)
        if not staging.rows or not staging.prepare(
            resolve_units(issuer, staging.distinct("unit")), default_unit
        ):
            raise DomainError("Tệp không có dòng hồ sơ nào dưới dòng tiêu đề.", code="no_rows")
        errors, count = staging.errors(
            header, unit_optional=default_unit is not None, limit=conf.max_reported_errors()
        )
        if count:
            return Outcome(rows=staging.rows, errors=errors, error_count=count)
        procedures = staging.procedures()
        limits = time_limits(code for code, _, _ in procedures)
        due_days = {(day, n): add_working_days(day, n) for day, n in staging.due_pairs(limits)}
        report("Ghi dữ liệu", READ_SHARE + CHECK_SHARE)
        new_rows = workdir / "new.parquet"
        written = staging.write(
            new_rows, time_limits=limits, due_days=due_days, source=source.name, imported_at=timezone.now()
        )
        dataset = store.dataset_path(conf.data_dir(), issuer.code)
        with store.locked(dataset.parent):
            merged = store.upsert(dataset, new_rows)
        report("Xong", 1.0)
        return Outcome(
            rows=written,
            inserted=merged.inserted,
            updated=merged.updated,
            total=merged.total,
            procedures=procedures,
        )
    finally:
        staging.close()
        shutil.rmtree(workdir, ignore_errors=True)
