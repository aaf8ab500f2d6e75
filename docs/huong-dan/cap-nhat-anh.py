"""Refresh the user guide's pictures from the browser tests' screenshots.

    python docs/huong-dan/cap-nhat-anh.py              # copy the pictures the pages use from test-output/screenshots/
    python docs/huong-dan/cap-nhat-anh.py --chup       # run the browser tests first (Chromium), then copy

Every ``anh/NAME.png`` a page of the guide mentions is copied from ``test-output/screenshots/NAME.png`` (as a
256-colour PNG when Pillow is installed); the script names the pictures it could not find (the test that takes them did not run) and exits 1 then.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

GUIDE = Path(__file__).resolve().parent
ROOT = GUIDE.parents[1]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
PICTURES = GUIDE / "anh"
REFERENCE = re.compile(r"\(anh/([\w.-]+\.png)\)")


def wanted() -> dict[str, list[str]]:
    """Picture name → the pages that show it."""
    names: dict[str, list[str]] = {}
    for page in sorted(GUIDE.glob("*.md")):
        for name in REFERENCE.findall(page.read_text(encoding="utf-8")):
            names.setdefault(name, []).append(page.name)
    return names


def shrink(source: Path, target: Path) -> None:
    """Copy a screenshot as a 256-colour PNG (a third of the size, the same to the eye); a plain copy without
    Pillow."""
    try:
        from PIL import Image
    except ImportError:
        shutil.copy2(source, target)
        return
    with Image.open(source) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Cập nhật ảnh của hướng dẫn sử dụng từ ảnh chụp của kiểm thử trình duyệt."
    )
    parser.add_argument(
        "--chup", action="store_true", help="chạy kiểm thử trình duyệt (tests/e2e) trước khi chép ảnh"
    )
    args = parser.parse_args()
    if args.chup:
        pytest = Path(sys.executable).parent / "pytest"
        done = subprocess.run([str(pytest), "-q", "tests/e2e"], cwd=ROOT, check=False)
        if done.returncode != 0:
            print("Kiểm thử trình duyệt chưa đạt: ảnh có thể chưa đủ.", file=sys.stderr)
    PICTURES.mkdir(exist_ok=True)
    missing = []
    copied = 0
    for name, pages in sorted(wanted().items()):
        source = SCREENSHOTS / name
        if not source.is_file():
            missing.append(f"{name} (dùng ở {', '.join(pages)})")
            continue
        shrink(source, PICTURES / name)
        copied += 1
    unused = sorted(p.name for p in PICTURES.glob("*.png") if p.name not in wanted())
    for name in unused:
        (PICTURES / name).unlink()
    print(f"Đã chép {copied} ảnh vào {PICTURES.relative_to(ROOT)}; bỏ {len(unused)} ảnh không còn dùng.")
    for item in missing:
        print(f"Thiếu ảnh: {item}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
