"""Per-council upload keys, for deployments without an identity provider.

`python -m etl upload-key --council CODE` issues a key and prints it once; the keys file keeps only its id, its
council, a random salt and the scrypt hash of its secret, so a copy of the file lets no one load. A key reads
`kil_<id>_<secret>`: the id says which entry to check (and is what the ledger and the logs name), the secret is
compared by hash in constant time (hmac.compare_digest). A key loads for its own council only. The keys file lives
outside the data folder and git (default `.streamlit/upload_keys.json`, or `$KIL_UPLOAD_KEYS`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / ".streamlit" / "upload_keys.json"
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "dklen": 32}
PREFIX = "kil"


def keys_file() -> Path:
    return Path(os.environ.get("KIL_UPLOAD_KEYS") or DEFAULT_FILE)


@dataclass(frozen=True)
class Key:
    key_id: str
    council_code: str

    @property
    def identity(self) -> str:
        """How the ledger names a load made with this key: its id, never the key."""
        return f"key:{self.key_id}"


def _hash(secret: str, salt: bytes) -> str:
    return hashlib.scrypt(secret.encode(), salt=salt, **SCRYPT).hex()


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def issue(council_code: str, path: Path | None = None) -> tuple[Key, str]:
    """A new key for a council: (its entry, the key to hand over). Only the hash is stored."""
    path = Path(path or keys_file())
    key_id, secret = secrets.token_hex(4), secrets.token_urlsafe(24)
    salt = secrets.token_bytes(16)
    entries = _read(path)
    entries[key_id] = {"council_code": council_code, "salt": salt.hex(), "hash": _hash(secret, salt),
                       "issued": dt.date.today().isoformat()}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(entries, f, indent=2)
    os.replace(tmp, path)
    return Key(key_id, council_code), f"{PREFIX}_{key_id}_{secret}"


def verify(key: str, path: Path | None = None) -> Key | None:
    """The key's entry when the key is genuine, else None (same work either way when the id is unknown)."""
    prefix, _, rest = (key or "").strip().partition("_")
    key_id, _, secret = rest.partition("_")
    entry = _read(Path(path or keys_file())).get(key_id) if prefix == PREFIX else None
    salt = bytes.fromhex(entry["salt"]) if entry else secrets.token_bytes(16)
    good = hmac.compare_digest(_hash(secret, salt), entry["hash"] if entry else "0" * 64)
    return Key(key_id, entry["council_code"]) if entry and good else None


def revoke(key_id: str, path: Path | None = None) -> bool:
    path = Path(path or keys_file())
    entries = _read(path)
    if entries.pop(key_id, None) is None:
        return False
    path.write_text(json.dumps(entries, indent=2), encoding="utf-8")
    return True
