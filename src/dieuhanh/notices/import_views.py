"""The import page: upload, the parsed notice beside its source with every directive and assignee highlighted,
corrections, then recording."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from dieuhanh.annotations.services import store_review
from dieuhanh.core.errors import DomainError
from dieuhanh.directives.models import DirectiveKind
from dieuhanh.org.rules import person_of

from . import importing


def _staging() -> Path:
    path = Path(settings.DATA_DIR) / "tmp" / "notice-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _marker(index: int) -> Callable[[re.Match[str]], str]:
    def wrap(match: re.Match[str]) -> str:
        return f'<mark id="d{index}" data-testid="mark">{match.group(0)}</mark>'

    return wrap


def highlight(source: str, document: dict[str, Any]) -> SafeString:
    """The source text, escaped, with each directive's text marked where it occurs."""
    html: str = str(escape(source))
    for index, directive in enumerate(document.get("directives") or []):
        words = (directive.get("text") or "").split()
        if len(words) < 3:
            continue
        # the whole clause where it is found as written, else its first words
        for part in (words, words[:8]):
            pattern = r"\s+".join(re.escape(escape(w)) for w in part)
            html, found = re.subn(pattern, _marker(index), html, count=1)
            if found:
                break
    return mark_safe(html)


def _corrected(post: Any, document: dict[str, Any]) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    """The parsed document with the office's corrections from the form, and the kept directives by index."""
    doc = json.loads(json.dumps(document))
    for key in ("title", "number", "issued_on"):
        if key in post:
            doc[key] = post.get(key, "").strip() or None
    doc.setdefault("meeting", {})
    if post.get("held_on"):
        doc["meeting"]["held_on"] = post["held_on"].strip()
    directives = []
    kept: dict[int, dict[str, Any]] = {}
    for index, directive in enumerate(doc.get("directives") or []):
        if not post.get(f"keep{index}"):
            continue
        directive["text"] = post.get(f"text{index}", directive.get("text", "")).strip()
        directive["kind"] = post.get(f"kind{index}", directive.get("kind"))
        directive["deadline"] = post.get(f"deadline{index}") or None
        if f"assignees{index}" in post:
            names = [n.strip() for n in post.get(f"assignees{index}", "").splitlines() if n.strip()]
            old = {u.get("name"): u for u in directive.get("assignees") or []}
            directive["assignees"] = [old.get(n, {"name": n}) for n in names]
        directives.append(directive)
        kept[index] = directive
    doc["directives"] = directives
    return doc, kept


def _review_rows(document: dict[str, Any], issuer: Any) -> list[dict[str, Any]]:
    """Each parsed directive with its confidence and each assignee with what the registry knows of it."""
    from dieuhanh.org.resolver import resolver_for

    resolve = resolver_for(issuer)
    rows = []
    for index, directive in enumerate(document.get("directives") or []):
        assignees = []
        for unit in directive.get("assignees") or []:
            name = str(unit.get("name", ""))
            if unit.get("group"):
                assignees.append({**unit, "status": "group", "resolved_name": unit.get("name")})
                continue
            found = resolve(name).units() if name else []
            assignees.append(
                {
                    **unit,
                    "status": "unit" if found else "unresolved",
                    "resolved_name": found[0].name if found else "",
                }
            )
        confidence = directive.get("confidence")
        rows.append(
            {
                **directive,
                "index": index,
                "assignees": assignees,
                "names": "\n".join(u.get("name", "") for u in directive.get("assignees") or []),
                "percent": round(100 * confidence) if isinstance(confidence, (int, float)) else None,
                "doubtful": isinstance(confidence, (int, float)) and confidence < REVIEW_BELOW,
                "unresolved": sum(1 for a in assignees if a["status"] == "unresolved"),
            }
        )
    return rows


# Directives the model is less sure of than this are flagged for a closer look.
REVIEW_BELOW = 0.6


@login_required
def import_notice(request: HttpRequest) -> HttpResponse:
    """Upload → side-by-side check and corrections → record."""
    person = person_of(request.user)
    if person is None or not request.user.has_perm("notices.draft", person.issuer):
        raise PermissionDenied
    context: dict[str, Any] = {"kinds": DirectiveKind.choices, "review_below": round(100 * REVIEW_BELOW)}
    try:
        if request.method == "POST" and request.POST.get("token"):
            token = request.POST["token"]
            if not token.isalnum():
                raise DomainError("Phiên nhập không hợp lệ.", code="bad_token")
            staged = _staging() / token
            if not staged.exists():
                raise DomainError("Tệp đã hết hạn, hãy tải lên lại.", code="staged_missing")
            read_as = _staging() / f"{token}.json"
            upload = importing.parse_upload(
                staged.read_bytes(),
                request.session.get(f"notice-import-{token}", ""),
                tuple(json.loads(read_as.read_text(encoding="utf-8"))) if read_as.exists() else None,
            )
            reviewed, kept = _corrected(request.POST, upload.document)
            with transaction.atomic():
                notice = importing.record_import(
                    actor=request.user, issuer=person.issuer, upload=upload, document=reviewed
                )
                store_review(
                    actor=request.user,
                    issuer=person.issuer,
                    source_name=request.session.get(f"notice-import-{token}", ""),
                    source_sha256=upload.sha256,
                    text=upload.source_text,
                    parsed=upload.document,
                    reviewed=reviewed,
                    kept=kept,
                )
            staged.unlink(missing_ok=True)
            read_as.unlink(missing_ok=True)
            messages.success(request, "Đã ghi thông báo, phiên họp và các nhiệm vụ.")
            return redirect("notices:detail", pk=notice.pk)
        if request.method == "POST":
            file = request.FILES.get("file")
            if file is None:
                raise DomainError("Chưa chọn tệp.", code="no_file")
            data = file.read(importing.MAX_IMPORT_BYTES + 1)
            upload = importing.parse_upload(data, file.name or "")
            token = secrets.token_hex(16)
            (_staging() / token).write_bytes(data)
            (_staging() / f"{token}.json").write_text(
                json.dumps([upload.source_text, upload.kind, upload.encoding], ensure_ascii=False),
                encoding="utf-8",
            )
            request.session[f"notice-import-{token}"] = file.name or ""
            directives = _review_rows(upload.document, person.issuer)
            context.update(
                upload=upload,
                token=token,
                source=highlight(upload.source_text, upload.document),
                directives=directives,
                doc=upload.document,
            )
    except DomainError as exc:
        context["error"] = exc.message
    return render(request, "notices/import.html", context)
