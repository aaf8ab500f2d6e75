"""The vendored Liberation Serif faces (Times New Roman metrics) and text widths measured with them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
# The name the documents give the font: Decree 30 prescribes Times New Roman; see fonts/README.md.
DOCX_FONT_NAME = "Times New Roman"
FACES: dict[tuple[bool, bool], str] = {
    (False, False): "LiberationSerif-Regular.ttf",
    (True, False): "LiberationSerif-Bold.ttf",
    (False, True): "LiberationSerif-Italic.ttf",
    (True, True): "LiberationSerif-BoldItalic.ttf",
}


def font_path(*, bold: bool = False, italic: bool = False) -> Path:
    """The file of one face of the vendored serif font."""
    return FONT_DIR / FACES[(bold, italic)]


@lru_cache(maxsize=4)
def _advances(bold: bool, italic: bool) -> tuple[dict[int, float], float]:
    """Advance widths per code point in em, and the width used for characters the font lacks."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_path(bold=bold, italic=italic), lazy=True)
    units = float(font["head"].unitsPerEm)
    hmtx = font["hmtx"]
    widths = {code: hmtx[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    font.close()
    return widths, 0.5


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The width of ``text`` set on one line at ``size_pt`` points (no kerning, which Word does not apply)."""
    widths, fallback = _advances(bold, italic)
    return sum(widths.get(ord(ch), fallback) for ch in text) * size_pt
