"""The demo as a whole: each app contributes its part, in the order data flows through the office."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model

from dieuhanh.org.demo import demo_logins, load_demo


def load_all(*, two_factor: bool = False) -> dict[str, int]:
    """Load every app's demo data; safe to run again. ``two_factor`` enrols the demo authenticator for the
    logins that must use two-factor sign-in (the ``demo`` command does; tests that sign in by password do not)."""
    counts: dict[str, int] = {}
    counts.update(load_demo())
    from dieuhanh.meetings.demo import load_seed_session
    from dieuhanh.notices.demo import issue_seed_notice

    meeting = load_seed_session()
    counts["meetings"] = 1
    counts["notices"] = 1 if issue_seed_notice(meeting) else 0
    from dieuhanh.directives.demo import load_demo_assignments

    load_demo_assignments(source_label="Thông báo số 15/TB-UBND ngày 10/8/2021")
    from dieuhanh.directives.models import Assignment

    counts["assignments"] = Assignment.objects.count()
    from dieuhanh.tthc.demo import load_demo_dossiers

    result = load_demo_dossiers()
    if isinstance(result, dict):
        counts.update({f"tthc_{k}": v for k, v in result.items() if isinstance(v, int)})
    if two_factor:
        from dieuhanh.accounts.demo import enrol_demo_logins

        counts["two_factor_logins"] = len(enrol_demo_logins())
    return counts


def print_logins(write: Callable[[str], object]) -> None:
    """Print the demo logins for the person starting the app."""
    write("Tài khoản mẫu (mật khẩu chung ở cột thứ hai):")
    from dieuhanh.accounts.demo import DEMO_TOTP_SECRET
    from dieuhanh.org.rules import two_factor_required

    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=[u for u, _p, _w in demo_logins()])
    }
    for username, password, who in demo_logins():
        mark = " *" if username in users and two_factor_required(users[username]) else ""
        write(f"  {username:<18} {password:<14} {who}{mark}")
    write(
        "* Xác thực hai lớp: lấy mã bằng `dieuhanh accounts totp TÊN-ĐĂNG-NHẬP`, hoặc thêm khóa mẫu "
        f"{DEMO_TOTP_SECRET} vào ứng dụng xác thực (chỉ dùng cho dữ liệu mẫu)."
    )
