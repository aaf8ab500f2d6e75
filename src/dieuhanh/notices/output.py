"""Laying out a stored notice and producing its files: DOCX, PDF, and the signed PDF."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.conf import settings

from .drafting import PURPOSE_NOTES
from .models import Notice

logger = logging.getLogger("dieuhanh.notices")


def issuing_body_lines(name: str) -> tuple[str, ...]:
    """'Ủy ban nhân dân huyện Sông Lô' -> ('ỦY BAN NHÂN DÂN', 'HUYỆN SÔNG LÔ'), as the header prints it."""
    upper = name.upper()
    for head in ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
        if upper.startswith(head + " "):
            return (head, upper[len(head) + 1 :])
    return (upper,)


def layout_for(notice: Notice) -> Any:
    """The notice's NoticeLayout (header, paragraphs, recipients, signature)."""
    from .render.layout import NoticeLayout, Paragraph, Run, Signature

    paragraphs = tuple(
        Paragraph(
            par.get("style", "body"),
            tuple(Run(r["text"], bold=bool(r.get("bold")), italic=bool(r.get("italic"))) for r in par["runs"]),
        )
        for par in notice.body
    )
    recipients = tuple(f"{r['name']}{PURPOSE_NOTES.get(r.get('purpose') or '', '')}" for r in notice.recipients)
    return NoticeLayout(
        issuing_body=issuing_body_lines(notice.issuer.name),
        title=notice.title,
        paragraphs=paragraphs,
        signature=Signature(authority=notice.signer_authority, title=notice.signer_title, name=notice.signer_name),
        recipients=recipients,
        number=notice.number_symbol or None,
        symbol=notice.symbol or "TB-UBND",
        place=notice.place,
        issued_on=notice.issued_on,
        year=notice.year,
    )


def signing_credentials() -> tuple[Path, bytes | None, list[Path]] | None:
    """(PKCS#12 file, passphrase, trust roots) from settings, or the demo certificate when one was made."""
    configured = getattr(settings, "DIEUHANH_SIGNING_PKCS12", "")
    if configured:
        passphrase = getattr(settings, "DIEUHANH_SIGNING_PASSPHRASE", "")
        return Path(configured), passphrase.encode() if passphrase else None, []
    demo = Path(settings.DATA_DIR) / "signing"
    if (demo / "signer.p12").exists():
        return demo / "signer.p12", (demo / "passphrase.txt").read_bytes().strip() or None, [demo / "ca.pem"]
    return None


def render_issued(notice: Notice) -> dict[str, tuple[str, bytes]]:
    """The issued notice's DOCX and (signed when a certificate is set up) PDF, as (file name, bytes)."""
    from .render.docx import render_docx
    from .render.pdf import render_pdf

    layout = layout_for(notice)
    stem = f"{notice.doc_type.lower()}-{notice.number:02d}-{notice.year}" if notice.number else "du-thao"
    pdf = render_pdf(layout)
    credentials = signing_credentials()
    if credentials is not None:
        from .render.signing import sign_pdf

        p12, passphrase, _roots = credentials
        pdf = sign_pdf(
            pdf,
            pkcs12_path=p12,
            passphrase=passphrase,
            signer_label=notice.issuer.name,
            location=notice.place,
            reason=f"Ban hành {notice.doc_type} số {notice.number_symbol}",
        )
    else:
        logger.warning("No signing certificate configured; notice %s issued with an unsigned PDF", notice.pk)
    return {"docx_file": (f"{stem}.docx", render_docx(layout)), "pdf_file": (f"{stem}.pdf", pdf)}
