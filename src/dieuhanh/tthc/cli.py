"""The subcommands of ``dieuhanh tthc`` that work on the database and the stored datasets: import, bulletin,
report, and the statistics and ranking of stored dossiers. A thin layer over ``services`` and ``queries``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import CommandError, OutputWrapper

from dieuhanh.org.models import Unit
from dieuhanh.org.resolver import get_issuer

from . import bulletin, conf, queries, report, services
from .models import JobStatus
from .periods import Period

BAR_WIDTH = 30
REDRAW_EVERY_S = 0.2


class ProgressBar:
    """A text progress bar redrawn in place on a terminal stream: 'Đọc tệp: 120.000 dòng [#####.....]  45%'."""

    def __init__(self, stream: TextIO | OutputWrapper) -> None:
        self.stream = stream
        self.shown = (-1, "")
        self.last = 0.0

    def __call__(self, phase: str, fraction: float) -> None:
        percent = int(fraction * 100)
        now = time.monotonic()
        if (percent, phase) == self.shown or (now - self.last < REDRAW_EVERY_S and fraction < 1.0):
            return
        self.shown, self.last = (percent, phase), now
        filled = int(BAR_WIDTH * fraction)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self._write(f"\r{phase[:40]:<40} [{bar}] {percent:3d}%")

    def close(self) -> None:
        """End the bar's line."""
        if self.shown[0] >= 0:
            self._write("\n")

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):
            self.stream.write(text, ending="")  # a command's stream ends every write with a newline otherwise
        else:
            self.stream.write(text)
        self.stream.flush()


def issuer_of(options: dict[str, Any]) -> Unit:
    """The issuing body named by --issuer, or the only one set up."""
    return get_issuer(options.get("issuer") or None)


def period_of(options: dict[str, Any]) -> Period:
    """The period of --period (required)."""
    if not options.get("period"):
        raise CommandError("Thiếu kỳ báo cáo: thêm --period, ví dụ --period 2021-07.")
    return Period.parse(options["period"])


def require_data(issuer: Unit) -> None:
    """Refuse when the issuing body has no stored dossiers yet."""
    if not queries.dataset_of(issuer).exists():
        raise CommandError(
            f"Chưa có dữ liệu hồ sơ đã nhập của {issuer.display_short}: nhập tệp bằng "
            "“dieuhanh tthc import TỆP --source TÊN” hoặc chỉ rõ --input TỆP.parquet."
        )


def run_import(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> None:
    """Import a CSV/XLSX export with a progress bar; every bad row is listed and nothing is stored."""
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp {path}.")
    issuer = issuer_of(options)
    bar = ProgressBar(stderr)
    try:
        job = services.import_file(
            actor=None, issuer=issuer, source_name=options["source"], path=path, progress=bar
        )
    finally:
        bar.close()
    if job.status == JobStatus.DONE:
        stdout.write(job.message)
        return
    for error in job.errors:
        column = f"cột “{error['column']}”: " if error["column"] else ""
        stderr.write(f"Dòng {error['row']}: {column}{error['message']}")
    raise CommandError(job.message)


def run_bulletin(options: dict[str, Any], stdout: OutputWrapper, stderr: OutputWrapper) -> None:
    """Print the radio bulletin of a period; with --audio, also read it into a WAV file."""
    issuer, period = issuer_of(options), period_of(options)
    require_data(issuer)
    text = bulletin.bulletin_text(queries.snapshot(issuer, period))
    stdout.write(text)
    target = options.get("audio")
    if not target:
        return
    program = conf.espeak()
    if not bulletin.audio_available(program):
        stderr.write("Không có espeak-ng: bỏ qua tệp âm thanh (cài gói Debian espeak-ng để tạo).")
        return
    Path(target).write_bytes(bulletin.bulletin_audio(text, program))
    stderr.write(f"Đã ghi tệp âm thanh {target}.")


def run_report(options: dict[str, Any], stdout: OutputWrapper) -> None:
    """Write the DOCX report of a period."""
    issuer, period = issuer_of(options), period_of(options)
    require_data(issuer)
    target = Path(options["output"])
    target.write_bytes(
        report.render_report(queries.snapshot(issuer, period), signer=queries.signer_of(issuer))
    )
    stdout.write(f"Đã ghi báo cáo kết quả giải quyết TTHC {period.title} vào {target}.")
