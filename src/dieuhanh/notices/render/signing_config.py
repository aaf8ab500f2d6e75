"""Where the office's signing key lives: a PKCS#12 file or a PKCS#11 token (USB token, HSM), from settings.

Settings (read from Django settings, falling back to environment variables of the same name):

- ``DIEUHANH_SIGNING_PKCS12``: path of the PKCS#12 (.p12/.pfx) file with the key and certificate chain;
- ``DIEUHANH_SIGNING_PASSPHRASE``: its passphrase;
- ``DIEUHANH_SIGNING_PKCS11_MODULE``: path of the token's PKCS#11 library (e.g. the vendor's ``.so``); when set,
  the token is used instead of the file. Needs ``python-pkcs11`` (``pip install 'pyhanko[pkcs11]'``);
- ``DIEUHANH_SIGNING_PKCS11_TOKEN``, ``DIEUHANH_SIGNING_PKCS11_KEY``, ``DIEUHANH_SIGNING_PKCS11_CERT``: labels of
  the token, key and certificate (the certificate label defaults to the key label);
- ``DIEUHANH_SIGNING_PKCS11_PIN``: the user PIN (unset: the token's own PIN pad is used);
- ``DIEUHANH_SIGNING_TRUST_ROOTS``: root certificates (PEM/DER files) that ``verify`` trusts, as a list or a
  string separated by ``os.pathsep``; in production the root of the national CA (NEAC), for the demo the file
  written by ``demo_ca.make_demo_ca``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .signing import SigningError, VerifyResult, load_pkcs12_signer, sign_pdf_with, verify_pdf

SETTING_NAMES = (
    "DIEUHANH_SIGNING_PKCS12",
    "DIEUHANH_SIGNING_PASSPHRASE",
    "DIEUHANH_SIGNING_PKCS11_MODULE",
    "DIEUHANH_SIGNING_PKCS11_TOKEN",
    "DIEUHANH_SIGNING_PKCS11_KEY",
    "DIEUHANH_SIGNING_PKCS11_CERT",
    "DIEUHANH_SIGNING_PKCS11_PIN",
    "DIEUHANH_SIGNING_TRUST_ROOTS",
)


@dataclass(frozen=True)
class SigningConfig:
    """How to reach the signing key and which roots to trust when verifying."""

    pkcs12_path: Path | None = None
    passphrase: str | None = None
    pkcs11_module: str | None = None
    pkcs11_token_label: str | None = None
    pkcs11_key_label: str | None = None
    pkcs11_cert_label: str | None = None
    pkcs11_pin: str | None = None
    trust_roots: tuple[Path, ...] = ()

    @classmethod
    def from_settings(cls) -> SigningConfig:
        """The configuration from Django settings (or the environment when a setting is absent)."""
        values = {name: _setting(name) for name in SETTING_NAMES}
        roots = values["DIEUHANH_SIGNING_TRUST_ROOTS"]
        if isinstance(roots, str):
            roots = [r for r in roots.split(os.pathsep) if r]
        pkcs12 = values["DIEUHANH_SIGNING_PKCS12"]
        return cls(
            pkcs12_path=Path(pkcs12) if pkcs12 else None,
            passphrase=values["DIEUHANH_SIGNING_PASSPHRASE"] or None,
            pkcs11_module=values["DIEUHANH_SIGNING_PKCS11_MODULE"] or None,
            pkcs11_token_label=values["DIEUHANH_SIGNING_PKCS11_TOKEN"] or None,
            pkcs11_key_label=values["DIEUHANH_SIGNING_PKCS11_KEY"] or None,
            pkcs11_cert_label=values["DIEUHANH_SIGNING_PKCS11_CERT"] or None,
            pkcs11_pin=values["DIEUHANH_SIGNING_PKCS11_PIN"] or None,
            trust_roots=tuple(Path(r) for r in roots or ()),
        )


def _setting(name: str) -> Any:
    """A Django setting, or the environment variable of the same name when settings lack it."""
    try:
        from django.conf import settings

        if settings.configured and hasattr(settings, name):
            return getattr(settings, name)
    except ImportError:  # pragma: no cover - Django is a dependency, but this module does not need it
        pass
    return os.environ.get(name)


@contextmanager
def open_signer(config: SigningConfig) -> Iterator[Any]:
    """A pyHanko signer for the configured key; a token session is closed on exit."""
    if config.pkcs11_module:
        try:
            from pyhanko.config.pkcs11 import TokenCriteria
            from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
        except ImportError as exc:
            raise SigningError(
                "Ký bằng thiết bị USB token (PKCS#11) cần gói python-pkcs11: pip install 'pyhanko[pkcs11]'."
            ) from exc
        criteria = TokenCriteria(label=config.pkcs11_token_label) if config.pkcs11_token_label else None
        try:
            session = open_pkcs11_session(
                config.pkcs11_module, token_criteria=criteria, user_pin=config.pkcs11_pin
            )
        except Exception as exc:
            raise SigningError(f"Không mở được thiết bị ký số (PKCS#11): {exc}") from exc
        try:
            yield PKCS11Signer(
                session,
                key_label=config.pkcs11_key_label,
                cert_label=config.pkcs11_cert_label or config.pkcs11_key_label,
            )
        finally:
            session.close()
        return
    if config.pkcs12_path is None:
        raise SigningError(
            "Chưa cấu hình chứng thư số để ký: đặt DIEUHANH_SIGNING_PKCS12 (tệp .p12) "
            "hoặc DIEUHANH_SIGNING_PKCS11_MODULE (USB token)."
        )
    yield load_pkcs12_signer(config.pkcs12_path, config.passphrase)


def sign_pdf_configured(
    pdf_bytes: bytes, *, signer_label: str, location: str, reason: str, config: SigningConfig | None = None
) -> bytes:
    """Sign with the key the settings name (PKCS#12 file or PKCS#11 token)."""
    config = config or SigningConfig.from_settings()
    with open_signer(config) as signer:
        return sign_pdf_with(pdf_bytes, signer, signer_label=signer_label, location=location, reason=reason)


def verify_pdf_configured(pdf_bytes: bytes, *, config: SigningConfig | None = None) -> VerifyResult:
    """Verify against the trust roots the settings name."""
    config = config or SigningConfig.from_settings()
    return verify_pdf(pdf_bytes, trust_roots=config.trust_roots)
