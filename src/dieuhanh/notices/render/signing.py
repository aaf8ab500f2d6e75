"""PAdES signing and verification of issued notices (pyHanko).

The visible signature shows the issuing body's name and the signing time in ISO 8601, Vietnam time, in the
vendored Times-compatible font at 10 pt (the text Decree 30, Phụ lục I, II.7.d, prescribes for an agency's
electronic signature), placed over the signature space of the signature block that ``pdf.render_pdf`` left as an
empty signature field. The signature covers the whole file; ``verify_pdf`` reports whether it still does.

Keys: a PKCS#12 file here (``sign_pdf``); a PKCS#11 token through ``signing_config`` (any pyHanko ``Signer``
can be passed to ``sign_pdf_with``).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dieuhanh.vn.dates import format_short

from .fonts import font_path
from .pdf import SIGNATURE_FIELD

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
STAMP_TEXT = "Ký bởi: %(label)s\nThời gian ký: %(time)s"
STAMP_FONT_SIZE = 10
# Room for the CMS signature (certificate chain included); reserving it skips a trial signature.
SIGNATURE_BYTES = 16384
# Characters the stamp font keeps: Latin, Vietnamese letters and marks, general punctuation.
STAMP_UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x250),
    *range(0x300, 0x324),
    *range(0x1EA0, 0x1EFA),
    *range(0x2010, 0x2027),
]
# Where a new field goes when the PDF has no empty one: bottom right of the last page, in points.
FALLBACK_BOX = (330, 60, 560, 130)


class SigningError(Exception):
    """Signing failed for a reason a user can act on (message in Vietnamese)."""


@dataclass(frozen=True)
class VerifyResult:
    """What a check of a signed PDF found; ``message`` says it in Vietnamese."""

    signed: bool
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_document: bool
    signer_common_name: str | None
    signing_time: datetime | None
    message: str

    @property
    def ok(self) -> bool:
        """True when the signature is intact, valid, trusted and covers the whole file."""
        return self.signed and self.intact and self.valid and self.trusted and self.covers_whole_document

    def as_dict(self) -> dict[str, Any]:
        """The result as JSON-ready values (signing time in ISO 8601, Vietnam time)."""
        return {
            "ok": self.ok,
            "signed": self.signed,
            "intact": self.intact,
            "valid": self.valid,
            "trusted": self.trusted,
            "covers_whole_document": self.covers_whole_document,
            "signer_common_name": self.signer_common_name,
            "signing_time": iso_vn(self.signing_time) if self.signing_time else None,
            "message": self.message,
        }


def iso_vn(moment: datetime) -> str:
    """ISO 8601 time in Vietnam time with its offset: '2021-08-09T15:30:00+07:00'."""
    return moment.astimezone(VN_TZ).replace(microsecond=0).isoformat()


def sign_pdf(
    pdf_bytes: bytes,
    *,
    pkcs12_path: str | Path,
    passphrase: str | bytes | None,
    signer_label: str,
    location: str,
    reason: str,
) -> bytes:
    """Sign ``pdf_bytes`` (PAdES B-B) with the key in a PKCS#12 file; the signature is visible over the block."""
    return sign_pdf_with(
        pdf_bytes,
        load_pkcs12_signer(pkcs12_path, passphrase),
        signer_label=signer_label,
        location=location,
        reason=reason,
    )


def load_pkcs12_signer(pkcs12_path: str | Path, passphrase: str | bytes | None) -> Any:
    """A pyHanko signer from a PKCS#12 file (cached while the file is unchanged)."""
    path = Path(pkcs12_path).resolve()
    if not path.is_file():
        raise SigningError(f"Không tìm thấy tệp chứng thư số (PKCS#12): {path}")
    secret = passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase
    return _load_pkcs12(str(path), path.stat().st_mtime, secret)


@lru_cache(maxsize=4)
def _load_pkcs12(path: str, _mtime: float, passphrase: bytes | None) -> Any:
    """Decrypt a PKCS#12 file once (key derivation is deliberately slow)."""
    from pyhanko.sign import signers

    try:
        signer = signers.SimpleSigner.load_pkcs12(path, passphrase=passphrase)
    except (ValueError, TypeError) as exc:
        raise SigningError("Không mở được tệp chứng thư số: sai mật khẩu hoặc tệp hỏng.") from exc
    if signer is None:
        raise SigningError("Không mở được tệp chứng thư số: sai mật khẩu hoặc tệp hỏng.")
    return signer


def sign_pdf_with(pdf_bytes: bytes, signer: Any, *, signer_label: str, location: str, reason: str) -> bytes:
    """Sign ``pdf_bytes`` with any pyHanko ``Signer`` (PKCS#12, PKCS#11 token, remote service)."""
    try:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    except ImportError as exc:  # the stamp's Vietnamese text needs HarfBuzz
        raise SigningError("Thiếu thư viện để vẽ chữ ký: cài đặt pyhanko[opentype] (uharfbuzz).") from exc
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    except Exception as exc:
        raise SigningError("Không đọc được tệp PDF cần ký.") from exc
    field_name, new_field = _target_field(writer, fields)
    moment = datetime.now(VN_TZ).replace(microsecond=0)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        location=location,
        reason=reason,
    )
    style = TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(stamp_font_file(), font_size=STAMP_FONT_SIZE),
            leading=STAMP_FONT_SIZE + 3,
        ),
        background=None,
        border_width=1,
    )
    pdf_signer = _fixed_time_signer_class()(meta, signer=signer, stamp_style=style, new_field_spec=new_field)
    pdf_signer.signing_time = moment
    out = pdf_signer.sign_pdf(
        writer,
        bytes_reserved=SIGNATURE_BYTES,
        appearance_text_params={"label": signer_label, "time": iso_vn(moment)},
    )
    signed: bytes = out.getvalue()
    return signed


def _target_field(writer: Any, fields: Any) -> tuple[str, Any]:
    """The empty signature field to fill, or the name and spec of a new one."""
    names = []
    for name, value, _ref in fields.enumerate_sig_fields(writer):
        if value is None:
            return name, None
        names.append(name)
    name = SIGNATURE_FIELD if SIGNATURE_FIELD not in names else f"{SIGNATURE_FIELD}{len(names) + 1}"
    return name, fields.SigFieldSpec(sig_field_name=name, on_page=-1, box=FALLBACK_BOX)


@lru_cache(maxsize=1)
def stamp_font_file() -> str:
    """A Latin and Vietnamese subset of the regular face, made once per machine in the temporary directory.

    pyHanko subsets the font of the stamp at every signature; starting from 400 glyphs instead of 2,600 makes
    that fast, and the subset is rescaled to 1000 units per em (see below). The file is never distributed (the OFL reserves the font name for unmodified copies).
    """
    from fontTools import subset
    from fontTools.ttLib.scaleUpem import scale_upem

    source = font_path()
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    target = Path(tempfile.gettempdir()) / f"dieuhanh-stamp-{digest}.ttf"
    if not target.is_file():
        options = subset.Options()
        options.hinting = False
        options.drop_tables += ["FFTM", "DSIG"]
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=STAMP_UNICODES)
        subsetter.subset(font)
        # pyHanko writes glyph widths in font units where PDF expects 1/1000 em; at 1000 units per em they agree.
        scale_upem(font, 1000)
        partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        subset.save_font(font, str(partial), options)
        os.replace(partial, target)
    return str(target)


@lru_cache(maxsize=1)
def _fixed_time_signer_class() -> type:
    """A PdfSigner whose session uses one given signing time (shown in the stamp and sealed in the CMS).

    Built on first use so that importing this module does not import pyHanko (about 0.6 s).
    """
    from pyhanko.sign.signers import PdfSigner

    class FixedTimePdfSigner(PdfSigner):
        """PdfSigner with a signing time chosen by the caller."""

        signing_time: datetime | None = None

        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            """The session of the base class, with its clock set to ``signing_time``."""
            session = super().init_signing_session(pdf_out, existing_fields_only)
            if self.signing_time is not None:
                session.system_time = self.signing_time
            return session

    return FixedTimePdfSigner


# --- verification -------------------------------------------------------------------------------------------


def load_trust_roots(roots: Iterable[bytes | str | Path]) -> list[Any]:
    """Certificates (asn1crypto) from PEM/DER bytes or file paths."""
    from pyhanko.keys import load_certs_from_pemder_data

    certs: list[Any] = []
    for root in roots:
        data = root if isinstance(root, bytes) else Path(root).read_bytes()
        certs.extend(load_certs_from_pemder_data(data))
    return certs


def verify_pdf(pdf_bytes: bytes, *, trust_roots: Iterable[bytes | str | Path] = ()) -> VerifyResult:
    """Check every signature of a PDF against ``trust_roots``; report on the last one (Vietnamese message)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except Exception:
        return _result(False, message="Không đọc được tệp PDF: tệp hỏng hoặc không phải PDF.")
    if not signatures:
        return _result(False, message="Tệp PDF không có chữ ký số.")

    roots = load_trust_roots(trust_roots)
    intact = valid = trusted = True
    status = None
    for embedded in signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        try:
            status = validate_pdf_signature(embedded, signer_validation_context=context)
        except Exception:
            return _result(True, message="Chữ ký số không hợp lệ: tệp đã bị sửa đổi hoặc hỏng sau khi ký.")
        intact, valid, trusted = intact and status.intact, valid and status.valid, trusted and status.trusted
    assert status is not None
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    common_name = _common_name(status.signing_cert)
    moment = status.signer_reported_dt.astimezone(VN_TZ) if status.signer_reported_dt else None
    if not intact:
        message = "Chữ ký số không hợp lệ: nội dung văn bản đã bị thay đổi sau khi ký."
    elif not valid:
        message = "Chữ ký số không hợp lệ: giá trị chữ ký không khớp với chứng thư số."
    elif not trusted:
        message = (
            f"Chữ ký của {common_name} còn nguyên vẹn nhưng chứng thư số không được xác thực "
            "bởi tổ chức cung cấp dịch vụ chứng thực tin cậy."
        )
    elif not covers:
        message = "Văn bản đã được bổ sung nội dung sau khi ký: chữ ký không bao trùm toàn bộ tệp."
    else:
        when = f" lúc {moment:%H:%M:%S} ngày {format_short(moment.date())}" if moment else ""
        message = f"Chữ ký số hợp lệ: ký bởi {common_name}{when}; văn bản không bị thay đổi sau khi ký."
    return VerifyResult(
        signed=True,
        intact=intact,
        valid=valid,
        trusted=trusted,
        covers_whole_document=covers,
        signer_common_name=common_name,
        signing_time=moment,
        message=message,
    )


def _result(signed: bool, *, message: str) -> VerifyResult:
    """A result for a file whose signature could not be checked."""
    return VerifyResult(signed, False, False, False, False, None, None, message)


def _common_name(cert: Any) -> str | None:
    """The subject common name of an asn1crypto certificate."""
    if cert is None:
        return None
    name = cert.subject.native.get("common_name")
    return str(name) if name is not None else None
