"""The one way into the warehouse.

A SQLAlchemy engine (duckdb-engine) per warehouse file. Bulk work on the write side reaches DuckDB's own
connection through that engine (`native`), so no process opens a file two ways, which DuckDB refuses.
A server warehouse can later replace the file by changing only this module.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

from kil import config

_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def engine(path: str | Path | None = None, *, read_only: bool = False) -> sa.Engine:
    """An engine for one warehouse file. Read-only engines never hold a write lock."""
    path = Path(path) if path else config.warehouse_path()
    return sa.create_engine(
        f"duckdb:///{path}",
        connect_args={"read_only": read_only, "config": dict(_CONFIG)},
        poolclass=sa.pool.NullPool if not read_only else sa.pool.QueuePool,
    )


@contextlib.contextmanager
def native(eng: sa.Engine) -> Iterator["duckdb.DuckDBPyConnection"]:  # noqa: F821
    """DuckDB's own connection behind an engine connection, for bulk loads (read_csv, register, copy)."""
    with eng.connect() as conn:
        raw = conn.connection.driver_connection
        # duckdb-engine wraps the DuckDB connection; the wrapper keeps it as `_ConnectionWrapper__c`.
        yield getattr(raw, "_ConnectionWrapper__c", raw)


def build_info(eng: sa.Engine) -> dict:
    """Build id, date and schema version of a warehouse, read from its `build_info` table."""
    with eng.connect() as conn:
        row = conn.execute(sa.text("select build_id, built_at, schema_version from build_info")).one()
    return {"build_id": row.build_id, "built_at": row.built_at, "schema_version": row.schema_version}
