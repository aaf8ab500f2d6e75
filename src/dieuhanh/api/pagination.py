"""Pagination of API lists with bounds: a limit or offset beyond what a database integer holds is a 422, not a
server error."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 1_000_000_000


class BoundedPagination(LimitOffsetPagination):
    """``limit`` (1–1000, default 100) and ``offset`` (0–10⁹) query parameters."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
