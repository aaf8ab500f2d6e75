"""Files units attach as evidence: judged by their bytes (not their names), size-limited, stored by SHA-256."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import ContentFile

from dieuhanh.core.errors import DomainError
from dieuhanh.core.uploads import check_office_zip

from . import conf
from .models import Attachment, ProgressReport, WrittenInstruction

MAX_FILES = 10
# ZIP-based office formats, told apart by the part only they contain.
_ZIP_KINDS = (
    ("word/document.xml", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/workbook.xml", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (
        "ppt/presentation.xml",
        ".pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
)
ACCEPTED = "PDF, DOCX, XLSX, PPTX, ODT, JPEG, PNG"


@dataclass(frozen=True)
class Upload:
    """A file to attach: its name as the user sent it and its bytes."""

    name: str
    data: bytes


def read_upload(name: str, stream: IO[bytes]) -> Upload:
    """Read an uploaded file, refusing it as soon as it is larger than the limit."""
    limit = conf.max_attachment_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise DomainError(
            f"Tệp “{name}” quá lớn: tối đa {limit // (1024 * 1024)} MB.",
            code="file_too_large",
            log_message=f"Refused upload {name!r}: over {limit} bytes.",
        )
    return Upload(name=(name or "tep").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255], data=data)


def _zip_kind(data: bytes, name: str) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            unpacked = sum(i.file_size for i in infos)
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise DomainError(f"Tệp “{name}” hỏng, không mở được.", code="bad_file") from exc
    if unpacked > 20 * conf.max_attachment_bytes():
        raise DomainError(f"Tệp “{name}” giải nén quá lớn, nghi là tệp độc hại.", code="zip_bomb")
    check_office_zip(data, name)  # bombs that lie about their sizes, DTDs, climbing entry names
    for part, extension, content_type in _ZIP_KINDS:
        if part in names:
            return extension, content_type
    if mimetype == b"application/vnd.oasis.opendocument.text":
        return ".odt", mimetype.decode()
    raise DomainError(f"Tệp “{name}” là tệp nén: chỉ nhận {ACCEPTED}.", code="bad_file_type")


def sniff(data: bytes, name: str) -> tuple[str, str]:
    """(extension, content type) judged by the file's bytes; anything not accepted is refused."""
    if not data:
        raise DomainError(f"Tệp “{name}” rỗng.", code="empty_file")
    if data.startswith(b"%PDF-"):
        return ".pdf", "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png", "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg", "image/jpeg"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data, name)
    raise DomainError(
        f"Tệp “{name}” không đúng định dạng được nhận ({ACCEPTED}): nội dung tệp không khớp.",
        code="bad_file_type",
        log_message=f"Refused upload {name!r}: unrecognised content.",
    )


def check_all(uploads: Iterable[Upload]) -> list[tuple[Upload, str, str]]:
    """Sniff every upload before anything is written, so one bad file refuses the whole report."""
    checked = [(u, *sniff(u.data, u.name)) for u in uploads]
    if len(checked) > MAX_FILES:
        raise DomainError(f"Mỗi báo cáo đính kèm tối đa {MAX_FILES} tệp.", code="too_many_files")
    return checked


def store(
    checked: Iterable[tuple[Upload, str, str]],
    *,
    actor: Any,
    report: ProgressReport | None = None,
    instruction: WrittenInstruction | None = None,
) -> list[Attachment]:
    """Save checked uploads; identical content is stored once on disk, whoever attaches it."""
    saved: list[Attachment] = []
    for upload, extension, content_type in checked:
        digest = hashlib.sha256(upload.data).hexdigest()
        attachment = Attachment(
            report=report,
            instruction=instruction,
            original_name=upload.name,
            extension=extension,
            content_type=content_type,
            size=len(upload.data),
            sha256=digest,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        existing = Attachment.objects.filter(sha256=digest).exclude(file="").first()
        if existing is not None and existing.file.storage.exists(existing.file.name):
            attachment.file.name = existing.file.name
        else:
            attachment.file.save(f"{digest}{extension}", ContentFile(upload.data), save=False)
        attachment.save()
        saved.append(attachment)
    return saved
