"""Provenance files kept beside every raw file: `<file>.provenance.json`."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

FIELDS = ("source", "publisher", "licence", "attribution", "retrieved", "sha256", "notes")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".provenance.json")


def read(path: Path) -> dict:
    """The provenance of a raw file; an empty dict when it has none."""
    side = sidecar(Path(path))
    return json.loads(side.read_text(encoding="utf-8")) if side.exists() else {}


def copy_with_provenance(src: Path, dest: Path, **meta) -> Path:
    """Copy a file unchanged and write its provenance beside it (sha256 computed here)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    record = {k: meta.get(k, "") for k in FIELDS}
    record.update({k: v for k, v in meta.items() if k not in FIELDS})
    record["sha256"] = sha256(dest)
    sidecar(dest).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return dest
