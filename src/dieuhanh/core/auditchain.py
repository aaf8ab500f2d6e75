"""The audit log's hash chain: each entry's hash covers its fields and the previous entry's hash.

Editing an entry changes its hash; deleting one breaks the link from the entry after it (or, for the newest,
the link from the chain head). Pruning old entries keeps the chain verifiable: the head records the hash of
the last pruned entry, and the oldest entry kept must point to it.

Pure functions over plain values, so the migration that backfills existing rows computes the same hashes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# The fields an entry's hash covers, in the order they are written into the canonical JSON.
HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "before",
    "after",
    "succeeded",
    "message",
)
GENESIS = "0" * 64


def json_ready(value: Any) -> Any:
    """``value`` as the JSON database column gives it back (tuples become lists, keys strings)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False))


def _canonical_time(value: dt.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical(fields: Mapping[str, Any], prev_hash: str) -> bytes:
    """The canonical JSON of one entry: sorted keys, no spaces, UTC time to the microsecond."""
    data: dict[str, Any] = {name: fields.get(name) for name in HASHED_FIELDS}
    data["at"] = _canonical_time(data["at"])
    data["actor_id"] = None if data["actor_id"] is None else int(data["actor_id"])
    data["succeeded"] = bool(data["succeeded"])
    data["prev_hash"] = prev_hash
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def entry_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) of the entry's canonical JSON."""
    return hashlib.sha256(canonical(fields, prev_hash)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    entry_id: int | None
    reason: str


@dataclass(frozen=True)
class Verification:
    """The result of walking the chain: how many entries were checked, and the first break if any."""

    checked: int
    broken: Break | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def verify_rows(rows: Iterable[Mapping[str, Any]], *, start_hash: str, head_hash: str | None) -> Verification:
    """Walk ``rows`` (dicts with ``id``, ``prev_hash``, ``hash`` and the hashed fields) in id order.

    ``start_hash`` is what the oldest row must point to (the genesis, or the last pruned entry's hash);
    ``head_hash`` is the newest entry's hash as the chain head recorded it (None: no head recorded yet).
    """
    expected_prev = start_hash
    checked = 0
    for row in rows:
        if row["prev_hash"] != expected_prev:
            return Verification(
                checked,
                Break(
                    row["id"],
                    f"mục #{row['id']} không nối với mục liền trước (có mục trước nó bị xóa hoặc sửa)",
                ),
            )
        if entry_hash(row, row["prev_hash"]) != row["hash"]:
            return Verification(checked, Break(row["id"], f"mục #{row['id']} đã bị sửa sau khi ghi"))
        expected_prev = row["hash"]
        checked += 1
    if head_hash is not None and head_hash != expected_prev:
        return Verification(
            checked, Break(None, "mục mới nhất không khớp đầu chuỗi (các mục cuối đã bị xóa)")
        )
    return Verification(checked, None)
