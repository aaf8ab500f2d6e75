"""Refusing hostile uploads before a parser sees them: oversized files, and ZIP-based office files (DOCX, XLSX)
built to harm — decompression bombs, XML entity tricks (a DTD: "billion laughs", external entities), entry names
that climb out of a folder.

Office Open XML never carries a DTD, so any ``<!DOCTYPE``/``<!ENTITY`` is refused outright. Each entry is really
decompressed (in chunks, up to a limit) rather than trusting the sizes the archive declares, which can lie.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import IO

from .errors import DomainError

MAX_ENTRIES = 5000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
# A part may be compressed this many times (XML sheets reach 20–50×); beyond it only a crafted file goes.
MAX_RATIO = 200
CHUNK = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!doctype", "<!entity")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)


def _mb(size: int) -> str:
    return f"{size // (1024 * 1024)} MB"


def check_size(size: int, limit: int, name: str) -> None:
    """Refuse a file over ``limit`` bytes, naming the limit."""
    if size > limit:
        raise DomainError(
            f"Tệp “{name}” quá lớn: tối đa {_mb(limit)}.",
            code="file_too_large",
            log_message=f"Refused upload {name!r}: {size} bytes over {limit}.",
        )


def _unsafe_name(entry: str) -> bool:
    parts = entry.replace("\\", "/").split("/")
    return (
        entry.startswith(("/", "\\"))
        or "\\" in entry
        or ".." in parts
        or (len(entry) > 1 and entry[1] == ":")
    )


def _bomb(name: str, why: str) -> DomainError:
    return DomainError(
        f"Tệp “{name}” giải nén ra quá lớn so với kích thước tệp, nghi là tệp độc hại: không nhận.",
        code="zip_bomb",
        log_message=f"Refused {name!r}: {why}.",
    )


def _has_dtd(head: bytes) -> bool:
    lowered = head.lower()
    return any(marker in lowered for marker in _DTD_MARKERS)


def check_office_zip(
    source: bytes | Path | IO[bytes], name: str, *, max_unpacked: int = MAX_UNPACKED_BYTES
) -> None:
    """Refuse a ZIP-based office file that is damaged, a decompression bomb, carries a DTD or unsafe names."""
    opened = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(opened) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise _bomb(name, f"{len(infos)} entries")
            declared = sum(i.file_size for i in infos)
            if declared > max_unpacked:
                raise _bomb(name, f"declares {declared} bytes unpacked")
            for info in infos:
                if _unsafe_name(info.filename):
                    raise DomainError(
                        f"Tệp “{name}” chứa đường dẫn bất thường ({info.filename[:80]}): không nhận.",
                        code="zip_path",
                        log_message=f"Refused {name!r}: entry name {info.filename!r}.",
                    )
                if info.file_size > CHUNK and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                    raise _bomb(
                        name, f"{info.filename} compressed {info.file_size // max(info.compress_size, 1)}x"
                    )
            total = 0
            for info in infos:
                if info.is_dir():
                    continue
                with archive.open(info) as part:
                    first = True
                    while chunk := part.read(CHUNK):
                        total += len(chunk)
                        if total > max_unpacked:
                            raise _bomb(name, f"unpacks to more than {max_unpacked} bytes")
                        if (
                            first
                            and info.filename.lower().endswith(_XML_SUFFIXES)
                            and _has_dtd(chunk[:65536])
                        ):
                            raise DomainError(
                                f"Tệp “{name}” chứa khai báo DTD/thực thể XML (không có trong tệp Office "
                                "thông thường), nghi là tệp độc hại: không nhận.",
                                code="xml_entities",
                                log_message=f"Refused {name!r}: DTD in {info.filename}.",
                            )
                        first = False
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError,
            NotImplementedError) as exc:  # fmt: skip
        raise DomainError(
            f"Tệp “{name}” hỏng, không mở được.", code="bad_zip", log_message=f"Broken ZIP {name!r}: {exc!r}"
        ) from exc
