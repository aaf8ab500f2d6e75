"""The enrolment QR code as inline SVG, drawn on the server (no image service, no script)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg


def svg(data: str) -> str:
    """An SVG ``<svg>`` element (no XML declaration) encoding ``data``, to place inline in a page."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    text: str = image.to_string(encoding="unicode")
    return text
