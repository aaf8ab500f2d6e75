"""Fixtures of the TTHC tests: datasets in a temporary folder, imports run within the request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _tthc_data_dir(settings: Any, tmp_path: Path) -> Path:
    """Each test stores its datasets in its own folder and runs web imports synchronously."""
    settings.DIEUHANH_TTHC_DIR = str(tmp_path / "tthc")
    settings.DIEUHANH_TTHC_IMPORT_IN_BACKGROUND = False
    return tmp_path / "tthc"
