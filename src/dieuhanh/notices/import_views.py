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
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
        pattern = r"\s+".join(re.escape(escape(w)) for w in words[:8])
        html = re.sub(pattern, _marker(index), html, count=1)
    return mark_safe(html)


def _corrected(post: Any, document: dict[str, Any]) -> dict[str, Any]:
    """Apply the office's corrections from the form to the parsed document."""
    doc = json.loads(json.dumps(document))
    for key in ("title", "number", "issued_on"):
        if key in post:
            doc[key] = post.get(key, "").strip() or None
    doc.setdefault("meeting", {})
    if post.get("held_on"):
        doc["meeting"]["held_on"] = post["held_on"].strip()
    directives = []
    for index, directive in enumerate(doc.get("directives") or []):
        if not post.get(f"keep{index}"):
            continue
        directive["text"] = post.get(f"text{index}", directive.get("text", "")).strip()
        directive["kind"] = post.get(f"kind{index}", directive.get("kind"))
        directive["deadline"] = post.get(f"deadline{index}") or None
        names = [n.strip() for n in post.get(f"assignees{index}", "").splitlines() if n.strip()]
        if names:
            old = {u.get("name"): u for u in directive.get("assignees") or []}
            directive["assignees"] = [old.get(n, {"name": n}) for n in names]
        directives.append(directive)
    doc["directives"] = directives
    return doc


@login_required
def import_notice(request: HttpRequest) -> HttpResponse:
    """Upload → side-by-side check and corrections → record."""
    person = person_of(request.user)
    if person is None or not request.user.has_perm("notices.draft", person.issuer):
        raise PermissionDenied
    context: dict[str, Any] = {"kinds": DirectiveKind.choices}
    try:
        if request.method == "POST" and request.POST.get("token"):
            token = request.POST["token"]
            if not token.isalnum():
                raise DomainError("Phiên nhập không hợp lệ.", code="bad_token")
            staged = _staging() / token
            if not staged.exists():
                raise DomainError("Tệp đã hết hạn, hãy tải lên lại.", code="staged_missing")
            upload = importing.parse_upload(
                staged.read_bytes(), request.session.get(f"notice-import-{token}", "")
            )
            notice = importing.record_import(
                actor=request.user,
                issuer=person.issuer,
                upload=upload,
                document=_corrected(request.POST, upload.document),
            )
            staged.unlink(missing_ok=True)
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
            request.session[f"notice-import-{token}"] = file.name or ""
            directives = [
                {**d, "index": i, "names": "\n".join(u.get("name", "") for u in d.get("assignees") or [])}
                for i, d in enumerate(upload.document.get("directives") or [])
            ]
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
