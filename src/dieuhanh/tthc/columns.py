"""The columns of a one-stop system's dossier export: fields, the headers offices' systems write, header rows.

No Django here. A source's saved mapping (field → header text as in its files) comes first; a field it does not
name is found by the common Vietnamese headers below (compared without diacritics, case or spacing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dieuhanh.core.errors import DomainError
from dieuhanh.vn.text import fold

HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True, slots=True)
class Field:
    """A field of a dossier record: its name, Vietnamese label, kind and the headers that mean it (best first)."""

    name: str
    label: str
    kind: str  # text, unit, channel, date, bool
    headers: tuple[str, ...]
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field(
        "dossier_code",
        "Mã hồ sơ",
        "text",
        ("Mã hồ sơ", "Số hồ sơ", "Mã số hồ sơ", "Mã HS", "Số biên nhận", "Mã biên nhận", "dossier_code"),
        required=True,
    ),
    Field(
        "procedure_code",
        "Mã thủ tục",
        "text",
        ("Mã thủ tục", "Mã TTHC", "Mã thủ tục hành chính", "procedure_code"),
    ),
    Field(
        "procedure_name",
        "Tên thủ tục",
        "text",
        (
            "Tên thủ tục",
            "Tên TTHC",
            "Tên thủ tục hành chính",
            "Thủ tục hành chính",
            "Thủ tục",
            "procedure_name",
        ),
    ),
    Field("field", "Lĩnh vực", "text", ("Lĩnh vực", "Tên lĩnh vực", "field")),
    Field(
        "unit",
        "Đơn vị tiếp nhận",
        "unit",
        (
            "Mã đơn vị",
            "Đơn vị tiếp nhận",
            "Cơ quan tiếp nhận",
            "Đơn vị giải quyết",
            "Cơ quan giải quyết",
            "Đơn vị xử lý",
            "Đơn vị",
            "Cơ quan",
            "unit_code",
        ),
        required=True,
    ),
    Field(
        "channel",
        "Kênh tiếp nhận",
        "channel",
        ("Kênh tiếp nhận", "Hình thức tiếp nhận", "Hình thức nộp", "Kênh nộp", "Kênh thực hiện", "channel"),
    ),
    Field(
        "received_at",
        "Ngày tiếp nhận",
        "date",
        ("Ngày tiếp nhận", "Thời gian tiếp nhận", "Ngày nhận", "Ngày nộp", "Ngày nhận hồ sơ", "received_at"),
        required=True,
    ),
    Field(
        "due_at",
        "Hạn giải quyết",
        "date",
        (
            "Hạn giải quyết",
            "Hạn xử lý",
            "Ngày hẹn trả",
            "Ngày hẹn trả kết quả",
            "Thời hạn giải quyết",
            "due_at",
        ),
    ),
    Field(
        "resolved_at",
        "Ngày có kết quả",
        "date",
        (
            "Ngày có kết quả",
            "Ngày hoàn thành",
            "Ngày xử lý xong",
            "Ngày giải quyết xong",
            "Ngày giải quyết",
            "Ngày trả kết quả",
            "resolved_at",
        ),
    ),
    Field(
        "returned_at",
        "Ngày trả lại hồ sơ",
        "date",
        ("Ngày trả lại hồ sơ", "Ngày trả lại", "Ngày từ chối", "returned_at"),
    ),
    Field(
        "withdrawn_at",
        "Ngày rút hồ sơ",
        "date",
        ("Ngày rút hồ sơ", "Ngày rút", "Ngày công dân rút hồ sơ", "withdrawn_at"),
    ),
    Field(
        "result", "Kết quả", "text", ("Kết quả giải quyết", "Kết quả", "Trạng thái", "Tình trạng", "result")
    ),
    Field(
        "online_payment",
        "Thanh toán trực tuyến",
        "bool",
        ("Thanh toán trực tuyến", "Đã thanh toán trực tuyến", "TT trực tuyến", "online_payment"),
    ),
    Field(
        "digitised", "Số hóa", "bool", ("Số hóa", "Đã số hóa", "Số hóa hồ sơ", "Số hóa kết quả", "digitised")
    ),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
DATE_FIELDS = tuple(f.name for f in FIELDS if f.kind == "date")
TEXT_FIELDS = tuple(f.name for f in FIELDS if f.kind == "text")
BOOL_FIELDS = tuple(f.name for f in FIELDS if f.kind == "bool")

# Channel words as exports write them (folded), after 766's KenhThucHien codes: 1 counter, 2 online, 3 postal.
CHANNEL_WORDS = {
    "online": (
        "truc tuyen",
        "online",
        "qua mang",
        "dich vu cong truc tuyen",
        "dvc truc tuyen",
        "nop truc tuyen",
        "2",
    ),
    "counter": ("truc tiep", "tai quay", "counter", "nop truc tiep", "mot cua", "1"),
    "postal": ("buu chinh", "buu chinh cong ich", "bcci", "qua buu dien", "buu dien", "postal", "3"),
}
CHANNEL_LABELS = {"online": "Trực tuyến", "counter": "Trực tiếp", "postal": "Bưu chính công ích"}
TRUE_WORDS = ("co", "x", "1", "true", "yes", "da thanh toan", "da so hoa", "dung", "roi")
FALSE_WORDS = ("khong", "0", "false", "no", "chua", "chua thanh toan", "chua so hoa", "-")


def channel_of(text: str) -> str | None:
    """The channel ('online', 'counter', 'postal') a cell names; '' is the counter; None when unknown."""
    key = " ".join(fold(text).replace("-", " ").split())
    if not key:
        return "counter"
    for channel, words in CHANNEL_WORDS.items():
        if key in words:
            return channel
    for channel, words in CHANNEL_WORDS.items():
        if any(len(w) > 2 and key.startswith(w) for w in words):
            return channel
    return None


def bool_of(text: str) -> bool | None:
    """A yes/no cell ('Có', 'x', 'Không', ''): True, False, or None when it is neither."""
    key = " ".join(fold(text).split())
    if not key or key in FALSE_WORDS:
        return False
    if key in TRUE_WORDS:
        return True
    return None


def _key(text: Any) -> str:
    return " ".join(fold(str(text or "")).replace("*", " ").replace(":", " ").split())


@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Where the fields are: the header's row (1-based, as Excel numbers it) and each field's column index."""

    row: int
    positions: dict[str, int]
    headers: dict[str, str]  # field -> the header text as written in the file

    def column_label(self, field: str) -> str:
        """The header of ``field`` as the file writes it (for error messages)."""
        return self.headers.get(field) or FIELD_BY_NAME[field].label


def _positions(cells: Sequence[Any], mapping: Mapping[str, str]) -> dict[str, int]:
    keys = [_key(c) for c in cells]
    positions: dict[str, int] = {}
    taken: set[int] = set()
    # Headers named by the source's mapping first, then the common headers in order of preference.
    for field in FIELDS:
        wanted = _key(mapping.get(field.name, ""))
        if wanted and wanted in keys:
            positions[field.name] = keys.index(wanted)
            taken.add(positions[field.name])
    for field in FIELDS:
        if field.name in positions or mapping.get(field.name):
            continue
        for header in field.headers:
            index = next((i for i, k in enumerate(keys) if k == _key(header) and i not in taken), None)
            if index is not None:
                positions[field.name] = index
                taken.add(index)
                break
    return positions


def find_header(
    rows: Sequence[Sequence[Any]], mapping: Mapping[str, str], *, unit_optional: bool = False
) -> HeaderMap:
    """The header row among the first rows (exports often start with a title), or an error naming what is
    missing from the most complete candidate."""
    required = [f.name for f in FIELDS if f.required and not (unit_optional and f.name == "unit")]
    best: tuple[int, dict[str, int]] | None = None
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        positions = _positions(cells, mapping)
        if all(name in positions for name in required):
            headers = {name: " ".join(str(cells[i]).split()) for name, i in positions.items()}
            return HeaderMap(row=index + 1, positions=positions, headers=headers)
        if positions and (best is None or len(positions) > len(best[1])):
            best = (index, positions)
    if not any(any(str(c or "").strip() for c in cells) for cells in rows):
        raise DomainError("Tệp không có dữ liệu.", code="empty_file")
    found = best[1] if best else {}
    missing = [
        f"“{mapping.get(name) or FIELD_BY_NAME[name].label}”" for name in required if name not in found
    ]
    raise DomainError(
        f"Tệp thiếu cột bắt buộc: {', '.join(missing)}. Hãy kiểm tra dòng tiêu đề của tệp hoặc ánh xạ cột "
        "của nguồn dữ liệu.",
        code="missing_columns",
        log_message=f"dossier file lacks columns {missing}",
    )


def clean_mapping(data: Mapping[str, Any]) -> dict[str, str]:
    """A mapping as saved: known fields only, header texts trimmed, empty entries dropped."""
    unknown = sorted(set(data) - set(FIELD_BY_NAME))
    if unknown:
        raise DomainError(f"Ánh xạ cột có trường không biết: {', '.join(unknown)}.", code="bad_mapping")
    return {name: " ".join(str(v).split()) for name, v in data.items() if str(v or "").strip()}
