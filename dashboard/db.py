"""The app's one read-only connection to the warehouse, reopened when a build or load swaps in a new file.

A load writes a copy and swaps it in with os.replace; an open reader keeps the old file until it reopens. The
app checks the file's identity (inode and mtime) on every query and reopens when it changed, so it never holds a
lock that blocks a load and never shows a half-built warehouse.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pandas as pd

from kil import config, warehouse

_lock = threading.Lock()
_state: dict = {"identity": None, "engine": None, "info": None}


class NoWarehouse(Exception):
    pass


def _identity(path: Path):
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _current(path: Path | None = None):
    path = Path(path or config.warehouse_path())
    if not path.exists():
        raise NoWarehouse(f"No warehouse at {path}. Build it with `make run` or `python -m etl build`.")
    with _lock:
        identity = _identity(path)
        if identity != _state["identity"]:
            if _state["engine"] is not None:
                _state["engine"].dispose()
            eng = warehouse.engine(path, read_only=True)
            _state.update(identity=identity, engine=eng, info=warehouse.build_info(eng))
        return _state["engine"], _state["info"]


def build_info() -> dict:
    return _current()[1]


def build_id() -> str:
    return build_info()["build_id"]


def query(sql: str, params: dict | None = None) -> pd.DataFrame:
    """Run a read query with bound parameters and return a DataFrame."""
    eng, _ = _current()
    with warehouse.native(eng) as con:
        return con.execute(sql, params or {}).df()
