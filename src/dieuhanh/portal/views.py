"""Public pages: published notices (searchable without diacritics) and their Atom feed."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from dieuhanh.core.params import search_text
from dieuhanh.notices import drafting
from dieuhanh.notices.models import Notice, NoticeStatus
from dieuhanh.notices.queries import public_notices


def verify_signature(request: HttpRequest) -> HttpResponse:
    """Anyone checks a signed PDF: who signed, when, and whether it was changed afterwards."""
    from dieuhanh.notices.output import signing_config
    from dieuhanh.notices.render.signing import verify_pdf

    result, error = None, ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "Chưa chọn tệp."
        elif (upload.size or 0) > 20 * 1024 * 1024:
            error = "Tệp quá lớn: tối đa 20 MB."
        else:
            config = signing_config()
            result = verify_pdf(upload.read(), trust_roots=config.trust_roots if config else ())
    return render(request, "portal/verify.html", {"result": result, "error": error})


def notice_list(request: HttpRequest) -> HttpResponse:
    query = search_text(request.GET)
    return render(
        request, "portal/notice_list.html", {"notices": public_notices(query)[:100], "query": query}
    )


def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=pk, status=NoticeStatus.ISSUED, is_public=True)
    lines = [
        drafting.recipient_line(r, i == len(notice.recipients) - 1) for i, r in enumerate(notice.recipients)
    ]
    return render(request, "portal/notice_detail.html", {"notice": notice, "recipient_lines": lines})


class NoticeFeed(Feed):
    """Atom feed of published notices."""

    feed_type = Atom1Feed
    title = "Thông báo kết luận đã công khai"
    subtitle = "Các thông báo kết luận của UBND được công khai trên cổng thông tin"

    def link(self) -> str:
        return reverse("portal:notices")

    def items(self) -> Any:
        return public_notices()[:50]

    def item_title(self, item: Notice) -> str:
        return f"{item.number_symbol} — {item.title}"

    def item_description(self, item: Notice) -> str:
        # Atom marks the summary as HTML: the notice's text is escaped so that it stays text in a feed reader.
        return escape(" ".join(drafting.paragraph_text(p) for p in item.body[:3]))

    def item_link(self, item: Notice) -> str:
        return reverse("portal:notice", args=[item.pk])

    def item_pubdate(self, item: Notice) -> Any:
        return item.published_at
