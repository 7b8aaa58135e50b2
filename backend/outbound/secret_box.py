"""Secrets encrypted at rest (Fernet, from the ``cryptography`` package).

The key: ``<instance>/secrets.key`` when that file exists (a Fernet key; keep it
out of backups of the database), else derived from ``SECRET_KEY`` (SHA-256).
``encrypt(text) -> bytes``; ``decrypt(token) -> str`` (raises ``SecretError`` when
the key changed). ``load(names) -> {name: value}`` reads and decrypts secrets for
sending; missing ones are absent. ``SIGNING`` is the reserved name of the signing
secret of ``X-Journeys-Signature``.
"""
from __future__ import annotations

import base64
import hashlib
import secrets as _random
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models.webhooks import Secret

SIGNING = "_signing"


class SecretError(RuntimeError):
    """A secret cannot be decrypted (the key changed)."""


def _fernet() -> Fernet:
    path = Path(current_app.config["INSTANCE_PATH"]) / "secrets.key"
    if path.exists():
        return Fernet(path.read_bytes().strip())
    digest = hashlib.sha256(("journeys-secrets:" + current_app.config["SECRET_KEY"]).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(value: str) -> bytes:
    return _fernet().encrypt(value.encode())


def decrypt(token: bytes) -> str:
    try:
        return _fernet().decrypt(bytes(token)).decode()
    except InvalidToken:
        raise SecretError("a secret cannot be decrypted: the encryption key changed") from None


def load(names) -> dict[str, str]:
    """Decrypted values of the named secrets that exist."""
    names = sorted(set(names))
    if not names:
        return {}
    box = _fernet()
    out = {}
    for name, token in db.session.execute(select(Secret.name, Secret.ciphertext)
                                          .where(Secret.name.in_(names))):
        try:
            out[name] = box.decrypt(bytes(token)).decode()
        except InvalidToken:
            raise SecretError(f"secret {name} cannot be decrypted: the encryption key changed") from None
    return out


def signing_secret() -> str | None:
    """The signing secret, or None when no admin has made one yet. It is never made on the
    fly: whoever verifies signatures must have been shown its value (``services.secrets``)."""
    return load([SIGNING]).get(SIGNING)


def new_signing_value() -> str:
    return "whsec_" + _random.token_urlsafe(32)
