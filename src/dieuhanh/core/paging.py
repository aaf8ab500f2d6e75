"""One page of a long list, the same way on every page of the app: 50 rows, ``?page=N`` in the address (a
number out of range shows the last page), the other query parameters kept in the links (``core/_pager.html``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.http import urlencode

PER_PAGE = 50


def page_of(request: HttpRequest, rows: Sequence[Any] | Any, per_page: int = PER_PAGE) -> Page[Any]:
    """The page of ``rows`` (a queryset, read only for that page, or a list) the request asks for."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def other_params(request: HttpRequest) -> str:
    """The request's query parameters but the page number, as a query string for the pager's links."""
    kept = [(k, v) for k, values in request.GET.lists() if k != "page" for v in values]
    return urlencode(kept)
