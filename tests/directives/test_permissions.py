"""Unit B never reads or changes unit A's assignments, reports or files: not by page, API or guessed id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from dieuhanh.core.errors import PermissionDenied
from dieuhanh.directives.models import Assignment, Attachment
from dieuhanh.directives.progress import submit_progress
from dieuhanh.directives.queries import visible_assignments

from .conftest import assignment_of, pdf, user

pytestmark = pytest.mark.django_db

Clients = Callable[[str], Client]


@pytest.fixture
def commune_report(seed: Any) -> Assignment:
    """Đồng Quế's assignment with a progress report and a file."""
    a = assignment_of(seed, "08800", "Yêu cầu UBND các xã")
    submit_progress(
        actor=user("xa.dongque"), assignment=a, text="Bí mật của xã", percent=30, attachments=[pdf("xa.pdf")]
    )
    return a


def test_each_unit_sees_only_its_own_assignments(seed: Any) -> None:
    commune = visible_assignments(user("xa.dongque"))
    assert set(commune.values_list("unit__code", flat=True)) == {"08800"}
    assert commune.count() == 5  # the five seed directives that reach the communes
    tnmt = visible_assignments(user("chuyenvien.tnmt"))
    assert set(tnmt.values_list("unit__code", flat=True)) == {"253-TNMT"}
    assert visible_assignments(user("vanphong")).count() == Assignment.objects.count()
    assert visible_assignments(user("chutich")).count() == Assignment.objects.count()


def test_pages_of_another_unit_are_not_found(client_for: Clients, commune_report: Assignment) -> None:
    file = Attachment.objects.get(report__assignment=commune_report)
    other = client_for("chuyenvien.tnmt")
    for url in (
        f"/nhiem-vu/{commune_report.pk}/",
        f"/nhiem-vu/{commune_report.pk}/lich-su/",
        f"/nhiem-vu/tep/{file.pk}/",
    ):
        response = other.get(url)
        assert response.status_code == 404, url
        assert "Bí mật của xã" not in response.content.decode()
    assert other.get("/nhiem-vu/don-vi/08800/").status_code == 403
    own = client_for("xa.dongque")
    assert own.get(f"/nhiem-vu/{commune_report.pk}/").status_code == 200
    download = own.get(f"/nhiem-vu/tep/{file.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert client_for("vanphong").get(f"/nhiem-vu/tep/{file.pk}/").status_code == 200


def test_lists_never_show_another_unit(client_for: Clients, commune_report: Assignment) -> None:
    page = client_for("chuyenvien.tnmt").get("/nhiem-vu/don-vi/253-TNMT/").content.decode()
    assert "Phòng Tài nguyên" in page and f"/nhiem-vu/{commune_report.pk}/" not in page
    listing = client_for("chuyenvien.tnmt").get("/nhiem-vu/", follow=True).content.decode()
    assert f"/nhiem-vu/{commune_report.pk}/" not in listing


def test_posting_to_another_units_assignment_changes_nothing(
    client_for: Clients, commune_report: Assignment
) -> None:
    before = commune_report.reports.count()
    response = client_for("chuyenvien.tnmt").post(
        f"/nhiem-vu/{commune_report.pk}/thao-tac/", {"action": "progress", "text": "Ghi đè", "percent": "100"}
    )
    assert response.status_code == 404
    assert commune_report.reports.count() == before
    with pytest.raises(PermissionDenied):
        submit_progress(actor=user("chuyenvien.tnmt"), assignment=commune_report, text="x", percent=1)
    with pytest.raises(PermissionDenied):
        submit_progress(actor=user("vanphong"), assignment=commune_report, text="x", percent=1)


def test_the_api_applies_the_same_rules(client_for: Clients, commune_report: Assignment) -> None:
    other = client_for("chuyenvien.tnmt")
    rows = other.get("/api/directives/assignments?limit=500").json()["items"]
    assert rows and {r["unit_code"] for r in rows} == {"253-TNMT"}
    assert other.get(f"/api/directives/assignments/{commune_report.pk}").status_code == 404
    posted = other.post(
        f"/api/directives/assignments/{commune_report.pk}/progress", {"text": "x", "percent": 5}
    )
    assert posted.status_code == 404
    assert commune_report.reports.count() == 1
    office = client_for("vanphong").get("/api/directives/assignments?limit=1000").json()
    assert office["count"] == Assignment.objects.count()


def test_viewers_read_but_change_nothing(client_for: Clients, commune_report: Assignment) -> None:
    viewer = client_for("xem")
    assert viewer.get(f"/nhiem-vu/{commune_report.pk}/").status_code == 200
    viewer.post(f"/nhiem-vu/{commune_report.pk}/thao-tac/", {"action": "confirm"})
    viewer.post(
        f"/nhiem-vu/{commune_report.pk}/thao-tac/", {"action": "close", "closure": "cancelled", "reason": "x"}
    )
    commune_report.refresh_from_db()
    assert commune_report.closed_on is None and commune_report.done_on is None
    assert viewer.get("/nhiem-vu/giao-moi/").status_code == 403
