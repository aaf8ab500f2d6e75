"""Signing with a key on a PKCS#11 token, with SoftHSM standing in for the office's USB token.

Runs where Debian's softhsm2 and opensc (pkcs11-tool) and the python-pkcs11 package are installed; skipped
otherwise.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12

from dieuhanh.notices.render import from_notice_json
from dieuhanh.notices.render.demo_ca import make_demo_ca
from dieuhanh.notices.render.pdf import render_pdf
from dieuhanh.notices.render.signing import verify_pdf
from dieuhanh.notices.render.signing_config import SigningConfig, sign_pdf_configured

from .test_render_helpers import small_notice

MODULES = [Path("/usr/lib/softhsm/libsofthsm2.so"), Path("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")]
PIN = "123456"


def test_sign_with_a_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = next((m for m in MODULES if m.is_file()), None)
    if module is None or not shutil.which("softhsm2-util") or not shutil.which("pkcs11-tool"):
        pytest.skip("SoftHSM (softhsm2) and pkcs11-tool (opensc) are not installed")
    if importlib.util.find_spec("pkcs11") is None:
        pytest.skip("python-pkcs11 is not installed (pip install 'pyhanko[pkcs11]')")

    ca = make_demo_ca(tmp_path / "ca", "Ủy ban nhân dân xã Đồng Quế")
    key, cert, _chain = pkcs12.load_key_and_certificates(ca.pkcs12_path.read_bytes(), ca.passphrase.encode())
    assert key is not None and cert is not None
    (tmp_path / "key.pem").write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    (tmp_path / "cert.der").write_bytes(cert.public_bytes(Encoding.DER))
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    for command in (
        ["softhsm2-util", "--init-token", "--free", "--label", "ubnd", "--pin", PIN, "--so-pin", "654321"],
        ["softhsm2-util", "--import", str(tmp_path / "key.pem"), "--token", "ubnd", "--label", "ky-so",
         "--id", "01", "--pin", PIN],
        ["pkcs11-tool", "--module", str(module), "--token-label", "ubnd", "--login", "--pin", PIN,
         "--write-object", str(tmp_path / "cert.der"), "--type", "cert", "--label", "ky-so", "--id", "01"],
    ):  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    config = SigningConfig(
        pkcs11_module=str(module), pkcs11_token_label="ubnd", pkcs11_key_label="ky-so", pkcs11_pin=PIN
    )
    pdf = render_pdf(from_notice_json(small_notice()))
    signed = sign_pdf_configured(
        pdf, signer_label="ỦY BAN NHÂN DÂN XÃ ĐỒNG QUẾ", location="Đồng Quế", reason="Ban hành", config=config
    )
    result = verify_pdf(signed, trust_roots=[ca.ca_cert_path])
    assert result.ok, result.message
    assert result.signer_common_name == "Ủy ban nhân dân xã Đồng Quế"
