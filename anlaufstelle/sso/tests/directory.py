"""Debian's slapd on loopback for the tests, with TLS from a CA made in the test: a real LDAP
directory with people and groups. Skips (with the reason) where slapd is not installed; .ci/run
installs it."""

from __future__ import annotations

import datetime
import ipaddress
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SLAPD = "/usr/sbin/slapd"
SUFFIX = "dc=stadt,dc=example"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "directory-admin-secret"
MODULES = Path("/usr/lib/ldap")
SCHEMAS = Path("/etc/ldap/schema")

PEOPLE = {
    # uid: (mail, name, password, groups)
    "anna": ("anna.beispiel@stadt.example", "Anna Beispiel", "Anna-Passwort-1", ["ki-beratung"]),
    "berk": ("berk@stadt.example", "Berk Yılmaz", "Berk-Passwort-2", ["ki-leitung", "ki-beratung"]),
    "carla": ("carla@stadt.example", "Carla Kantine", "Carla-Passwort-3", ["kantine"]),
}


@dataclass
class RunningDirectory:
    uri: str
    ca_file: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test CA Stadt")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_path, cert_path, key_path


def _ldif() -> str:
    entries = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: stadt\no: Stadt\n",
        f"dn: ou=people,{SUFFIX}\nobjectClass: organizationalUnit\nou: people\n",
        f"dn: ou=groups,{SUFFIX}\nobjectClass: organizationalUnit\nou: groups\n",
    ]
    groups: dict[str, list[str]] = {}
    for uid, (mail, name, password, member_of) in PEOPLE.items():
        family = name.split()[-1]
        entries.append(
            f"dn: uid={uid},ou=people,{SUFFIX}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {name}\n"
            f"sn: {family}\nmail: {mail}\nuserPassword: {password}\n"
        )
        for group in member_of:
            groups.setdefault(group, []).append(f"uid={uid},ou=people,{SUFFIX}")
    for group, members in groups.items():
        lines = "".join(f"member: {member}\n" for member in members)
        entries.append(f"dn: cn={group},ou=groups,{SUFFIX}\nobjectClass: groupOfNames\ncn: {group}\n{lines}")
    return "\n".join(entries)


@contextmanager
def running_directory() -> Iterator[RunningDirectory]:
    if not Path(SLAPD).exists():
        pytest.skip("slapd is not installed (make ldap-deps; .ci/run runs it)")
    pytest.importorskip("ldap", reason="python-ldap is not installed (make ldap-deps; .ci/run runs it)")
    folder = Path(tempfile.mkdtemp(prefix="slapd-"))
    try:
        ca, cert, key = _certificates(folder)
        (folder / "data").mkdir()
        config = folder / "slapd.conf"
        config.write_text(
            "\n".join(
                [
                    *(f"include {SCHEMAS / name}.schema" for name in ("core", "cosine", "inetorgperson", "nis")),
                    f"modulepath {MODULES}",
                    "moduleload back_mdb",
                    f"pidfile {folder / 'slapd.pid'}",
                    f"TLSCACertificateFile {ca}",
                    f"TLSCertificateFile {cert}",
                    f"TLSCertificateKeyFile {key}",
                    "database mdb",
                    "maxsize 10485760",
                    f'suffix "{SUFFIX}"',
                    f'rootdn "{ADMIN_DN}"',
                    f"rootpw {ADMIN_PASSWORD}",
                    f"directory {folder / 'data'}",
                    # People read their own entry; the service account (rootdn) reads all;
                    # nobody else reads anything. Passwords: only to bind.
                    "access to attrs=userPassword by anonymous auth by * none",
                    "access to * by self read by users read by * none",
                ]
            )
            + "\n"
        )
        (folder / "seed.ldif").write_text(_ldif())
        subprocess.run(  # noqa: S603 - fixed programs, paths made here
            ["/usr/sbin/slapadd", "-f", str(config), "-l", str(folder / "seed.ldif")],
            check=True,
            capture_output=True,
        )
        port = _free_port()
        uri = f"ldap://127.0.0.1:{port}"
        process = subprocess.Popen(  # noqa: S603 - fixed program, paths made here
            [SLAPD, "-f", str(config), "-h", uri + "/", "-d", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 15
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        output = process.stderr.read() if process.stderr else b""
                        raise RuntimeError(f"slapd did not start: {output!r}") from None
                    time.sleep(0.1)
            yield RunningDirectory(uri=uri, ca_file=str(ca))
        finally:
            process.terminate()
            process.wait(timeout=10)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
