"""The operator page of outgoing e-mail, ``/hop-thu-di/``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dieuhanh.core.errors import DomainError

from . import queries, services
from .models import Status

PAGE_SIZE = 200


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    """Messages by status, failed first, with their attempts and last error (or of one status: ?trang-thai=)."""
    if not request.user.has_perm("outbox.view"):
        raise PermissionDenied
    visible = queries.visible_to(request.user)
    status = request.GET.get("trang-thai", "")
    shown = visible.filter(status=status) if status in Status.values else visible
    return render(
        request,
        "outbox/list.html",
        {
            "rows": queries.by_status(shown)[:PAGE_SIZE],
            "counts": [
                (s, s.label, n) for s, n in zip(queries.ORDER, queries.counts(visible).values(), strict=True)
            ],
            "status": status,
            "page_size": PAGE_SIZE,
        },
    )


@login_required
@require_POST
def message_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a message again at the sender's next run (within a minute)."""
    message = queries.visible_to(request.user).filter(pk=pk).first()
    if message is None:
        raise Http404
    try:
        services.retry(actor=request.user, message=message)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Thư số {message.pk} sẽ được gửi lại trong vòng một phút.")
    return redirect("outbox:list")
