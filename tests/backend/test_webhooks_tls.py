"""HTTPS webhooks go to the checked address with the host name kept for TLS: SNI and the
certificate check use ``hooks.test`` while the socket connects to the IP resolved once
(a real TLS server on loopback with a certificate for hooks.test; WEBHOOK_CA_BUNDLE trusts it)."""
from __future__ import annotations

import datetime as dt
import socket
import ssl

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.backend.test_webhooks import calls, hook_journey, ws  # noqa: F401 (fixture)
from tests.backend.webhook_server import Hook


def _certificate(tmp_path, name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_https_keeps_the_host_name_for_sni_and_the_certificate(ws, app, tmp_path, monkeypatch):  # noqa: F811
    cert_file, key_file = _certificate(tmp_path, "hooks.test")
    real, lookups = socket.getaddrinfo, []

    def fake(host, port, *args, **kwargs):
        if host == "hooks.test":
            lookups.append(host)
            return real("127.0.0.1", port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with Hook([(200, {}, {"ok": True})]) as hook:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        names = []
        context.sni_callback = lambda sock, name, ctx: names.append(name)
        hook.server.socket = context.wrap_socket(hook.server.socket, server_side=True)
        app.config["WEBHOOK_ALLOWED_HOSTS"] = f"hooks.test:{hook.port}"
        app.config["WEBHOOK_CA_BUNDLE"] = str(cert_file)
        try:
            ws.journey("hook", hook_journey(f"https://hooks.test:{hook.port}/tls"))
            ws.account("acme")
            ws.work()
        finally:
            app.config["WEBHOOK_CA_BUNDLE"] = None
        [request] = hook.requests
    assert names == ["hooks.test"], "TLS SNI must carry the host name, not the IP"
    assert request["headers"]["host"] == f"hooks.test:{hook.port}"
    assert lookups == ["hooks.test"]
    assert calls(app)[0].status == "sent"


def test_a_certificate_for_another_name_is_refused(ws, app, tmp_path, monkeypatch):  # noqa: F811
    cert_file, key_file = _certificate(tmp_path, "other.test")
    real = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: real(
        "127.0.0.1" if host == "hooks.test" else host, port, *a, **k))
    with Hook() as hook:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        hook.server.socket = context.wrap_socket(hook.server.socket, server_side=True)
        app.config["WEBHOOK_ALLOWED_HOSTS"] = f"hooks.test:{hook.port}"
        app.config["WEBHOOK_CA_BUNDLE"] = str(cert_file)
        try:
            ws.journey("hook", hook_journey(f"https://hooks.test:{hook.port}/tls"))
            ws.account("acme")
            ws.work()
        finally:
            app.config["WEBHOOK_CA_BUNDLE"] = None
        assert hook.requests == []
    [call] = calls(app)
    assert call.status == "queued" and "certificate" in call.error.lower()
