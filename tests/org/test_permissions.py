"""Who may open which page, per role: a unit officer never sees another unit's pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ALL_ROLES = [
    "chutich",
    "phochutich",
    "chanhvanphong",
    "vanphong",
    "truongphong.tnmt",
    "chuyenvien.tnmt",
    "xa.dongque",
    "xem",
]

# username -> (own unit page that opens, another unit's page that must be refused or None)
UNIT_USERS = {
    "truongphong.tnmt": ("253-TNMT", "253-TP"),
    "chuyenvien.tnmt": ("253-TNMT", "08800"),
    "xa.dongque": ("08800", "253-TNMT"),
}


@pytest.mark.parametrize("username", ALL_ROLES)
def test_every_role_has_a_home_page(client_for: Callable[[str], Client], username: str) -> None:
    response = client_for(username).get("/")
    assert response.status_code == 200
    assert b'data-testid="home-title"' in response.content


@pytest.mark.parametrize("username", sorted(UNIT_USERS))
def test_unit_officer_sees_only_their_unit(client_for: Callable[[str], Client], username: str) -> None:
    own, other = UNIT_USERS[username]
    client = client_for(username)
    assert client.get(f"/don-vi/{own}/").status_code == 200
    refused = client.get(f"/don-vi/{other}/")
    assert refused.status_code == 403
    assert "Không có quyền truy cập" in refused.content.decode()
    listing = client.get("/don-vi/").content.decode()
    assert f"/don-vi/{own}/" in listing and f"/don-vi/{other}/" not in listing


@pytest.mark.parametrize("username", ["chutich", "phochutich", "chanhvanphong", "vanphong", "xem"])
def test_issuer_wide_roles_see_every_unit(client_for: Callable[[str], Client], username: str) -> None:
    client = client_for(username)
    for code in ("253-TNMT", "253-TP", "08800", "253"):
        assert client.get(f"/don-vi/{code}/").status_code == 200


@pytest.mark.parametrize(
    ("username", "status"),
    [("vanphong", 200), ("chanhvanphong", 200), ("chutich", 403), ("xem", 403), ("chuyenvien.tnmt", 403)],
)
def test_only_the_office_imports_and_exports(
    client_for: Callable[[str], Client], username: str, status: int
) -> None:
    client = client_for(username)
    assert client.get("/don-vi/nhap/").status_code == status
    assert client.get("/don-vi/xuat.xlsx").status_code == status
    assert client.get("/can-bo/nhap/").status_code == status


def test_anonymous_is_sent_to_login(demo: dict[str, int]) -> None:
    for url in ("/", "/don-vi/", "/don-vi/253-TP/", "/can-bo/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_web_import_previews_then_writes(client_for: Callable[[str], Client]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dieuhanh.core.tables import write_csv
    from dieuhanh.org.importing import UNIT_COLUMNS
    from dieuhanh.org.models import Unit

    header = [c.header for c in UNIT_COLUMNS]
    row = {"code": "X1", "name": "Phòng Thử nghiệm", "kind": "phòng", "level": "huyện", "issuer": "253"}
    data = write_csv(header, [[row.get(c.field, "") for c in UNIT_COLUMNS]])
    client = client_for("vanphong")
    page = client.post("/don-vi/nhap/", {"file": SimpleUploadedFile("dv.csv", data)})
    assert page.status_code == 200 and not Unit.objects.filter(code="X1").exists()
    token = page.context["token"]
    done = client.post("/don-vi/nhap/", {"token": token})
    assert done.status_code == 302 and Unit.objects.filter(code="X1").exists()
