"""Numbers in Vietnamese words and in Vietnamese digit grouping.

Words follow the standard northern reading used in documents and on local radio: "một trăm linh năm" (105),
"mười lăm", "hai mươi mốt", "hai mươi tư", "một nghìn không trăm linh năm", "một tỷ". A group of three
digits after a larger one is read in full ("không trăm"), an empty group is skipped ("một triệu không trăm
linh năm" for 1 000 005), and scales above a billion repeat "tỷ" ("một nghìn tỷ" for 10^12).

The fraction after "phẩy" is read as a number when it has at most three digits, its leading zeros read as
"không" ("ba phẩy không năm" for 3,05), and digit by digit when longer ("ba phẩy một bốn một năm chín").

Reading words back (``words_to_number``) accepts the variants found in texts: linh/lẻ, mốt/một, tư/bốn,
lăm/năm/nhăm, nghìn/ngàn, tỷ/tỉ, with or without diacritics.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

from .text import fold_words, nfc, normalize_spaces

ZeroTens = Literal["linh", "lẻ"]
FinalFour = Literal["tư", "bốn"]

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9

# Folded word -> digit value (folding merges một/mốt, năm/lăm's diacritics, bảy/bẩy).
_DIGIT_WORDS = {
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4,
    "nam": 5, "lam": 5, "nham": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
}  # fmt: skip
_ZERO_TENS_WORDS = frozenset({"linh", "le"})
_THOUSAND_WORDS = frozenset({"nghin", "ngan"})
_BILLION_WORDS = frozenset({"ty", "ti"})
_NEGATIVE_WORDS = frozenset({"am", "tru"})
_POINT_WORDS = frozenset({"phay", "cham"})
_NUMERAL_RE = re.compile(r"-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?")


# --- integers to words --------------------------------------------------------------------------------


def _group_words(n: int, full: bool, zero_tens: str, final_four: str) -> list[str]:
    """Words for 0 < n < 1000; ``full`` reads the hundreds even when zero ("không trăm linh năm")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if full or hundreds:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(zero_tens)
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: final_four, 5: "lăm"}.get(units, _DIGITS[units]))
    return words


def _below_billion_words(n: int, full: bool, zero_tens: str, final_four: str) -> list[str]:
    """Words for 0 <= n < 10^9, skipping empty groups; ``full`` as in ``_group_words`` for the first group."""
    words: list[str] = []
    for scale, scale_word in ((10**6, "triệu"), (1000, "nghìn"), (1, "")):
        group, n = divmod(n, scale)
        if group:
            words += _group_words(group, full, zero_tens, final_four)
            if scale_word:
                words.append(scale_word)
            full = True
    return words


def _words(n: int, zero_tens: str, final_four: str) -> list[str]:
    """Words for n >= 0."""
    if n == 0:
        return [_DIGITS[0]]
    if n < _BILLION:
        return _below_billion_words(n, False, zero_tens, final_four)
    high, low = divmod(n, _BILLION)
    return [
        *_words(high, zero_tens, final_four),
        "tỷ",
        *_below_billion_words(low, True, zero_tens, final_four),
    ]


def number_to_words(n: int, *, zero_tens: ZeroTens = "linh", final_four: FinalFour = "tư") -> str:
    """An integer in words: 105 -> 'một trăm linh năm', 24 -> 'hai mươi tư', -3 -> 'âm ba'."""
    if zero_tens not in ("linh", "lẻ") or final_four not in ("tư", "bốn"):
        raise ValueError("zero_tens phải là 'linh' hoặc 'lẻ'; final_four phải là 'tư' hoặc 'bốn'")
    words = _words(abs(n), zero_tens, final_four)
    return " ".join(["âm", *words] if n < 0 else words)


# --- decimals -----------------------------------------------------------------------------------------


def _to_decimal(x: int | float | Decimal, places: int | None) -> Decimal:
    """A finite Decimal for ``x``, rounded half up to ``places`` when given; floats lose trailing zeros."""
    value = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    if not value.is_finite():
        raise ValueError(f"Không đọc được số {x!r}")
    if isinstance(x, float):
        value = Decimal(int(value)) if value == value.to_integral_value() else value.normalize()
    if places is not None:
        if places < 0:
            raise ValueError("places phải không âm")
        try:
            value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        except InvalidOperation as error:  # more digits than the decimal context holds
            raise ValueError(f"Số quá dài: {x!r}") from error
    return abs(value) if value == 0 else value


def _split(value: Decimal) -> tuple[bool, int, str]:
    """Sign, integer part and fraction digits of a finite Decimal ('' when it has none)."""
    text = format(value, "f")
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    return negative, int(whole), fraction


def _fraction_words(digits: str) -> list[str]:
    """Words for the digits after the decimal comma."""
    if len(digits) > 3:
        return [_DIGITS[int(d)] for d in digits]
    rest = digits.lstrip("0")
    zeros = [_DIGITS[0]] * (len(digits) - len(rest))
    return zeros + (_below_billion_words(int(rest), False, "linh", "tư") if rest else [])


def decimal_to_words(x: int | float | Decimal, places: int | None = None) -> str:
    """A decimal in words: 85.2 -> 'tám mươi lăm phẩy hai'; ``places`` rounds half up first."""
    negative, whole, fraction = _split(_to_decimal(x, places))
    words = _words(whole, "linh", "tư")
    if fraction:
        words += ["phẩy", *_fraction_words(fraction)]
    return " ".join(["âm", *words] if negative else words)


def percent_to_words(x: int | float | Decimal, places: int | None = None) -> str:
    """A percentage in words: 85.2 -> 'tám mươi lăm phẩy hai phần trăm' (``x`` is the number before '%')."""
    return decimal_to_words(x, places) + " phần trăm"


# --- words to numbers ---------------------------------------------------------------------------------


def _digit(token: str, low: int = 0) -> int:
    """The value of a digit word, at least ``low``."""
    value = _DIGIT_WORDS.get(token)
    if value is None or value < low:
        raise ValueError(f"Không đọc được số: '{token}'")
    return value


def _parse_group(tokens: list[str]) -> int:
    """Read 0..999 from folded words ('mot tram linh nam', 'hai muoi mot', 'muoi lam')."""
    if not tokens:
        raise ValueError("Thiếu số")
    value, rest = 0, tokens
    if len(tokens) >= 2 and tokens[1] == "tram":
        value, rest = 100 * _digit(tokens[0]), tokens[2:]
        if not rest:
            return value
        if rest[0] in _ZERO_TENS_WORDS:
            if len(rest) != 2:
                raise ValueError("Sau 'linh' phải là một chữ số")
            return value + _digit(rest[1], 1)
    if rest[0] == "muoi":  # "mười": folding merges it with "mươi", which never comes first
        tens, units = 10, rest[1:]
    elif len(rest) >= 2 and rest[1] == "muoi":
        tens, units = 10 * _digit(rest[0], 2), rest[2:]
    elif len(rest) == 1 and not value:
        return _digit(rest[0])
    else:
        raise ValueError(f"Không đọc được số: '{' '.join(rest)}'")
    if len(units) > 1:
        raise ValueError(f"Không đọc được số: '{' '.join(units)}'")
    return value + tens + (_digit(units[0], 1) if units else 0)


def _parse_below_billion(tokens: list[str]) -> int:
    """Read 0..999 999 999 from folded words split at 'triệu' and 'nghìn'."""
    total = 0
    for scale, names in ((10**6, frozenset({"trieu"})), (1000, _THOUSAND_WORDS)):
        positions = [i for i, token in enumerate(tokens) if token in names]
        if len(positions) > 1:
            raise ValueError("Thừa từ chỉ hàng (triệu, nghìn)")
        if positions:
            k = positions[0]
            total += scale * _parse_group(tokens[:k])
            tokens = tokens[k + 1 :]
    return total + (_parse_group(tokens) if tokens else 0)


def _parse_unsigned(tokens: list[str]) -> int:
    """Read a non-negative integer from folded words; 'tỷ' multiplies everything before it."""
    if not tokens:
        raise ValueError("Không có số")
    positions = [i for i, token in enumerate(tokens) if token in _BILLION_WORDS]
    if not positions:
        return _parse_below_billion(tokens)
    k = positions[-1]
    if k == 0:
        raise ValueError("Thiếu số trước 'tỷ'")
    return _parse_unsigned(tokens[:k]) * _BILLION + (
        _parse_below_billion(tokens[k + 1 :]) if k + 1 < len(tokens) else 0
    )


def _numeral(text: str) -> Decimal | None:
    """A number written in digits the Vietnamese way ('02', '1.234.567', '-85,2'), else None."""
    text = normalize_spaces(text)
    if not _NUMERAL_RE.fullmatch(text):
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


def _signed_tokens(text: str) -> tuple[bool, list[str]]:
    """Folded words of ``text`` and whether they start with 'âm'."""
    tokens = fold_words(text)
    if tokens and tokens[0] in _NEGATIVE_WORDS:
        return True, tokens[1:]
    return False, tokens


def words_to_number(text: str) -> int:
    """Read an integer written in words ('hai mươi mốt' -> 21) or digits ('02' -> 2); ValueError otherwise."""
    numeral = _numeral(text)
    if numeral is not None:
        if numeral != numeral.to_integral_value():
            raise ValueError(f"Không phải số nguyên: '{text}'")
        return int(numeral)
    negative, tokens = _signed_tokens(text)
    value = _parse_unsigned(tokens)
    return -value if negative else value


def _parse_fraction(tokens: list[str]) -> str:
    """The digits after 'phẩy': leading 'không's, then a number or single digits."""
    rest = tokens
    while rest and rest[0] == "khong":
        rest = rest[1:]
    zeros = "0" * (len(tokens) - len(rest))
    if not rest:
        if not zeros:
            raise ValueError("Thiếu phần thập phân sau 'phẩy'")
        return zeros
    try:
        return zeros + str(_parse_below_billion(rest))
    except ValueError:
        return zeros + "".join(str(_digit(token)) for token in rest)


def words_to_decimal(text: str) -> Decimal:
    """Read a decimal written in words ('tám mươi lăm phẩy hai' -> Decimal('85.2')) or digits ('85,2')."""
    numeral = _numeral(text)
    if numeral is not None:
        return numeral
    negative, tokens = _signed_tokens(text)
    points = [i for i, token in enumerate(tokens) if token in _POINT_WORDS]
    if len(points) > 1:
        raise ValueError("Thừa từ 'phẩy'")
    whole_tokens, fraction = tokens, ""
    if points:
        whole_tokens, fraction = tokens[: points[0]], _parse_fraction(tokens[points[0] + 1 :])
    whole = _parse_unsigned(whole_tokens)
    return Decimal(f"{'-' if negative else ''}{whole}{'.' if fraction else ''}{fraction}")


def words_to_percent(text: str) -> Decimal:
    """Read a percentage in words ('tám mươi lăm phẩy hai phần trăm' -> Decimal('85.2')) or '85,2%'."""
    number = normalize_spaces(nfc(text))
    lowered = number.lower()
    for suffix in ("%", "phần trăm", "phan tram"):
        if lowered.endswith(suffix):
            return words_to_decimal(number[: len(number) - len(suffix)])
    return words_to_decimal(number)


# --- digits -------------------------------------------------------------------------------------------


def format_number(n: int) -> str:
    """An integer with Vietnamese grouping: 1234567 -> '1.234.567'."""
    return f"{n:,}".replace(",", ".")


def format_decimal(x: int | float | Decimal, places: int | None = None) -> str:
    """A decimal with a decimal comma and grouped thousands: 1234.5 -> '1.234,5'; rounds half up to ``places``."""
    negative, whole, fraction = _split(_to_decimal(x, places))
    text = format_number(whole) + (f",{fraction}" if fraction else "")
    return f"-{text}" if negative else text
