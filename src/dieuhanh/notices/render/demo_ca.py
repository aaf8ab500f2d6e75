"""A demonstration certificate authority and signing certificate for an issuing body.

Only for demos and tests: a real office signs with a certificate from a licensed Vietnamese CA (a PKCS#12 file
or a USB token, see ``signing``). The demo root is trusted only where it is passed to ``verify_pdf`` explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from dieuhanh.vn.text import nfc

DEMO_PASSPHRASE = "dieuhanh-demo"
CA_FILE = "ca.pem"
PKCS12_FILE = "signer.p12"
# The demo passphrase is written beside the key so that the demo can sign unattended; never do this for real keys.
PASSPHRASE_FILE = "passphrase.txt"


@dataclass(frozen=True)
class DemoCA:
    """Where the demo files were written and how to open them."""

    pkcs12_path: Path
    ca_cert_path: Path
    passphrase: str
    signer_common_name: str


def make_demo_ca(
    out_dir: str | Path,
    issuer_name: str,
    *,
    passphrase: str = DEMO_PASSPHRASE,
    days: int = 3 * 365,
    key_size: int = 2048,
) -> DemoCA:
    """Write a demo root CA (``ca.pem``) and a signing certificate for ``issuer_name`` (``signer.p12``)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = nfc(issuer_name).strip()
    now = datetime.now(UTC).replace(microsecond=0)
    not_before, not_after = now - timedelta(days=1), now + timedelta(days=days)

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "dieuhanh - chỉ dùng thử nghiệm"),
            x509.NameAttribute(NameOID.COMMON_NAME, "CA thử nghiệm dieuhanh (không có giá trị pháp lý)"),
        ]
    )
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    signer_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    signer_cert = (
        x509.CertificateBuilder()
        .subject_name(signer_name)
        .issuer_name(ca_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    ca_path = out / CA_FILE
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    p12_path = out / PKCS12_FILE
    p12_path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name=name.encode("utf-8"),
            key=signer_key,
            cert=signer_cert,
            cas=[ca_cert],
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
        )
    )
    p12_path.chmod(0o600)
    secret = out / PASSPHRASE_FILE
    secret.write_text(passphrase + "\n", encoding="utf-8")
    secret.chmod(0o600)
    return DemoCA(pkcs12_path=p12_path, ca_cert_path=ca_path, passphrase=passphrase, signer_common_name=name)


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    """Key usage of the root (certificate and CRL signing) or of a document signer (signature, non-repudiation)."""
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=not cert_sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )
