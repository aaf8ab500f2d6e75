"""Demo dossiers: what the one-stop system of Sông Lô district might have exported on 06/8/2021, for the
report on July 2021 that the seed session heard (and June, for the change against the previous month).

The units are those of the demo registry; a few communes resolve many dossiers late, as the seed notice says
("các xã có tỷ lệ giải quyết hồ sơ TTHC chậm hạn cao"). Procedure names are those of common district and commune
procedures; their codes are made up for the demo, not taken from the national catalogue. Everything is
deterministic and goes through the import the office uses (a CSV with Vietnamese headers); loading twice
changes nothing but the import time.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from pathlib import Path

from dieuhanh.org.models import Unit

from . import services
from .periods import Period
from .workdays import add_working_days, is_working_day

SOURCE_NAME = "Một cửa điện tử huyện (dữ liệu mẫu)"
ISSUER_CODE = "253"
EXPORTED_AT = dt.datetime(2021, 8, 6, 17, 0)
FIRST_DAY = dt.date(2021, 5, 17)
PERIODS = ("2021-06", "2021-07")
SEED = 766

# (code, name, field, time limit in working days, who handles it: "commune" or a department code suffix)
PROCEDURES: list[tuple[str, str, str, int, str]] = [
    ("MAU.X01", "Đăng ký khai sinh", "Hộ tịch", 1, "commune"),
    ("MAU.X02", "Đăng ký kết hôn", "Hộ tịch", 1, "commune"),
    ("MAU.X03", "Đăng ký khai tử", "Hộ tịch", 1, "commune"),
    ("MAU.X04", "Chứng thực bản sao từ bản chính", "Chứng thực", 0, "commune"),
    ("MAU.X05", "Chứng thực chữ ký", "Chứng thực", 0, "commune"),
    ("MAU.X06", "Xác nhận tình trạng hôn nhân", "Hộ tịch", 3, "commune"),
    ("MAU.X07", "Đăng ký thường trú (xác nhận của xã)", "Hộ tịch", 5, "commune"),
    ("MAU.X08", "Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Bảo trợ xã hội", 7, "commune"),
    ("MAU.H01", "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai", 30, "TNMT"),
    ("MAU.H02", "Đăng ký biến động quyền sử dụng đất", "Đất đai", 10, "TNMT"),
    ("MAU.H03", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", 15, "KTHT"),
    ("MAU.H04", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", 3, "TCKH"),
    ("MAU.H05", "Trợ cấp xã hội hằng tháng đối với đối tượng bảo trợ xã hội", "Bảo trợ xã hội", 20, "LDTBXH"),
    ("MAU.H06", "Cấp lại bản chính giấy khai sinh, trích lục hộ tịch", "Hộ tịch", 5, "TP"),
    ("MAU.H07", "Cấp giấy phép kinh doanh bán lẻ sản phẩm rượu", "Lưu thông hàng hóa trong nước", 10, "KTHT"),
    ("MAU.H08", "Công nhận gia đình văn hóa, thôn văn hóa", "Văn hóa cơ sở", 5, "VHTT"),
    ("MAU.H09", "Thành lập trường mầm non tư thục", "Giáo dục và Đào tạo", 20, "GDDT"),
    ("MAU.H10", "Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm", "An toàn thực phẩm", 15, "YT"),
    ("MAU.H11", "Đăng ký hoạt động tín ngưỡng", "Tín ngưỡng, tôn giáo", 15, "NV"),
    ("MAU.H12", "Phê duyệt phương án khai thác thủy sản", "Nông nghiệp", 10, "NNPTNT"),
]
# Monthly volume per department (dossiers received) and late share; communes get theirs below.
DEPARTMENT_LOAD = {
    "TNMT": (95, 0.07),
    "KTHT": (40, 0.04),
    "TCKH": (35, 0.0),
    "LDTBXH": (55, 0.02),
    "TP": (30, 0.0),
    "VHTT": (12, 0.0),
    "GDDT": (4, 0.0),
    "YT": (10, 0.05),
    "NV": (6, 0.0),
    "NNPTNT": (8, 0.0),
}
# Communes with many late dossiers (as the seed notice says of some communes), by admin code.
LATE_COMMUNES = {"08803": 0.24, "08854": 0.18, "08851": 0.13}
HEADERS = [
    "STT", "Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Đơn vị tiếp nhận", "Kênh tiếp nhận",
    "Ngày tiếp nhận", "Hạn giải quyết", "Ngày có kết quả", "Ngày trả lại hồ sơ", "Ngày rút hồ sơ", "Kết quả",
    "Thanh toán trực tuyến", "Số hóa",
]  # fmt: skip
CHANNEL_WORDS = {"online": "Trực tuyến", "counter": "Trực tiếp", "postal": "Bưu chính công ích"}


def _stamp(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.strftime("%d/%m/%Y %H:%M")


def _working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return [d for d in days if is_working_day(d)]


def _rows(units: dict[str, Unit]) -> list[list[str]]:
    """The export's rows, the same on every run."""
    rng = random.Random(SEED)
    days = _working_days(FIRST_DAY, EXPORTED_AT.date())
    communes = sorted(code for code, u in units.items() if u.level == "commune")
    loads: list[tuple[Unit, int, float, list[tuple[str, str, str, int, str]]]] = []
    for code in communes:
        volume = rng.randint(70, 140)
        late = LATE_COMMUNES.get(code, rng.choice([0.0, 0.0, 0.01, 0.02, 0.03]))
        loads.append((units[code], volume, late, [p for p in PROCEDURES if p[4] == "commune"]))
    for suffix, (volume, late) in DEPARTMENT_LOAD.items():
        unit = units.get(f"{ISSUER_CODE}-{suffix}")
        if unit is not None:
            loads.append((unit, volume, late, [p for p in PROCEDURES if p[4] == suffix]))
    rows: list[list[str]] = []
    for unit, volume, late_share, procedures in loads:
        per_day = volume / 22
        for day in days:
            for _ in range(int(per_day) + (rng.random() < per_day % 1)):
                code, name, field, limit, _who = rng.choice(procedures)
                rows.append(_dossier(rng, unit, day, (code, name, field, limit), late_share))
    rows.sort(key=lambda r: (r[7][6:10], r[7][3:5], r[7][:2], r[7][11:], r[5]))
    for number, row in enumerate(rows, start=1):
        row[0] = str(number)
        row[1] = f"{row[1]}-{number:06d}"
    return rows


def _dossier(
    rng: random.Random, unit: Unit, day: dt.date, procedure: tuple[str, str, str, int], late: float
) -> list[str]:
    code, name, field, limit = procedure
    online_share = 0.45 if unit.level != "commune" else 0.25
    channel = "online" if rng.random() < online_share else ("postal" if rng.random() < 0.04 else "counter")
    received = dt.datetime.combine(day, dt.time(7, 30)) + dt.timedelta(minutes=rng.randint(0, 9 * 60))
    due = dt.datetime.combine(add_working_days(day, limit), dt.time(17, 0))
    fate = rng.random()
    resolved = returned = withdrawn = None
    if fate < 0.006:
        withdrawn = received + dt.timedelta(days=rng.randint(0, max(limit, 1)), hours=2)
    elif fate < 0.018:
        returned = received + dt.timedelta(days=rng.randint(0, max(limit, 1)), hours=3)
    elif rng.random() < late:
        finish = add_working_days(day, limit + rng.randint(1, 6))
        resolved = dt.datetime.combine(finish, dt.time(rng.randint(8, 16), rng.randint(0, 59)))
    else:
        k = limit if rng.random() < 0.35 else rng.randint(0, limit)
        resolved = dt.datetime.combine(
            add_working_days(day, k), dt.time(rng.randint(8, 16), rng.randint(0, 59))
        )
        resolved = max(resolved, received + dt.timedelta(minutes=30))
    # The export only knows what happened before it was made.
    resolved, returned, withdrawn = (
        m if m is not None and m <= EXPORTED_AT else None for m in (resolved, returned, withdrawn)
    )
    result = (
        "Đã trả kết quả"
        if resolved
        else ("Trả lại hồ sơ" if returned else ("Công dân rút hồ sơ" if withdrawn else "Đang giải quyết"))
    )
    unit_cell = (
        unit.short_name if unit.level == "commune" else unit.code
    )  # names and codes both occur in exports
    return [
        "", f"{unit.code.replace('-', '')}-{day:%y%m%d}", code, name, field, unit_cell, CHANNEL_WORDS[channel],
        _stamp(received), _stamp(due), _stamp(resolved), _stamp(returned), _stamp(withdrawn), result,
        "Có" if channel == "online" and rng.random() < 0.3 else "", "Có" if rng.random() < 0.6 else "Không",
    ]  # fmt: skip


def write_demo_csv(path: Path, units: dict[str, Unit]) -> int:
    """Write the demo export to ``path``; returns the number of dossiers."""
    rows = _rows(units)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH (dữ liệu mẫu)"])
        writer.writerow([f"Xuất lúc {EXPORTED_AT:%H:%M} ngày {EXPORTED_AT:%d/%m/%Y}"])
        writer.writerow(HEADERS)
        writer.writerows(rows)
    return len(rows)


def load_demo_dossiers() -> dict[str, int]:
    """Import the demo dossiers of Sông Lô (May to early August 2021) and publish June and July 2021."""
    issuer = Unit.objects.filter(code=ISSUER_CODE).first()
    if issuer is None:
        return {"dossiers": 0, "procedures": 0, "publications": 0}
    for code, name, field, limit, _who in PROCEDURES:
        services.save_procedure(
            actor=None, issuer=issuer, code=code, name=name, field=field, time_limit=limit
        )
    units = {u.code: u for u in Unit.objects.filter(issuer=issuer)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ho-so-mot-cua-mau.csv"
        write_demo_csv(path, units)
        job = services.import_file(actor=None, issuer=issuer, source_name=SOURCE_NAME, path=path)
    if job.status != "done":
        raise RuntimeError(f"demo dossiers were refused: {job.message} {job.errors[:3]}")
    for label in PERIODS:
        services.publish_period(actor=None, issuer=issuer, period=Period.parse(label))
    return {"dossiers": job.rows, "procedures": len(PROCEDURES), "publications": len(PERIODS)}
