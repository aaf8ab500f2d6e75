"""Import and export of the unit and people lists (CSV, XLSX): a preview first, then all or nothing.

Every bad row is reported with its row number (as Excel numbers it, the header being row 1), the column and the
reason in Vietnamese; when any row is bad nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction

from dieuhanh.core import audit
from dieuhanh.core.errors import DomainError
from dieuhanh.core.tables import (
    Column,
    cell_text,
    map_header,
    parse_cell_date,
    read_rows,
    write_csv,
    write_xlsx,
)
from dieuhanh.vn.text import fold

from . import services
from .models import GroupKey, Person, Role, Unit, UnitKind, UnitLevel

UNIT_COLUMNS = [
    Column("code", "Mã đơn vị", ("ma", "ma don vi", "code"), required=True),
    Column("name", "Tên đầy đủ", ("ten", "ten don vi", "name"), required=True),
    Column("short_name", "Tên viết tắt", ("short_name",)),
    Column("symbol", "Ký hiệu", ("ky hieu viet tat", "symbol")),
    Column("kind", "Loại", ("loai don vi", "kind"), required=True),
    Column("level", "Cấp", ("level",), required=True),
    Column("parent", "Mã đơn vị cấp trên", ("don vi cap tren", "parent")),
    Column("issuer", "Mã cơ quan ban hành", ("co quan ban hanh", "issuer")),
    Column("is_issuer", "Là cơ quan ban hành", ("is_issuer",)),
    Column("place_name", "Địa danh", ("place_name",)),
    Column("groups", "Nhóm", ("groups",)),
    Column("aliases", "Tên gọi khác", ("aliases", "ten khac")),
    Column("valid_from", "Hiệu lực từ ngày", ("hieu luc tu", "valid_from")),
    Column("valid_to", "Hiệu lực đến ngày", ("hieu luc den", "valid_to")),
    Column("successor", "Mã đơn vị kế thừa", ("don vi ke thua", "successor")),
]
PEOPLE_COLUMNS = [
    Column("full_name", "Họ và tên", ("ho ten", "full_name"), required=True),
    Column("title", "Chức vụ", ("title",)),
    Column("unit", "Mã đơn vị", ("don vi", "unit"), required=True),
    Column("role", "Vai trò", ("role",)),
    Column("username", "Tên đăng nhập", ("username", "tai khoan")),
    Column("email", "Thư điện tử", ("email", "e-mail")),
    Column("phone", "Điện thoại", ("so dien thoai", "phone")),
]


def _choice_lookup(choices: Any) -> dict[str, str]:
    table = {}
    for value, label in choices.choices:
        table[fold(value)] = value
        table[fold(str(label))] = value
    return table


_KINDS = _choice_lookup(UnitKind) | {
    "phong": UnitKind.DEPARTMENT,
    "ubnd": UnitKind.COMMITTEE,
    "xa": UnitKind.COMMITTEE,
}
_LEVELS = _choice_lookup(UnitLevel) | {
    "tinh": UnitLevel.PROVINCE,
    "huyen": UnitLevel.DISTRICT,
    "xa": UnitLevel.COMMUNE,
}
_GROUPS = _choice_lookup(GroupKey) | {
    "xa": GroupKey.COMMUNES,
    "phong": GroupKey.DEPARTMENTS,
    "don vi": GroupKey.UNITS,
}
_ROLES = _choice_lookup(Role)
# Short words for groups in spreadsheets (full labels contain commas, which separate groups in a cell).
GROUP_WORDS = {GroupKey.COMMUNES: "xã", GroupKey.DEPARTMENTS: "phòng", GroupKey.UNITS: "đơn vị"}
_TRUE = {"co", "x", "1", "true", "yes", "dung"}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"cột “{self.column}”: " if self.column else ""
        return f"Dòng {self.row}: {where}{self.message}"


@dataclass
class ImportPreview:
    """What an import would do: the parsed rows, creations and updates, and every bad row."""

    kind: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    creates: int = 0
    updates: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _check_size(data: bytes) -> None:
    if len(data) > settings.DIEUHANH_MAX_IMPORT_BYTES:
        limit = settings.DIEUHANH_MAX_IMPORT_BYTES // (1024 * 1024)
        raise DomainError(f"Tệp quá lớn: tối đa {limit} MB.", code="file_too_large")


def _sheet(data: bytes, filename: str, columns: list[Column]) -> tuple[list[list[Any]], dict[str, int]]:
    _check_size(data)
    rows = read_rows(data, filename)
    while rows and not any(cell_text(c) for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise DomainError("Tệp không có dữ liệu.", code="empty_file")
    return rows, map_header(rows[0], columns)


def _get(row: list[Any], positions: dict[str, int], name: str) -> str:
    index = positions.get(name)
    return cell_text(row[index]) if index is not None and index < len(row) else ""


def preview_units(data: bytes, filename: str) -> ImportPreview:
    """Parse a unit list and check every row against the registry and the rest of the file."""
    rows, pos = _sheet(data, filename, UNIT_COLUMNS)
    header = {c.field: c.header for c in UNIT_COLUMNS}
    preview = ImportPreview(kind="units")
    existing = set(Unit.objects.values_list("code", flat=True))
    in_file: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell_text(c) for c in row):
            continue
        errors: list[RowError] = []

        def bad(name: str, message: str, number: int = number, errors: list[RowError] = errors) -> None:
            errors.append(RowError(number, header[name], message))

        code = _get(row, pos, "code")
        item: dict[str, Any] = {"row": number, "code": code, "name": _get(row, pos, "name")}
        if not code:
            bad("code", "thiếu mã đơn vị.")
        elif code in in_file:
            bad("code", f"mã “{code}” trùng với dòng {in_file[code]}.")
        else:
            in_file[code] = number
        if not item["name"]:
            bad("name", "thiếu tên đơn vị.")
        for name, table in (("kind", _KINDS), ("level", _LEVELS)):
            raw = _get(row, pos, name)
            value = table.get(fold(raw))
            if value is None:
                bad(name, f"giá trị “{raw}” không hợp lệ.")
            item[name] = value
        for name in ("short_name", "symbol", "place_name"):
            item[name] = _get(row, pos, name)
        item["is_issuer"] = fold(_get(row, pos, "is_issuer")) in _TRUE
        for name in ("parent", "issuer", "successor"):
            item[name] = _get(row, pos, name)
        for name in ("valid_from", "valid_to"):
            raw_index = pos.get(name)
            cell = row[raw_index] if raw_index is not None and raw_index < len(row) else None
            try:
                item[name] = parse_cell_date(cell)
            except ValueError:
                bad(name, f"ngày “{cell_text(cell)}” không đúng dạng ngày/tháng/năm.")
        if item.get("valid_from") and item.get("valid_to") and item["valid_to"] < item["valid_from"]:
            bad("valid_to", "ngày hết hiệu lực trước ngày có hiệu lực.")
        groups = []
        for part in _get(row, pos, "groups").replace(",", ";").split(";"):
            if part.strip():
                key = _GROUPS.get(fold(part))
                if key is None:
                    bad("groups", f"nhóm “{part.strip()}” không có; dùng: xã, phòng, đơn vị.")
                else:
                    groups.append(key)
        item["groups"] = groups
        item["aliases"] = [a.strip() for a in _get(row, pos, "aliases").split(";") if a.strip()]
        preview.errors.extend(errors)
        preview.rows.append(item)
    for item in preview.rows:
        for name in ("parent", "issuer", "successor"):
            ref = item[name]
            if ref and ref not in existing and ref not in in_file:
                preview.errors.append(RowError(item["row"], header[name], f"không có đơn vị mã “{ref}”."))
    preview.errors.sort(key=lambda e: e.row)
    preview.creates = sum(1 for r in preview.rows if r["code"] not in existing)
    preview.updates = len(preview.rows) - preview.creates
    if not preview.rows:
        preview.errors.append(RowError(2, "", "tệp không có dòng dữ liệu nào."))
    return preview


@transaction.atomic
def commit_units(*, actor: Any, preview: ImportPreview) -> int:
    """Write a previewed unit list, all or nothing; refused when the preview has errors."""
    services.require_registry_manager(actor)
    if preview.errors:
        raise DomainError(
            f"Không nhập: tệp còn {len(preview.errors)} lỗi, hãy sửa rồi nhập lại.", code="import_has_errors"
        )
    # Two passes: create every unit, then link parents, issuers and successors (they may come later in the file).
    for item in preview.rows:
        services.save_unit(
            actor=actor,
            code=item["code"],
            name=item["name"],
            short_name=item["short_name"],
            symbol=item["symbol"],
            kind=item["kind"],
            level=item["level"],
            is_issuer=item["is_issuer"],
            place_name=item["place_name"],
            valid_from=item["valid_from"],
            valid_to=item["valid_to"],
            aliases=item["aliases"],
        )
    codes = {u.code: u for u in Unit.objects.filter(code__in=[r["code"] for r in preview.rows])}
    refs = {r[k] for r in preview.rows for k in ("parent", "issuer", "successor") if r[k]}
    refs_units = {u.code: u for u in Unit.objects.filter(code__in=refs)}
    for item in preview.rows:
        unit = codes[item["code"]]
        unit.parent = refs_units.get(item["parent"])
        unit.issuer = refs_units.get(item["issuer"])
        unit.successor = refs_units.get(item["successor"])
        unit.save(update_fields=["parent", "issuer", "successor", "updated_at"])
        services.set_groups(unit=unit, keys=item["groups"])
    audit.record(
        actor=actor,
        action="units.import",
        object_type="org.unit",
        object_label=f"{len(preview.rows)} đơn vị",
        after={"creates": preview.creates, "updates": preview.updates},
    )
    return len(preview.rows)


def preview_people(data: bytes, filename: str) -> ImportPreview:
    """Parse a people list and check every row."""
    rows, pos = _sheet(data, filename, PEOPLE_COLUMNS)
    header = {c.field: c.header for c in PEOPLE_COLUMNS}
    preview = ImportPreview(kind="people")
    units = {u.code: u for u in Unit.objects.all()}
    usernames: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell_text(c) for c in row):
            continue
        item: dict[str, Any] = {"row": number}
        for name in ("full_name", "title", "unit", "username", "email", "phone"):
            item[name] = _get(row, pos, name)
        if not item["full_name"]:
            preview.errors.append(RowError(number, header["full_name"], "thiếu họ và tên."))
        if item["unit"] not in units:
            preview.errors.append(RowError(number, header["unit"], f"không có đơn vị mã “{item['unit']}”."))
        raw_role = _get(row, pos, "role")
        item["role"] = _ROLES.get(fold(raw_role)) if raw_role else Role.VIEWER
        if item["role"] is None:
            preview.errors.append(RowError(number, header["role"], f"vai trò “{raw_role}” không hợp lệ."))
        if item["email"] and ("@" not in item["email"] or " " in item["email"]):
            preview.errors.append(
                RowError(number, header["email"], f"địa chỉ “{item['email']}” không hợp lệ.")
            )
        if item["username"]:
            if item["username"] in usernames:
                preview.errors.append(
                    RowError(number, header["username"], f"trùng với dòng {usernames[item['username']]}.")
                )
            usernames[item["username"]] = number
        preview.rows.append(item)
    existing = set(
        Person.objects.filter(user__username__in=usernames).values_list("user__username", flat=True)
    )
    preview.updates = len(existing)
    preview.creates = len(preview.rows) - preview.updates
    if not preview.rows:
        preview.errors.append(RowError(2, "", "tệp không có dòng dữ liệu nào."))
    return preview


@transaction.atomic
def commit_people(*, actor: Any, preview: ImportPreview) -> int:
    """Write a previewed people list, all or nothing."""
    services.require_registry_manager(actor)
    if preview.errors:
        raise DomainError(
            f"Không nhập: tệp còn {len(preview.errors)} lỗi, hãy sửa rồi nhập lại.", code="import_has_errors"
        )
    units = {u.code: u for u in Unit.objects.filter(code__in={r["unit"] for r in preview.rows})}
    for item in preview.rows:
        services.save_person(
            actor=actor,
            full_name=item["full_name"],
            unit=units[item["unit"]],
            role=item["role"],
            title=item["title"],
            email=item["email"],
            phone=item["phone"],
            username=item["username"],
        )
    audit.record(
        actor=actor,
        action="people.import",
        object_type="org.person",
        object_label=f"{len(preview.rows)} cán bộ",
    )
    return len(preview.rows)


def export_units(units: Any, fmt: str) -> bytes:
    """The unit list in the import layout, so an exported file imports back unchanged."""
    header = [c.header for c in UNIT_COLUMNS]
    rows = []
    for u in units.select_related("parent", "issuer", "successor").prefetch_related("aliases", "memberships"):
        rows.append(
            [
                u.code,
                u.name,
                u.short_name,
                u.symbol,
                u.get_kind_display(),
                u.get_level_display(),
                u.parent.code if u.parent else "",
                u.issuer.code if u.issuer else "",
                "có" if u.is_issuer else "",
                u.place_name,
                "; ".join(GROUP_WORDS[GroupKey(g.key)] for g in u.memberships.all()),
                "; ".join(a.text for a in u.aliases.all()),
                u.valid_from.strftime("%d/%m/%Y") if u.valid_from else "",
                u.valid_to.strftime("%d/%m/%Y") if u.valid_to else "",
                u.successor.code if u.successor else "",
            ]
        )
    return write_xlsx(header, rows, "Đơn vị") if fmt == "xlsx" else write_csv(header, rows)


def export_people(people: Any, fmt: str) -> bytes:
    """The people list in the import layout."""
    header = [c.header for c in PEOPLE_COLUMNS]
    rows = [
        [
            p.full_name,
            p.title,
            p.unit.code,
            p.get_role_display(),
            p.user.username if p.user else "",
            p.email,
            p.phone,
        ]
        for p in people.select_related("unit", "user")
    ]
    return write_xlsx(header, rows, "Cán bộ") if fmt == "xlsx" else write_csv(header, rows)
