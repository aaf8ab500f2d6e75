"""The demo as a whole: each app contributes its part, in the order data flows through the office."""

from __future__ import annotations

from collections.abc import Callable

from dieuhanh.org.demo import demo_logins, load_demo


def load_all() -> dict[str, int]:
    """Load every app's demo data; safe to run again."""
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
    return counts


def print_logins(write: Callable[[str], object]) -> None:
    """Print the demo logins for the person starting the app."""
    write("Tài khoản mẫu (mật khẩu chung ở cột thứ hai):")
    for username, password, who in demo_logins():
        write(f"  {username:<18} {password:<14} {who}")
