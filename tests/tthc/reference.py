"""An independent, row-by-row Python statement of the statistics rules, to check the engine against."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pyarrow as pa

from dieuhanh.tthc.engine import STAT_FIELDS
from dieuhanh.tthc.periods import Period

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
COLUMNS = ("received_at", "due_at", "resolved_at", "returned_at", "withdrawn_at")


@dataclass
class Dossier:
    """One dossier; timestamps naive (local) or aware."""

    unit_code: str | None
    channel: str | None
    received_at: datetime | None
    due_at: datetime | None = None
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    withdrawn_at: datetime | None = None
    procedure_code: str = "1.000001"


def local(moment: datetime | None) -> datetime | None:
    """Naive local wall-clock time of a naive (already local) or aware timestamp."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(LOCAL).replace(tzinfo=None)


def reference_stats(dossiers: Iterable[Dossier], period: Period) -> list[dict[str, object]]:
    """Rows as ``UnitStats.as_dict`` would give them, computed one dossier at a time."""
    start = datetime.combine(period.first_day, datetime.min.time())
    end = datetime.combine(period.last_day + timedelta(days=1), datetime.min.time())
    rows: dict[str, dict[str, int]] = {}
    for d in dossiers:
        received, due, resolved = local(d.received_at), local(d.due_at), local(d.resolved_at)
        returned, withdrawn = local(d.returned_at), local(d.withdrawn_at)
        if d.unit_code is None or received is None:
            continue
        ends = [t for t in (resolved, returned, withdrawn) if t is not None]
        finished = min(ends) if ends else None
        if not (received < end and (finished is None or finished >= start)):
            continue
        row = rows.setdefault(d.unit_code, dict.fromkeys(STAT_FIELDS, 0))
        if received < start:
            row["carried_over"] += 1
        else:
            row["received"] += 1
            row["received_online"] += d.channel == "online"
        if finished is not None and finished < end:
            gone = min((t for t in (returned, withdrawn) if t is not None), default=None)
            if gone is not None and (resolved is None or gone < resolved):
                row["returned_or_withdrawn"] += 1
            elif due is None or resolved.date() == due.date():  # type: ignore[union-attr]
                row["resolved_on_time"] += 1
            elif resolved.date() < due.date():  # type: ignore[union-attr]
                row["resolved_early"] += 1
            else:
                row["resolved_late"] += 1
        elif due is not None and due.date() < period.last_day:
            row["pending_overdue"] += 1
        else:
            row["pending_in_time"] += 1
    out: list[dict[str, object]] = []
    for code in sorted(rows):
        row = rows[code]
        resolved_count = row["resolved_early"] + row["resolved_on_time"] + row["resolved_late"]
        good = row["resolved_early"] + row["resolved_on_time"]
        out.append(
            {"unit_code": code, **row, "on_time_rate": good / resolved_count if resolved_count else None}
        )
    return out


def random_dossiers(n: int, seed: int = 20240101) -> list[Dossier]:
    """Dossiers around the 2023/2024 year boundary, rich in edge cases (midnights, 23:59, dirty rows)."""
    rng = random.Random(seed)
    units = [f"{10000 + 37 * i}" for i in range(15)] + [f"000.00.{i:02d}.H26" for i in range(1, 11)]
    base = datetime(2023, 10, 15)

    def moment(after: datetime, max_days: int) -> datetime:
        day = after.date() + timedelta(days=rng.randint(0, max_days))
        pick = rng.random()
        if pick < 0.1:
            clock = timedelta(0)
        elif pick < 0.2:
            clock = timedelta(hours=23, minutes=59, seconds=59)
        elif pick < 0.25:
            clock = timedelta(minutes=1)
        else:
            clock = timedelta(seconds=rng.randint(6 * 3600, 18 * 3600))
        return datetime.combine(day, datetime.min.time()) + clock

    out: list[Dossier] = []
    for _ in range(n):
        received = moment(base, 200)
        due = None if rng.random() < 0.05 else moment(received, 25)
        resolved = returned = withdrawn = None
        fate = rng.random()
        if fate < 0.75:
            resolved = moment(received, 40)
        elif fate < 0.8:
            returned = moment(received, 20)
        elif fate < 0.84:
            withdrawn = moment(received, 20)
        elif fate < 0.87:
            resolved, returned = moment(received, 30), moment(received, 30)
        elif fate < 0.88:
            resolved = received - timedelta(days=rng.randint(0, 40))  # dirty: finished before received
        out.append(
            Dossier(
                unit_code=None if rng.random() < 0.003 else rng.choice(units),
                channel=rng.choice(["online", "online", "counter", "postal", None]),
                received_at=None if rng.random() < 0.003 else received,
                due_at=due,
                resolved_at=resolved,
                returned_at=returned,
                withdrawn_at=withdrawn,
            )
        )
    return out


def to_table(dossiers: Sequence[Dossier], zones: Mapping[str, str | None] | None = None) -> pa.Table:
    """Arrow table in the canonical layout; ``zones`` gives a column's time zone (None = naive local)."""
    zones = zones or {}
    arrays: dict[str, pa.Array] = {
        "dossier_code": pa.array([f"HS{i:06d}" for i in range(len(dossiers))]),
        "procedure_code": pa.array([d.procedure_code for d in dossiers]),
        "unit_code": pa.array([d.unit_code for d in dossiers], pa.string()),
        "channel": pa.array([d.channel for d in dossiers], pa.string()),
    }
    for name in COLUMNS:
        zone = zones.get(name)
        values = [getattr(d, name) for d in dossiers]
        if zone is None:
            arrays[name] = pa.array([local(v) for v in values], pa.timestamp("us"))
        else:
            aware = [None if v is None else (v if v.tzinfo else v.replace(tzinfo=LOCAL)) for v in values]
            arrays[name] = pa.array(aware, pa.timestamp("us", tz=zone))
    return pa.table(arrays)


def on(day: str, clock: str = "10:00") -> datetime:
    """A naive local timestamp from 'YYYY-MM-DD' and 'HH:MM[:SS]'."""
    return datetime.fromisoformat(f"{day}T{clock}")


def day(text: str) -> date:
    """A date from 'YYYY-MM-DD'."""
    return date.fromisoformat(text)
