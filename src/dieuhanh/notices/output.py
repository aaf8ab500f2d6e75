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
            tuple(
                Run(r["text"], bold=bool(r.get("bold")), italic=bool(r.get("italic"))) for r in par["runs"]
            ),
        )
        for par in notice.body
    )
    recipients = tuple(
        f"{r['name']}{PURPOSE_NOTES.get(r.get('purpose') or '', '')}" for r in notice.recipients
    )
    return NoticeLayout(
        issuing_body=issuing_body_lines(notice.issuer.name),
        title=notice.title,
        paragraphs=paragraphs,
        signature=Signature(
            authority=notice.signer_authority, title=notice.signer_title, name=notice.signer_name
        ),
        recipients=recipients,
        number=notice.number_symbol or None,
        symbol=notice.symbol or "TB-UBND",
        place=notice.place,
        issued_on=notice.issued_on,
        year=notice.year,
    )


def signing_config() -> Any:
    """The signing configuration from settings; otherwise the demo certificate when one was made; else None."""
    from .render.signing_config import SigningConfig

    config = SigningConfig.from_settings()
    if config.pkcs12_path is not None or config.pkcs11_module:
        return config
    demo = Path(settings.DATA_DIR) / "signing"
    if (demo / "signer.p12").exists():
        passphrase_file = demo / "passphrase.txt"
        passphrase = passphrase_file.read_text(encoding="utf-8").strip() if passphrase_file.exists() else None
        return SigningConfig(
            pkcs12_path=demo / "signer.p12", passphrase=passphrase, trust_roots=(demo / "ca.pem",)
        )
    return None


def render_issued(notice: Notice) -> dict[str, tuple[str, bytes]]:
    """The issued notice's DOCX and (signed when a certificate is set up) PDF, as (file name, bytes)."""
    from .render.docx import render_docx
    from .render.pdf import render_pdf

    layout = layout_for(notice)
    stem = f"{notice.doc_type.lower()}-{notice.number:02d}-{notice.year}" if notice.number else "du-thao"
    pdf = render_pdf(layout)
    config = signing_config()
    if config is not None:
        from .render.signing_config import sign_pdf_configured

        pdf = sign_pdf_configured(
            pdf,
            signer_label=notice.issuer.name,
            location=notice.place,
            reason=f"Ban hành {notice.doc_type} số {notice.number_symbol}",
            config=config,
        )
    else:
        logger.warning("No signing certificate configured; notice %s issued with an unsigned PDF", notice.pk)
    return {"docx_file": (f"{stem}.docx", render_docx(layout)), "pdf_file": (f"{stem}.pdf", pdf)}
