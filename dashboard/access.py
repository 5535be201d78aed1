"""Who may load files through the app, and for which councils. Uploads are off unless an administrator turns them
on; the read-only dashboard is open to everyone either way.

Turned on by an `[upload]` section in `.streamlit/secrets.toml` (`enabled = true`), or by the environment
(`KIL_UPLOAD=on`). Officers sign in one of two ways:
- with the deployment's identity provider (`st.login`, configured in the secrets' `[auth]` section), mapped to
  councils by `[upload.officers]`: an e-mail address or an `@domain` -> a list of GSS codes;
- otherwise with a per-council upload key (etl/upload_keys.py), which loads for its own council only.
Refused keys are slowed down (each refusal in a session doubles the wait, up to MAX_DELAY seconds) and logged with
the key's id when it has one; no key, secret or token is ever logged, put in a URL or written to the ledger.
"""
from __future__ import annotations

import json
import logging
import os
import re
import time
from dataclasses import dataclass, field

from etl import upload_keys

log = logging.getLogger("kil.upload")
DEFAULT_MAX_MB = 50
MAX_DELAY = 8.0


@dataclass(frozen=True)
class UploadConfig:
    enabled: bool = False
    max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024
    officers: dict[str, tuple[str, ...]] = field(default_factory=dict)   # e-mail or '@domain' -> councils
    identity_provider: bool = False          # an [auth] section: st.login

    @property
    def max_mb(self) -> int:
        return self.max_bytes // (1024 * 1024)


def _secrets() -> dict:
    import streamlit as st

    try:
        return {k: st.secrets[k] for k in ("upload", "auth") if k in st.secrets}
    except Exception:  # noqa: BLE001 - Streamlit raises its own error when there is no secrets file
        return {}


def config() -> UploadConfig:
    """The deployment's upload settings: the secrets' [upload] section, then the environment."""
    s = _secrets()
    upload = dict(s.get("upload", {}))
    enabled = bool(upload.get("enabled", False)) or os.environ.get("KIL_UPLOAD", "").lower() in ("on", "1", "true")
    max_mb = float(upload.get("max_mb") or os.environ.get("KIL_UPLOAD_MAX_MB") or DEFAULT_MAX_MB)
    officers = dict(upload.get("officers", {})) or json.loads(os.environ.get("KIL_UPLOAD_OFFICERS") or "{}")
    return UploadConfig(enabled, int(max_mb * 1024 * 1024),
                        {k.lower(): tuple(v) for k, v in officers.items()}, "auth" in s)


def councils_for(email: str | None, cfg: UploadConfig) -> tuple[str, ...]:
    """The councils a signed-in officer may load for: their address's entry, else their domain's; none when
    unmapped. Addresses compare without case."""
    if not email or "@" not in email:
        return ()
    email = email.strip().lower()
    return cfg.officers.get(email) or cfg.officers.get("@" + email.rsplit("@", 1)[1]) or ()


def check_key(key: str, session: dict) -> upload_keys.Key | None:
    """A key's entry when genuine; a refusal waits longer each time in this session and is logged."""
    failures = session.get("upload_key_failures", 0)
    if failures:
        time.sleep(min(MAX_DELAY, 0.5 * 2 ** (failures - 1)))
    found = upload_keys.verify(key)
    if found is None:
        session["upload_key_failures"] = failures + 1
        parts = (key or "").strip().split("_")
        key_id = parts[1] if len(parts) > 2 and re.fullmatch(r"[0-9a-f]{8}", parts[1]) else "none"   # never secret
        log.warning("upload key refused (key id %s, refusal %d in this session)", key_id, failures + 1)
        return None
    session["upload_key_failures"] = 0
    log.info("upload key accepted (key id %s, council %s)", found.key_id, found.council_code)
    return found
