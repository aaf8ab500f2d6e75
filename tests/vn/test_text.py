"""Folding and normalising text: the properties the rest of the package relies on."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dieuhanh.vn.text import fold, fold_words, nfc, slug, strip_diacritics


def test_fold_examples() -> None:
    assert fold("Phòng Tài nguyên – Môi trường") == "phong tai nguyen - moi truong"
    assert fold("ĐỒNG QUẾ\u00a0 Sông Lô") == "dong que song lo"
    assert fold(None) == ""
    assert fold_words("Phòng TN&MT") == ["phong", "tn", "mt"]
    assert slug("Xã Đồng Quế") == "xa-dong-que"


@given(st.text())
def test_fold_has_no_diacritics(text: str) -> None:
    folded = fold(text)
    assert not any(unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", folded))
    assert "đ" not in folded
    assert "Đ" not in folded


@given(st.text())
def test_fold_is_idempotent_and_ignores_normal_form(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert fold(unicodedata.normalize("NFD", text)) == fold(nfc(text))


@given(st.text(alphabet="aăâdđeêoôơuưàảãáạĐĂÂÊÔƠƯ bc"))
def test_strip_diacritics_keeps_length_of_vietnamese(text: str) -> None:
    assert len(strip_diacritics(text)) == len(text)
