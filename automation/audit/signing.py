"""Ed25519 signatures over a bundle's final hash: key generation, signing, checking."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from automation.errors import UsageError

ALGORITHM = "ed25519"


def key_id(public: Ed25519PublicKey) -> str:
    """A short fingerprint of a public key: the first 16 hex digits of its SHA-256."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def generate_keys(private_path: Path) -> tuple[Path, Path]:
    """Write a new private key (mode 600) and its public key (`.pub`); refuse to overwrite."""
    public_path = private_path.with_name(private_path.name + ".pub")
    for path in (private_path, public_path):
        if path.exists():
            raise UsageError(f"{path} already exists; move it away or choose another --out.")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    private_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private_path, public_path


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Read a private key written by `aliexit audit keygen`."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise UsageError(
            f"{path} is not a readable Ed25519 private key ({type(exc).__name__}); "
            "make one with `aliexit audit keygen`."
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise UsageError(f"{path} is not an Ed25519 key; make one with `aliexit audit keygen`.")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read a public key, or take the public half of a private key file."""
    data = path.read_bytes() if path.is_file() else b""
    if b"PRIVATE KEY" in data:
        return load_private_key(path).public_key()
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise UsageError(
            f"{path} is not an Ed25519 key file; give the key.pub (or key) that "
            "`aliexit audit keygen` wrote."
        ) from None
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError(f"{path} is not an Ed25519 key; make one with `aliexit audit keygen`.")
    return key


def sign(key: Ed25519PrivateKey, final_hash: str) -> dict[str, Any]:
    """A signature record over `final_hash`."""
    return {
        "algorithm": ALGORITHM,
        "key_id": key_id(key.public_key()),
        "signed": final_hash,
        "value": base64.b64encode(key.sign(final_hash.encode())).decode(),
    }


def check(public: Ed25519PublicKey, signature: dict[str, Any], final_hash: str) -> str | None:
    """None when `signature` is `public`'s over `final_hash`, else what is wrong."""
    if signature.get("algorithm") != ALGORITHM:
        return f"the signature's algorithm {signature.get('algorithm')!r} is not {ALGORITHM}"
    if signature.get("signed") != final_hash:
        return "the signature covers another final hash than the journal's"
    try:
        public.verify(base64.b64decode(signature.get("value", "")), final_hash.encode())
    except (InvalidSignature, ValueError):
        theirs = signature.get("key_id")
        if theirs and theirs != key_id(public):
            return f"the bundle was signed by another key ({theirs}, not {key_id(public)})"
        return "the signature does not match"
    return None
