"""Password policy: at least 12 characters, not common, not numeric, not like the account, none of the last 5."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from dieuhanh.accounts.models import PasswordHistory
from dieuhanh.core.models import AuditEvent
from dieuhanh.org.demo import DEMO_PASSWORD

PASSWORDS = [f"Sông Lô mùa lúa {n} chín vàng" for n in range(1, 7)]


def _refusal(password: str, user: Any = None) -> list[str]:
    with translation.override("vi"):
        try:
            validate_password(password, user)
        except ValidationError as exc:
            return [str(m) for m in exc.messages]
    return []


@pytest.fixture
def officer(db: None) -> Any:
    return get_user_model().objects.create_user(
        "can.bo.thu", email="nguyenvanthu@songlo.example", first_name="Nguyễn Văn Thứ", password=PASSWORDS[0]
    )


def test_short_common_numeric_and_similar_passwords_are_refused_in_vietnamese(officer: Any) -> None:
    assert _refusal("ngan-qua-1", officer) == ["Mật khẩu quá ngắn: cần ít nhất 12 ký tự."]
    assert _refusal("qwerty123456", officer) == ["Mật khẩu này quá phổ biến."]
    assert "Mật khẩu này hoàn toàn là số." in _refusal("98017245360184", officer)
    assert _refusal("nguyenvanthu@songlo", officer) == ["Mật khẩu quá giống với địa chỉ email."]
    assert _refusal("một mật khẩu đủ dài và lạ", officer) == []


def test_each_of_the_last_five_passwords_is_refused_and_the_sixth_back_is_accepted(officer: Any) -> None:
    for password in PASSWORDS[1:5]:
        officer.set_password(password)
        officer.save()
    # Five passwords so far (PASSWORDS[0..4]); the current one is PASSWORDS[4].
    for password in PASSWORDS[:5]:
        messages = _refusal(password, officer)
        assert messages == [
            "Mật khẩu này trùng với một trong 5 mật khẩu đã dùng gần đây. Hãy chọn mật khẩu khác."
        ]
    officer.set_password(PASSWORDS[5])
    officer.save()
    assert _refusal(PASSWORDS[0], officer) == []  # now six back
    for password in PASSWORDS[1:6]:
        assert _refusal(password, officer), password
    assert PasswordHistory.objects.filter(user=officer).count() == 5  # older hashes are not kept


def test_change_password_page_applies_the_policy_and_keeps_the_session(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for("truongphong.tnmt")
    page = client.get("/tai-khoan/doi-mat-khau/").content.decode()
    assert "ít nhất 12 ký tự" in page and "khác 5 mật khẩu gần nhất" in page

    def change(new: str, old: str = DEMO_PASSWORD) -> Any:
        return client.post(
            "/tai-khoan/doi-mat-khau/", {"old_password": old, "new_password1": new, "new_password2": new}
        )

    assert "Mật khẩu quá ngắn" in change("ngan-qua-1").content.decode()
    assert "Mật khẩu này quá phổ biến" in change("qwerty123456").content.decode()
    assert "Mật khẩu cũ không chính xác" in change(PASSWORDS[1], old="sai-mat-khau-cu").content.decode()
    reused = change(DEMO_PASSWORD)
    assert reused.status_code == 200 and "trùng với một trong 5 mật khẩu" in reused.content.decode()
    done = change(PASSWORDS[1])
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/"
    assert "Đã đổi mật khẩu." in client.get("/tai-khoan/").content.decode()  # still signed in
    user = get_user_model().objects.get(username="truongphong.tnmt")
    assert user.check_password(PASSWORDS[1])
    assert AuditEvent.objects.filter(action="account.password_change", actor=user).count() == 1
    assert PasswordHistory.objects.filter(user=user).count() == 2  # the demo password and the new one
