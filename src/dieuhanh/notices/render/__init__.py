"""Official layout (Decree 30/2020), rendering (DOCX, PDF, text) and PAdES signing of conclusion notices."""

from .layout import NoticeLayout, Paragraph, Run, Signature, from_notice_json

__all__ = ["NoticeLayout", "Paragraph", "Run", "Signature", "from_notice_json"]
