"""Writes of the TTHC app: import sources, imports (queued, run, recorded), procedures' time limits,
publication of a period on the portal and follow-up directives to units with many late dossiers.

Each write checks who asks (``dieuhanh.org.rules``) and what state things are in, is one transaction, leaves an
audit event and refuses with a Vietnamese message. An import's long work (reading and merging millions of rows)
runs outside any transaction; only its outcome is recorded in one.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError, NotFound, PermissionDenied
from dieuhanh.org.models import Person, Role, Unit
from dieuhanh.vn.text import slug

from . import conf, queries
from .columns import clean_mapping
from .formats import num
from .importer import Outcome, import_dossiers
from .models import FollowUp, ImportJob, ImportSource, JobStatus, Procedure, Publication
from .periods import Period

logger = logging.getLogger("dieuhanh.tthc")
PROGRESS_EVERY_S = 0.5
PROGRESS_SCALE = 1000


def require(actor: Any, perm: str, issuer: Unit, message: str | None = None) -> None:
    """Refuse unless ``actor`` (None = the system itself: CLI, demo) has ``perm`` on ``issuer``."""
    if actor is None:
        return
    if not actor.has_perm(perm, issuer):
        raise PermissionDenied(message or "Bạn không có quyền thực hiện thao tác này với số liệu TTHC.")


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# --- sources and procedures -----------------------------------------------------------------------------


@transaction.atomic
def save_import_source(
    *,
    actor: Any,
    issuer: Unit,
    name: str,
    mapping: Mapping[str, Any] | None = None,
    default_unit: Unit | None = None,
) -> ImportSource:
    """Create or change an import source and its column mapping (empty = the common Vietnamese headers)."""
    require(actor, "tthc.import", issuer, "Chỉ Văn phòng quản lý nguồn dữ liệu hồ sơ.")
    name = " ".join(name.split())
    if not name:
        raise DomainError("Tên nguồn dữ liệu không được để trống.", code="source_name_missing")
    if (
        default_unit is not None
        and default_unit.issuing_body.pk != issuer.pk
        and default_unit.pk != issuer.pk
    ):
        raise DomainError("Đơn vị mặc định phải thuộc danh mục của cơ quan.", code="source_unit_other_issuer")
    cleaned = clean_mapping(mapping or {})
    source = ImportSource.objects.select_for_update().filter(issuer=issuer, name=name).first()
    before = audit.snapshot(source, ["mapping", "default_unit_id"]) if source else None
    if source is None:
        source = ImportSource.objects.create(
            issuer=issuer, name=name, mapping=cleaned, default_unit=default_unit
        )
    else:
        source.mapping, source.default_unit = cleaned, default_unit
        source.save(update_fields=["mapping", "default_unit", "updated_at"])
    audit.record(
        actor=actor,
        action="tthc.source.save",
        obj=source,
        before=before,
        after=audit.snapshot(source, ["mapping", "default_unit_id"]),
    )
    return source


def source_named(*, actor: Any, issuer: Unit, name: str, create: bool = True) -> ImportSource:
    """The issuing body's source called ``name``.

    When there is none and ``create`` is set, a new source with the default mapping is returned *unsaved*:
    ``start_import`` queues the job with its name only, and the source is registered when that import
    succeeds, so a refused file registers nothing.
    """
    name = " ".join(name.split())
    if not name:
        raise DomainError("Tên nguồn dữ liệu không được để trống.", code="source_name_missing")
    if len(name) > ImportSource._meta.get_field("name").max_length:  # type: ignore[operator]
        raise DomainError("Tên nguồn dữ liệu dài quá 100 ký tự.", code="source_name_too_long")
    source = ImportSource.objects.filter(issuer=issuer, name=name).first()
    if source is not None:
        return source
    if not create:
        raise NotFound(f"Chưa có nguồn dữ liệu “{name}”.")
    return ImportSource(issuer=issuer, name=name, mapping={})


def _register_source(job: ImportJob) -> None:
    """Register the new source a successful import was queued with (or join one made meanwhile)."""
    source, created = ImportSource.objects.get_or_create(issuer=job.issuer, name=job.source_name)
    job.source = source
    if created:
        audit.record(
            actor=job.created_by,
            action="tthc.source.save",
            obj=source,
            after=audit.snapshot(source, ["mapping", "default_unit_id"]),
            message=f"Nguồn mới từ lần nhập {job.pk}",
        )


@transaction.atomic
def save_procedure(
    *, actor: Any, issuer: Unit, code: str, name: str = "", field: str = "", time_limit: int | None = None
) -> Procedure:
    """Create or change a procedure of the catalogue with its time limit (working days)."""
    require(actor, "tthc.import", issuer, "Chỉ Văn phòng cập nhật danh mục thủ tục hành chính.")
    code = code.strip()
    if not code:
        raise DomainError("Mã thủ tục không được để trống.", code="procedure_code_missing")
    if time_limit is not None and not 0 <= time_limit <= 365:
        raise DomainError("Thời hạn giải quyết phải từ 0 đến 365 ngày làm việc.", code="bad_time_limit")
    procedure, _ = Procedure.objects.update_or_create(
        code=code,
        defaults={
            "name": " ".join(name.split()),
            "field": " ".join(field.split()),
            "time_limit_working_days": time_limit,
        },
    )
    audit.record(actor=actor, action="tthc.procedure.save", obj=procedure, after=audit.snapshot(procedure))
    return procedure


def _catalogue(procedures: list[tuple[str, str, str]]) -> int:
    """Add the procedures an import named that the catalogue lacks (without a time limit); fill empty names."""
    known = {p.code: p for p in Procedure.objects.filter(code__in=[c for c, _, _ in procedures])}
    new = [Procedure(code=c, name=n[:500], field=f[:200]) for c, n, f in procedures if c not in known]
    Procedure.objects.bulk_create(new, batch_size=1000)
    for code, name, field in procedures:
        current = known.get(code)
        if current is not None and ((name and not current.name) or (field and not current.field)):
            current.name, current.field = current.name or name[:500], current.field or field[:200]
            current.save(update_fields=["name", "field", "updated_at"])
    return len(new)


# --- imports ----------------------------------------------------------------------------------------------


@transaction.atomic
def start_import(
    *,
    actor: Any,
    issuer: Unit,
    source: ImportSource,
    filename: str,
    data: IO[bytes] | Path,
    keep_file: bool = False,
) -> ImportJob:
    """Queue the import of a file: it is copied next to the datasets (unless ``keep_file``) and a job made."""
    require(actor, "tthc.import", issuer, "Chỉ Văn phòng nhập dữ liệu hồ sơ TTHC.")
    if source.issuer_id != issuer.pk:  # an unsaved new source carries its issuer too
        raise DomainError("Nguồn dữ liệu không thuộc cơ quan này.", code="source_other_issuer")
    name = Path(filename).name
    if not name.lower().endswith((".csv", ".xlsx", ".txt", ".xlsm")):
        raise DomainError("Chỉ nhận tệp .csv hoặc .xlsx.", code="bad_file_type")
    job = ImportJob.objects.create(
        issuer=issuer,
        source=source if source.pk is not None else None,
        source_name=source.name,
        filename=name[:255],
        created_by=_user(actor),
        phase="Đang chờ",
    )
    if isinstance(data, Path) and keep_file:
        if not data.is_file():
            raise DomainError(f"Không tìm thấy tệp {data}.", code="file_not_found")
        job.path = str(data.resolve())
    else:
        target = conf.upload_dir() / f"job-{job.pk}-{slug(Path(name).stem)[:60]}{Path(name).suffix.lower()}"
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
            with target.open("wb") as out:
                shutil.copyfileobj(data, out, length=1 << 20)
        job.path = str(target)
    job.save(update_fields=["path"])
    audit.record(
        actor=actor, action="tthc.import.start", obj=job, after={"file": name, "source": source.name}
    )
    return job


def _progress_writer(
    job: ImportJob, echo: Callable[[str, float], None] | None
) -> Callable[[str, float], None]:
    last = [0.0]

    def write(phase: str, fraction: float) -> None:
        if echo is not None:
            echo(phase, fraction)
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S or fraction >= 1.0:
            last[0] = now
            ImportJob.objects.filter(pk=job.pk).update(
                phase=phase[:100], done_units=int(fraction * PROGRESS_SCALE), total_units=PROGRESS_SCALE
            )

    return write


@transaction.atomic
def _record(
    job: ImportJob, outcome: Outcome | None, error: DomainError | None, failure: str = ""
) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    job.finished_at = timezone.now()
    if outcome is not None and not outcome.refused:
        added = _catalogue(outcome.procedures)
        if job.source_id is None:
            _register_source(job)
        job.status, job.phase = JobStatus.DONE, "Xong"
        job.rows, job.inserted, job.updated = outcome.rows, outcome.inserted, outcome.updated
        job.message = (
            f"Đã nhập {num(outcome.rows)} hồ sơ: {num(outcome.inserted)} mới, {num(outcome.updated)} cập nhật"
            f"{f'; thêm {added} thủ tục vào danh mục' if added else ''}."
        )
    elif outcome is not None:
        job.status, job.phase = JobStatus.REFUSED, "Có lỗi"
        job.rows, job.error_count = outcome.rows, outcome.error_count
        job.errors = [e.as_dict() for e in outcome.errors]
        shown = len(outcome.errors)
        job.message = (
            f"Tệp có {num(outcome.error_count)} lỗi: chưa nhập hồ sơ nào. Hãy sửa các dòng dưới đây rồi nhập lại"
            f"{f' (liệt kê {num(shown)} lỗi đầu tiên)' if shown < outcome.error_count else ''}."
        )
    else:
        job.status = JobStatus.REFUSED if error is not None else JobStatus.FAILED
        job.phase = "Không nhập được"
        job.message = error.message if error is not None else failure
    job.save()
    audit.record(
        actor=job.created_by,
        action="tthc.import.finish",
        obj=job,
        succeeded=job.status == JobStatus.DONE,
        after={
            "status": job.status,
            "rows": job.rows,
            "inserted": job.inserted,
            "updated": job.updated,
            "errors": job.error_count,
        },
        message=job.message[:500],
    )
    return job


def run_import(job_id: int, *, progress: Callable[[str, float], None] | None = None) -> ImportJob:
    """Run a queued import to its end and record the outcome (done, refused with every bad row, or failed)."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(of=("self",))
            .select_related("issuer", "source__default_unit")
            .get(pk=job_id)
        )
        if job.status != JobStatus.QUEUED:
            raise DomainError("Lần nhập này đã chạy rồi.", code="job_not_queued")
        job.status, job.started_at, job.phase = JobStatus.RUNNING, timezone.now(), "Bắt đầu"
        job.save(update_fields=["status", "started_at", "phase"])
    path = Path(job.path)
    try:
        outcome = import_dossiers(
            path=path,
            filename=job.filename,
            issuer=job.issuer,
            source=job.source or ImportSource(issuer=job.issuer, name=job.source_name, mapping={}),
            progress=_progress_writer(job, progress),
        )
        return _record(job, outcome, None)
    except DomainError as exc:
        logger.info("tthc import %s refused: %s", job.pk, exc.log_message)
        return _record(job, None, exc)
    except Exception:
        logger.exception("tthc import %s failed", job.pk)
        return _record(
            job, None, None, "Lỗi hệ thống khi nhập tệp; hãy báo quản trị viên (xem nhật ký máy chủ)."
        )
    finally:
        if path.parent == conf.upload_dir() and path.name.startswith("job-"):
            path.unlink(missing_ok=True)


def import_file(
    *,
    actor: Any,
    issuer: Unit,
    source_name: str,
    path: Path,
    progress: Callable[[str, float], None] | None = None,
) -> ImportJob:
    """Import a file at once (the CLI): the job is recorded like a web import; the file is read where it is."""
    source = source_named(actor=actor, issuer=issuer, name=source_name)
    job = start_import(
        actor=actor, issuer=issuer, source=source, filename=path.name, data=path, keep_file=True
    )
    return run_import(job.pk, progress=progress)


# --- publication and follow-up ----------------------------------------------------------------------------


@transaction.atomic
def publish_period(*, actor: Any, issuer: Unit, period: Period) -> Publication:
    """Publish (or publish again) a period's figures and rankings on the portal, as they are now."""
    require(actor, "tthc.publish", issuer, "Chỉ Văn phòng công khai kết quả giải quyết TTHC.")
    if period.last_day >= timezone.localdate():
        raise DomainError(
            f"Kỳ {period.title} chưa kết thúc: chỉ công khai kỳ đã qua.", code="period_not_over"
        )
    snap = queries.snapshot(issuer, period)
    if not snap["totals"]["processed"]:
        raise DomainError(
            f"Chưa có hồ sơ nào trong kỳ {period.title} để công khai.", code="nothing_to_publish"
        )
    publication, created = Publication.objects.update_or_create(
        issuer=issuer,
        period=period.label,
        defaults={"snapshot": snap, "published_at": timezone.now(), "published_by": _user(actor)},
    )
    audit.record(
        actor=actor,
        action="tthc.publish" if created else "tthc.republish",
        obj=publication,
        after={"period": period.label, "units": len(snap["units"]), "processed": snap["totals"]["processed"]},
    )
    return publication


def _leader(issuer: Unit) -> Person:
    for role in (Role.CHAIR, Role.VICE_CHAIR):
        person = Person.objects.filter(unit=issuer, role=role, is_active=True).order_by("pk").first()
        if person is not None:
            return person
    raise DomainError(
        "Chưa có Chủ tịch hoặc Phó Chủ tịch trong danh mục cán bộ để ký chỉ đạo.", code="no_leader"
    )


def follow_up_text(unit_name: str, period: Period, row: Mapping[str, Any]) -> str:
    """The directive's wording for a unit with many late dossiers (figures of the period in brackets)."""
    late = f"{(row['late_rate'] or 0) * 100:.1f}".replace(".", ",")
    return (
        f"Yêu cầu {unit_name} khắc phục ngay tình trạng giải quyết hồ sơ TTHC chậm hạn ({period.title}: tỷ lệ hồ sơ quá "
        f"hạn {late}%, {row['resolved_late']} hồ sơ giải quyết quá hạn, {row['pending_overdue']} hồ sơ đang "
        "giải quyết quá hạn), không để tình trạng này kéo dài; báo cáo kết quả khắc phục về Văn phòng."
    )


@transaction.atomic
def create_follow_up(
    *, actor: Any, issuer: Unit, period: Period, unit: Unit, on: dt.date | None = None
) -> FollowUp:
    """Require a unit flagged for follow-up in ``period`` to remedy its late dossiers (a directive, once)."""
    from dieuhanh.directives.models import DirectiveKind, Verb
    from dieuhanh.directives.services import create_directive

    require(actor, "tthc.follow_up", issuer, "Chỉ Văn phòng giao nhiệm vụ khắc phục hồ sơ chậm hạn.")
    existing = FollowUp.objects.filter(issuer=issuer, period=period.label, unit=unit).first()
    if existing is not None:
        raise DomainError(
            f"Đã yêu cầu {unit.display_short} khắc phục tình trạng chậm hạn {period.title}.",
            code="follow_up_exists",
        )
    row = next((u for u in queries.snapshot(issuer, period)["units"] if u["unit_code"] == unit.code), None)
    if row is None or not row["follow_up"]:
        raise DomainError(
            f"{unit.display_short} không thuộc diện cần đôn đốc {period.title} (tỷ lệ quá hạn chưa vượt ngưỡng).",
            code="not_flagged",
        )
    day = on or timezone.localdate()
    directive = create_directive(
        actor=actor,
        issuer=issuer,
        leader=_leader(issuer),
        text=follow_up_text(unit.short_name or unit.name, period, row),
        lead=[unit],
        document_date=day,
        summary=f"Kết quả giải quyết TTHC {period.title}",
        deadline=day + dt.timedelta(days=conf.follow_up_days()),
        kind=DirectiveKind.REQUIREMENT,
        verb=Verb.REQUIRE,
    )
    follow_up = FollowUp.objects.create(
        issuer=issuer, period=period.label, unit=unit, directive=directive, late_rate=row["late_rate"] or 0,
        created_by=_user(actor),
    )  # fmt: skip
    audit.record(
        actor=actor,
        action="tthc.follow_up",
        obj=follow_up,
        after={
            "unit": unit.code,
            "period": period.label,
            "directive": directive.pk,
            "late_rate": row["late_rate"],
        },
    )
    return follow_up
