"""Helpers for the parser's tests: the shared evaluation files, a small schema check, PDF and DOCX makers."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SAMPLES = Path(__file__).resolve().parent / "samples"
SEED = SHARED / "seeds" / "000_a08bba705eea0cfa.txt"
SEED_GOLD = SHARED / "eval" / "000_a08bba705eea0cfa.gold.json"
SCHEMA = SHARED / "eval" / "notice.schema.json"
SCORER = SHARED / "eval" / "score.py"


def load_scorer() -> ModuleType | None:
    """The evaluation's scorer module, imported from the shared folder beside the repository, or None."""
    if not SCORER.exists():
        return None
    spec = importlib.util.spec_from_file_location("notice_score", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sample_names() -> list[str]:
    """Stems of the hand-annotated samples (each has NAME.txt and NAME.gold.json)."""
    return sorted(p.name[: -len(".gold.json")] for p in SAMPLES.glob("*.gold.json"))


def sample_path(name: str) -> Path:
    """The source file of a sample: NAME.txt, or NAME.html for a saved web page."""
    text = SAMPLES / f"{name}.txt"
    return text if text.exists() else SAMPLES / f"{name}.html"


def gold(name: str) -> dict[str, Any]:
    """The hand-written expected document of a sample."""
    return json.loads((SAMPLES / f"{name}.gold.json").read_text(encoding="utf-8"))


# --- a small JSON Schema check (the subset notice.schema.json uses), for when jsonschema is not installed ---

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "number": (int, float),
    "integer": (int,),
    "boolean": (bool,),
    "null": (type(None),),
}


def schema_errors(value: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    """Violations of ``schema`` by ``value``: type, const, enum, required, properties, items, $ref, date format."""
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        return schema_errors(value, target, root, path)
    errors: list[str] = []
    types = schema.get("type")
    if types is not None:
        allowed = [types] if isinstance(types, str) else types
        ok = any(isinstance(value, _TYPES[t]) and not (t in ("number", "integer") and isinstance(value, bool))
                 for t in allowed)  # fmt: skip
        if not ok:
            return [f"{path}: {type(value).__name__} is not {allowed}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if schema.get("format") == "date" and isinstance(value, str):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            errors.append(f"{path}: {value!r} is not an ISO date")
    if isinstance(value, dict):
        errors.extend(f"{path}: missing {key}" for key in schema.get("required", []) if key not in value)
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors.extend(schema_errors(value[key], sub, root, f"{path}.{key}"))
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors.extend(schema_errors(item, schema["items"], root, f"{path}[{i}]"))
    return errors


def validate(document: dict[str, Any]) -> list[str]:
    """Schema violations of a parsed document (jsonschema when installed, else the small check above)."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    try:
        import jsonschema
    except ImportError:
        return schema_errors(document, schema, schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(document)]


# --- file makers -------------------------------------------------------------------------------------------


def make_docx(text: str, header_table: bool = True) -> bytes:
    """A DOCX of a notice: the header (up to 'THÔNG BÁO') as a two-column table, the rest as paragraphs."""
    from docx import Document

    document = Document()
    lines = text.split("\n")
    start = 0
    if header_table:
        heading = next((i for i, line in enumerate(lines) if line.strip() == "THÔNG BÁO"), 0)
        header, start = lines[:heading], heading
        left = [line for line in header if not re.search(r"CỘNG HÒA|Độc lập|ngày \d", line)]
        right = [line for line in header if line not in left]
        table = document.add_table(rows=1, cols=2)
        for cell, column in zip(table.rows[0].cells, (left, right), strict=True):
            cell.text = "\n".join(column)
    for line in lines[start:]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (Helvetica, so ASCII text only)."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    stream = "BT /F1 11 Tf 40 800 Td 14 TL " + " ".join(f"({line}) '" for line in escaped) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def make_blank_pdf() -> bytes:
    """A PDF whose only page has no text (as a scan without OCR would have)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
