"""PAdES signing of issued notices: visible signature over the signature block, verification, tampering."""

from __future__ import annotations

import io
import re
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream, DictionaryObject

from dieuhanh.notices.render import NoticeLayout, from_notice_json
from dieuhanh.notices.render.demo_ca import DemoCA, make_demo_ca
from dieuhanh.notices.render.pdf import SIGNATURE_FIELD, render_pdf
from dieuhanh.notices.render.signing import VN_TZ, SigningError, sign_pdf, verify_pdf
from dieuhanh.notices.render.signing_config import SigningConfig, sign_pdf_configured, verify_pdf_configured

from .test_render_helpers import ARTIFACTS, annotation_dicts, small_notice


@pytest.fixture(scope="module")
def layout() -> NoticeLayout:
    return from_notice_json(small_notice())


@pytest.fixture(scope="module")
def unsigned(layout: NoticeLayout) -> bytes:
    return render_pdf(layout)


@pytest.fixture(scope="module")
def demo_ca(tmp_path_factory: pytest.TempPathFactory) -> DemoCA:
    return make_demo_ca(tmp_path_factory.mktemp("ca"), "Ủy ban nhân dân xã Đồng Quế")


@pytest.fixture(scope="module")
def signed(unsigned: bytes, demo_ca: DemoCA, layout: NoticeLayout) -> bytes:
    data = sign_pdf(
        unsigned,
        pkcs12_path=demo_ca.pkcs12_path,
        passphrase=demo_ca.passphrase,
        signer_label=layout.body_name,
        location="Đồng Quế",
        reason="Ban hành Thông báo số 07/TB-UBND",
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "thong-bao-da-ky.pdf").write_bytes(data)
    return data


def test_demo_ca_files(demo_ca: DemoCA) -> None:
    assert demo_ca.ca_cert_path.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert stat.S_IMODE(demo_ca.pkcs12_path.stat().st_mode) == 0o600
    assert demo_ca.signer_common_name == "Ủy ban nhân dân xã Đồng Quế"


def test_sign_and_verify(signed: bytes, demo_ca: DemoCA) -> None:
    result = verify_pdf(signed, trust_roots=[demo_ca.ca_cert_path])
    assert result.ok, result.message
    assert (result.signed, result.intact, result.valid, result.trusted, result.covers_whole_document) == (
        True,
        True,
        True,
        True,
        True,
    )
    assert result.signer_common_name == "Ủy ban nhân dân xã Đồng Quế"
    assert result.signing_time is not None
    assert result.signing_time.utcoffset() == timedelta(hours=7)
    assert abs(datetime.now(VN_TZ) - result.signing_time) < timedelta(minutes=5)
    assert result.message.startswith("Chữ ký số hợp lệ: ký bởi Ủy ban nhân dân xã Đồng Quế")
    assert result.as_dict()["signing_time"].endswith("+07:00")


def test_visible_signature_over_the_signature_block(
    signed: bytes, unsigned: bytes, layout: NoticeLayout
) -> None:
    reader = PdfReader(io.BytesIO(signed))
    last = reader.pages[-1]
    widget = next(a for a in annotation_dicts(last) if a.get("/FT") == "/Sig")
    assert widget["/T"] == SIGNATURE_FIELD
    before = next(
        a for a in annotation_dicts(PdfReader(io.BytesIO(unsigned)).pages[-1]) if a.get("/FT") == "/Sig"
    )
    assert [float(v) for v in widget["/Rect"]] == [
        float(v) for v in before["/Rect"]
    ]  # the field left by render_pdf
    appearance = widget["/AP"]["/N"].get_object()
    texts = []
    stack = [appearance]
    while stack:  # the stamp is drawn by nested form XObjects; gather their marked-content ActualText
        xobject = stack.pop()
        for operands, operator in ContentStream(xobject, reader).operations:
            if (
                operator == b"BDC"
                and isinstance(operands[1], DictionaryObject)
                and "/ActualText" in operands[1]
            ):
                texts.append(str(operands[1]["/ActualText"]))
        stack.extend(x.get_object() for x in xobject.get("/Resources", {}).get("/XObject", {}).values())
    text = " ".join(texts)
    assert f"Ký bởi: {layout.body_name}" in text
    assert re.search(r"Thời gian ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", text), text
    # The signature does not change what the page says.
    assert last.extract_text() == PdfReader(io.BytesIO(unsigned)).pages[-1].extract_text()


def _flip_byte_in_first_stream(data: bytes) -> bytes:
    start = data.index(b"stream\n") + len(b"stream\n") + 20
    return data[:start] + bytes([data[start] ^ 0x01]) + data[start + 1 :]


def test_tampered_pdf_is_not_intact(signed: bytes, demo_ca: DemoCA) -> None:
    result = verify_pdf(_flip_byte_in_first_stream(signed), trust_roots=[demo_ca.ca_cert_path])
    assert result.signed and not result.intact and not result.ok
    assert "đã bị thay đổi" in result.message


def test_unsigned_pdf(unsigned: bytes) -> None:
    result = verify_pdf(unsigned)
    assert (result.signed, result.ok) == (False, False)
    assert result.message == "Tệp PDF không có chữ ký số."
    assert verify_pdf(b"not a pdf").message.startswith("Không đọc được tệp PDF")


def test_untrusted_root(signed: bytes) -> None:
    result = verify_pdf(signed)  # no trust roots: intact but not trusted
    assert result.intact and result.valid and not result.trusted and not result.ok
    assert "không được xác thực" in result.message


def test_content_added_after_signing(signed: bytes, demo_ca: DemoCA) -> None:
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root[NameObject("/Lang")] = TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    result = verify_pdf(out.getvalue(), trust_roots=[demo_ca.ca_cert_path])
    assert result.intact and not result.covers_whole_document and not result.ok


def test_wrong_passphrase_and_missing_file(unsigned: bytes, demo_ca: DemoCA, tmp_path: Path) -> None:
    kwargs = {"signer_label": "X", "location": "Y", "reason": "Z"}
    with pytest.raises(SigningError, match="sai mật khẩu"):
        sign_pdf(unsigned, pkcs12_path=demo_ca.pkcs12_path, passphrase="sai", **kwargs)
    with pytest.raises(SigningError, match="Không tìm thấy"):
        sign_pdf(unsigned, pkcs12_path=tmp_path / "none.p12", passphrase="x", **kwargs)
    with pytest.raises(SigningError, match="Chưa cấu hình"):
        sign_pdf_configured(unsigned, config=SigningConfig(), **kwargs)


def test_signing_from_settings(unsigned: bytes, demo_ca: DemoCA, settings: object) -> None:
    settings.DIEUHANH_SIGNING_PKCS12 = str(demo_ca.pkcs12_path)  # type: ignore[attr-defined]
    settings.DIEUHANH_SIGNING_PASSPHRASE = demo_ca.passphrase  # type: ignore[attr-defined]
    settings.DIEUHANH_SIGNING_TRUST_ROOTS = [str(demo_ca.ca_cert_path)]  # type: ignore[attr-defined]
    data = sign_pdf_configured(
        unsigned, signer_label="UBND xã Đồng Quế", location="Đồng Quế", reason="Ban hành"
    )
    assert verify_pdf_configured(data).ok


def test_second_signature_gets_a_new_field(signed: bytes, demo_ca: DemoCA) -> None:
    twice = sign_pdf(
        signed,
        pkcs12_path=demo_ca.pkcs12_path,
        passphrase=demo_ca.passphrase,
        signer_label="Người ký thứ hai",
        location="Đồng Quế",
        reason="Ký nháy",
    )
    names = [a["/T"] for a in annotation_dicts(PdfReader(io.BytesIO(twice)).pages[-1])]
    assert names == [SIGNATURE_FIELD, f"{SIGNATURE_FIELD}2"]
    assert verify_pdf(twice, trust_roots=[demo_ca.ca_cert_path]).ok
