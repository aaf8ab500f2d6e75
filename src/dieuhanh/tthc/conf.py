"""Settings of the TTHC app, read from Django settings with defaults (nothing needs to be set)."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings

from .ranking import RankingSettings


def data_dir() -> Path:
    """Where the dossier datasets live: ``DIEUHANH_TTHC_DIR`` or ``DATA_DIR/tthc``."""
    configured = getattr(settings, "DIEUHANH_TTHC_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "tthc"


def upload_dir() -> Path:
    """Where uploaded files wait for their import job."""
    path = data_dir() / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def ranking_settings() -> RankingSettings:
    """The locality's ranking settings (``DIEUHANH_TTHC_RANKING``: minimum, threshold, points, bands)."""
    return RankingSettings.from_mapping(getattr(settings, "DIEUHANH_TTHC_RANKING", None))


def max_upload_bytes() -> int:
    """The largest dossier file the web form accepts (one-stop exports are large: 500 MB by default)."""
    return int(getattr(settings, "DIEUHANH_TTHC_MAX_UPLOAD_BYTES", 500 * 1024 * 1024))


def imports_in_background() -> bool:
    """Run web imports in a background thread (True) or within the request (False, for tests)."""
    return bool(getattr(settings, "DIEUHANH_TTHC_IMPORT_IN_BACKGROUND", True))


def max_reported_errors() -> int:
    """How many bad rows an import lists one by one (all of them are counted)."""
    return int(getattr(settings, "DIEUHANH_TTHC_MAX_REPORTED_ERRORS", 1000))


def follow_up_days() -> int:
    """Calendar days a unit is given to remedy late dossiers after a follow-up directive."""
    return int(getattr(settings, "DIEUHANH_TTHC_FOLLOW_UP_DAYS", 30))


def espeak() -> str | None:
    """The espeak-ng program, or None when it is not installed."""
    configured = getattr(settings, "DIEUHANH_ESPEAK", None)
    return str(configured) if configured else shutil.which("espeak-ng")
