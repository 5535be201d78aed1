"""The two ways into the warehouse, one per kind of process.

- **Write side** (the ETL, a process of its own): DuckDB's own connection, `connect(path)`, for bulk work
  (read_csv, Arrow tables, copies). A load or build writes a copy of the file and swaps it in (etl/build.py).
- **Read side** (the app, exports, benchmarks): a SQLAlchemy engine, `reader(path)`. Queries are `text()` with
  bound parameters. Each pooled connection is an in-memory DuckDB that attaches the warehouse file read-only and
  sees only the tables in `READABLE` (as views) and the SQL macros of etl/sql/macros.sql: a query that names any
  other table fails. Attaching (rather than opening the file) matters: DuckDB caches one instance per file path
  in a process, so after a swap a second open of the path would still read the old file while any connection to
  it lives; an attached file is bound to the connection that attached it, so a connection reads one build for
  its whole life, and a new connection reads the file now at the path.

A server warehouse (PostgreSQL, say) would take: a `reader()` returning an engine for its URL with the same
views as a schema of grants, the two macros written as SQL functions, and the ETL's bulk steps (read_csv, Arrow
inserts) written as COPY; the read side's queries are plain SQL with bound parameters and would not change.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import sqlalchemy as sa

from kil import config

_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
MACROS = Path(__file__).resolve().parent.parent / "etl" / "sql" / "macros.sql"

# What the read side may read: marts, coverage and the named reference tables. Nothing line-level (`spend`,
# `rejects`, `suppliers`): the pages' line drill-through reads mart_largest_lines.
READABLE = (
    "build_info", "loads", "councils", "comparison_groups", "coverage", "neighbourhoods", "covid_cases",
    "social_care", "social_care_measures", "asset_transfers", "pilot_metrics", "mart_spend_monthly",
    "mart_spend_ward", "mart_supplier_totals", "mart_postcode_areas", "mart_largest_lines", "mart_indicators",
    "mart_rejects", "mart_flag_disagreements",
)


def connect(path: str | Path | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """DuckDB's own connection to a warehouse file (the write side; `:memory:` for scratch work), within
    config.ETL_MEMORY_LIMIT."""
    path = str(path) if path else str(config.warehouse_path())
    return duckdb.connect(path, read_only=read_only, config=dict(_CONFIG, memory_limit=config.ETL_MEMORY_LIMIT))


def reader(path: str | Path | None = None, tables: tuple[str, ...] = READABLE) -> sa.Engine:
    """A read-only SQLAlchemy engine over a warehouse file, seeing only `tables` (see the module docstring)."""
    path = str(Path(path) if path else config.warehouse_path())
    eng = sa.create_engine("duckdb:///:memory:", connect_args={"config": dict(_CONFIG)},
                           poolclass=sa.pool.QueuePool, pool_size=4, max_overflow=8)

    @sa.event.listens_for(eng, "connect")
    def attach(dbapi_connection, _record) -> None:
        dbapi_connection.execute("attach $path as warehouse (read_only)", {"path": path})
        present = {name for (name,) in dbapi_connection.execute(
            "select table_name from information_schema.tables where table_catalog = 'warehouse'").fetchall()}
        for table in tables:          # identifiers from the fixed list above, never from input
            if table in present:
                dbapi_connection.execute(f'create view "{table}" as select * from warehouse.main."{table}"')
        dbapi_connection.execute(MACROS.read_text(encoding="utf-8"))

    return eng


def build_info(conn: sa.Connection) -> dict:
    """Build id, date and schema version of the warehouse a read connection sees."""
    row = conn.execute(sa.text("select build_id, built_at, schema_version from build_info")).one()
    return {"build_id": row.build_id, "built_at": row.built_at, "schema_version": row.schema_version}


def schema_version(path: str | Path) -> int | None:
    """The schema version of a warehouse file, or None when it has none (missing, unreadable, half made)."""
    try:
        con = duckdb.connect(":memory:", config=dict(_CONFIG))
        try:
            con.execute("attach $path as warehouse (read_only)", {"path": str(path)})
            return con.execute("select schema_version from warehouse.build_info").fetchone()[0]
        finally:
            con.close()
    except (duckdb.Error, TypeError):
        return None
