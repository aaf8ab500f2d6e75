"""Reading scanned PDFs: pages rasterised by poppler (``pdftoppm``), turned upright, deskewed and read by
tesseract with its Vietnamese model.

The programs come from Debian (``apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils``); without them
a scanned PDF is refused with a message that says exactly what to install. Each page is:
1. rasterised at 300 dpi in grey;
2. turned by the orientation tesseract's OSD reports (0, 90, 180 or 270 degrees);
3. deskewed: the small angle (within ±6°, to a quarter degree) at which the rows of ink line up best, found
   on a reduced copy by the variance of its row sums (a projection profile), is undone;
4. read with ``-l vie --psm 4`` (a single column of text of variable sizes, which keeps the lines of a notice
   in order), and the pages joined with blank lines.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ParseError

log = logging.getLogger(__name__)

DPI = 300
MAX_PAGES = 60
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils"
_ROTATE_RE = re.compile(r"Rotate:\s*(\d+)")


def available() -> str | None:
    """None when OCR can run here, else the Vietnamese reason why not (what is missing and how to install)."""
    missing = [name for name in ("tesseract", "pdftoppm") if shutil.which(name) is None]
    if missing:
        return (
            f"Tệp PDF là bản quét (không có lớp văn bản) nên cần nhận dạng ký tự (OCR), nhưng máy chủ chưa có "
            f"{', '.join(missing)}. Hãy cài: {INSTALL_HINT}."
        )
    try:
        langs = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        langs = []
    if "vie" not in langs:
        return (
            "Tệp PDF là bản quét nên cần nhận dạng ký tự (OCR), nhưng tesseract chưa có dữ liệu tiếng Việt. "
            f"Hãy cài: {INSTALL_HINT}."
        )
    return None


def _run(args: list[str], timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)


def _orientation(image: Path) -> int:
    """The clockwise rotation tesseract's OSD says would make the page upright (0 when unsure)."""
    result = _run(["tesseract", str(image), "-", "--psm", "0", "-l", "osd"], timeout=60)
    match = _ROTATE_RE.search(result.stdout)
    return int(match.group(1)) % 360 if match else 0


def skew_angle(image: object) -> float:
    """The angle in degrees (counter-clockwise positive) by which ``image`` (a PIL image) is tilted."""
    import numpy as np
    from PIL import Image

    grey = image.convert("L")  # type: ignore[attr-defined]
    scale = 800 / max(grey.size)
    small = grey.resize((max(1, int(grey.width * scale)), max(1, int(grey.height * scale))))
    ink = small.point(lambda v: 255 if v < 160 else 0)

    def score(angle: float) -> float:
        rotated = ink.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=0)
        return float(np.var(np.asarray(rotated, dtype=np.float32).sum(axis=1)))

    # coarse (1°) then fine (0.25°) around the best coarse angle
    coarse = max(range(-6, 7), key=score)
    return max((coarse + step / 4 for step in range(-4, 5)), key=score)


def _prepare(page: Path) -> Path:
    """The page turned upright and deskewed, written next to it."""
    from PIL import Image

    rotate = _orientation(page)
    with Image.open(page) as scanned:
        image: Image.Image = scanned.convert("L")
    if rotate:
        image = image.rotate(-rotate, expand=True, fillcolor=255)
    angle = skew_angle(image)
    if abs(angle) >= 0.25:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    out = page.with_name(page.stem + "-upright.png")
    image.save(out)
    return out


def ocr_pdf(data: bytes) -> str:
    """The text of a scanned PDF, page by page; a ParseError naming what to install when OCR cannot run."""
    reason = available()
    if reason is not None:
        raise ParseError(reason, code="ocr_missing", log_message=f"OCR unavailable: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="dieuhanh-ocr-") as folder:
        pdf = Path(folder) / "scan.pdf"
        pdf.write_bytes(data)
        raster = _run(
            [
                "pdftoppm",
                "-r",
                str(DPI),
                "-gray",
                "-png",
                "-l",
                str(MAX_PAGES),
                str(pdf),
                str(Path(folder) / "p"),
            ],
            timeout=300,
        )
        pages = sorted(Path(folder).glob("p*.png"))
        if raster.returncode != 0 or not pages:
            raise ParseError(
                "Không chuyển được tệp PDF quét thành ảnh để nhận dạng ký tự.",
                code="ocr_failed",
                log_message=f"pdftoppm failed: {raster.stderr.strip()[:300]}",
            )
        texts = []
        for page in pages:
            upright = _prepare(page)
            result = _run(["tesseract", str(upright), "-", "-l", "vie", "--psm", "4"], timeout=300)
            if result.returncode != 0:
                raise ParseError(
                    "Nhận dạng ký tự (OCR) không thành công trên tệp PDF quét.",
                    code="ocr_failed",
                    log_message=f"tesseract failed: {result.stderr.strip()[:300]}",
                )
            texts.append(result.stdout)
        log.info("OCR read %d page(s) of a scanned PDF", len(pages))
        return "\n\n".join(texts)
