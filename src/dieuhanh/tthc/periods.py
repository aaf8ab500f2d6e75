"""Reporting periods (kỳ báo cáo): a month, a quarter, a year or any run of days, in local time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dieuhanh.core.errors import DomainError

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_VN_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|:|/)\s*(\d{4}-\d{2}-\d{2})$")


class PeriodError(DomainError):
    """A period that cannot be understood."""


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


@dataclass(frozen=True, order=True, slots=True)
class Period:
    """The days first_day..last_day (both included); ``start``/``end`` are the local instants around them."""

    first_day: date
    last_day: date

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise PeriodError(
                f"Kỳ báo cáo không hợp lệ: ngày cuối {self.last_day:%d/%m/%Y} "
                f"trước ngày đầu {self.first_day:%d/%m/%Y}.",
                code="bad_period",
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``month`` of ``year``."""
        return cls(date(year, month, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter 1-4 of ``year``."""
        return cls(date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter))

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read '2021-07' (or '7/2021'), '2021-Q3', '2021', '2021-07-01' or '2021-07-01..2021-07-15'."""
        value = text.strip()
        try:
            if m := _MONTH.match(value):
                return cls.month(int(m[1]), int(m[2]))
            if m := _VN_MONTH.match(value):
                return cls.month(int(m[2]), int(m[1]))
            if m := _QUARTER.match(value):
                return cls.quarter(int(m[1]), int(m[2]))
            if m := _YEAR.match(value):
                return cls.year(int(m[1]))
            if _DAY.match(value):
                return cls(date.fromisoformat(value), date.fromisoformat(value))
            if m := _RANGE.match(value):
                return cls(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
        except ValueError:
            pass
        raise PeriodError(
            f"Kỳ báo cáo không hợp lệ: “{text}”. Ghi theo dạng 2021-07 (tháng), 2021-Q3 (quý), 2021 (năm), "
            "2021-07-01 (một ngày) hoặc 2021-07-01..2021-07-15 (từ ngày đến ngày).",
            code="bad_period",
            log_message=f"cannot parse period {text!r}",
        )

    @property
    def start(self) -> datetime:
        """First instant (naive local time)."""
        return datetime.combine(self.first_day, datetime.min.time())

    @property
    def end(self) -> datetime:
        """First instant after the period (naive local time, excluded)."""
        return datetime.combine(self.last_day + timedelta(days=1), datetime.min.time())

    @property
    def days(self) -> int:
        """Number of days in the period."""
        return (self.last_day - self.first_day).days + 1

    @property
    def is_month(self) -> bool:
        """True for one whole calendar month."""
        return self.first_day.day == 1 and self.last_day == _month_end(
            self.first_day.year, self.first_day.month
        )

    @property
    def is_quarter(self) -> bool:
        """True for one whole calendar quarter."""
        first = self.first_day
        return (
            first.day == 1
            and first.month % 3 == 1
            and self.last_day == _month_end(first.year, first.month + 2)
        )

    @property
    def is_year(self) -> bool:
        """True for one whole calendar year."""
        return self.first_day == date(self.first_day.year, 1, 1) and self.last_day == date(
            self.first_day.year, 12, 31
        )

    @property
    def label(self) -> str:
        """Label that ``parse`` reads back: '2021-07', '2021-Q3', '2021', '2021-07-01' or 'D1..D2'."""
        first = self.first_day
        if self.is_month:
            return f"{first.year:04d}-{first.month:02d}"
        if self.is_quarter:
            return f"{first.year:04d}-Q{(first.month + 2) // 3}"
        if self.is_year:
            return f"{first.year:04d}"
        if self.days == 1:
            return first.isoformat()
        return f"{first.isoformat()}..{self.last_day.isoformat()}"

    @property
    def title(self) -> str:
        """Vietnamese wording: 'tháng 7/2021', 'quý III/2021', 'năm 2021', 'từ ngày 01/07/2021 đến ...'."""
        first = self.first_day
        if self.is_month:
            return f"tháng {first.month}/{first.year}"
        if self.is_quarter:
            return f"quý {('I', 'II', 'III', 'IV')[(first.month - 1) // 3]}/{first.year}"
        if self.is_year:
            return f"năm {first.year}"
        if self.days == 1:
            return f"ngày {first:%d/%m/%Y}"
        return f"từ ngày {first:%d/%m/%Y} đến ngày {self.last_day:%d/%m/%Y}"

    def previous(self) -> Period:
        """The period just before: previous month, quarter or year, else the same number of days before."""
        first = self.first_day
        if self.is_month:
            return Period.month(first.year - (first.month == 1), (first.month - 2) % 12 + 1)
        if self.is_quarter:
            q = (first.month + 2) // 3
            return Period.quarter(first.year - (q == 1), (q - 2) % 4 + 1)
        if self.is_year:
            return Period.year(first.year - 1)
        return Period(first - timedelta(days=self.days), first - timedelta(days=1))

    def same_period_last_year(self) -> Period:
        """The same period one year earlier (29/02 becomes 28/02)."""

        def back(day: date) -> date:
            return day.replace(
                year=day.year - 1, day=min(day.day, 28) if day.month == 2 and day.day == 29 else day.day
            )

        if self.is_month or self.is_quarter or self.is_year:
            return Period(back(self.first_day), _month_end(self.last_day.year - 1, self.last_day.month))
        return Period(back(self.first_day), back(self.last_day))

    def months(self) -> list[Period]:
        """The calendar months the period touches, in order."""
        out: list[Period] = []
        year, month = self.first_day.year, self.first_day.month
        while date(year, month, 1) <= self.last_day:
            out.append(Period.month(year, month))
            year, month = year + month // 12, month % 12 + 1
        return out
