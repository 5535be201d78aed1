"""The read side's warehouse: a SQLAlchemy engine (kil/warehouse.py) that follows swapped-in builds, and one
build pinned for each page run.

A build or load writes a copy of the file and swaps it in with os.replace. The app checks the file's identity
(inode, mtime, size) when a page run starts and, when it changed, makes a new engine for the new file; the old
engine's connections finish what they are doing on the old file. A page run holds one connection for its whole
run (`pinned`), so every query of the run reads the same build, and the build id it reports is the one that
connection reads. The app never holds a lock that blocks a writer: the writer never opens the file it replaces.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import os
import threading
from pathlib import Path
from typing import Iterator

import pandas as pd
import sqlalchemy as sa

from kil import config, warehouse

_lock = threading.Lock()
_state: dict = {"path": None, "identity": None, "engine": None}
_run = threading.local()


class NoWarehouse(Exception):
    pass


def _identity(path: Path):
    st = os.stat(path)
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def engine() -> sa.Engine:
    """The engine for the warehouse file now at the configured path (a new one after a swap)."""
    path = Path(config.warehouse_path())
    if not path.exists():
        raise NoWarehouse(f"No warehouse at {path}. Build it with `make run` or `python -m etl build`.")
    with _lock:
        identity = _identity(path)
        if (path, identity) != (_state["path"], _state["identity"]):
            if _state["engine"] is not None:
                _state["engine"].dispose()   # connections in use keep reading their build until closed
            _state.update(path=path, identity=identity, engine=warehouse.reader(path))
        return _state["engine"]


@contextlib.contextmanager
def pinned() -> Iterator[dict]:
    """Hold one connection (one build) for a page run; yields that build's info."""
    conn = engine().connect()
    try:
        _run.conn, _run.info = conn, warehouse.build_info(conn)
        yield _run.info
    finally:
        _run.conn = _run.info = None
        conn.close()


@contextlib.contextmanager
def _connection() -> Iterator[sa.Connection]:
    conn = getattr(_run, "conn", None)
    if conn is not None:
        yield conn
    else:
        with engine().connect() as c:
            yield c


def build_info() -> dict:
    info = getattr(_run, "info", None)
    if info is not None:
        return info
    with _connection() as conn:
        return warehouse.build_info(conn)


def build_id() -> str:
    return build_info()["build_id"]


def _from_cursor(result: sa.CursorResult) -> pd.DataFrame:
    """The DBAPI cursor's own DataFrame (DuckDB's columnar conversion: dates as datetimes, decimals as floats)."""
    return result.cursor.df()


def _from_rows(result: sa.CursorResult) -> pd.DataFrame:
    """A DataFrame built from SQLAlchemy's rows (Python objects), decimals made floats and dates datetimes, as
    the cursor's own DataFrame has them."""
    df = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    for column in df.columns:
        first = df[column].dropna()
        if df[column].dtype == object and len(first):
            if isinstance(first.iloc[0], decimal.Decimal):
                df[column] = df[column].astype("float64")
            elif isinstance(first.iloc[0], dt.date):
                df[column] = pd.to_datetime(df[column])
    return df


FETCH = {"cursor": _from_cursor, "rows": _from_rows}
fetch = FETCH["cursor"]   # chosen by bench/read_path.py (see README, "Read side")


def query(sql: str, params: dict | None = None) -> pd.DataFrame:
    """Run a read query (`:name` bound parameters) and return a DataFrame."""
    with _connection() as conn:
        result = conn.execute(sa.text(sql), params or {})
        try:
            return fetch(result)
        finally:
            result.close()
