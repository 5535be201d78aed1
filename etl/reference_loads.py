"""Every dataset other than spend: read, loaded into its table, each source file in the ledger."""
from __future__ import annotations

import json
from pathlib import Path

from etl.ledger import SourceLoad, source_name
from kil import provenance

SQL_DIR = Path(__file__).parent / "sql"
DDL = ("reference.sql", "registers.sql", "demo_tables.sql")


def insert_frame(con, table: str, df, *, replace: bool = False) -> None:
    """Insert a DataFrame whose columns are in the table's order (or, with replace, make the table from it).
    `table` comes from fixed lists in the ETL, never from input."""
    con.register("frame", df)
    try:
        con.execute(f"create or replace table {table} as select * from frame" if replace
                    else f"insert into {table} select * from frame")
    finally:
        con.unregister("frame")


def readers(data_dir: Path):
    """(table, reader) in load order; each reader returns (DataFrame, [SourceLoad])."""
    from etl import grants
    from etl.readers import demo, reference, registers

    yield from ((table, (lambda result=result: result)) for table, result in reference.read_all(data_dir).items())
    yield "postcodes", lambda: registers.postcodes_load(data_dir)
    yield "grant_categories", lambda: grants.grant_categories_load(data_dir / "reference" / "grant_categories.csv")
    yield "asset_transfers", lambda: demo.read_assets(data_dir)
    yield "pilot_metrics", lambda: demo.read_pilot_metrics(data_dir)


def record(con, load: SourceLoad, data_dir: Path) -> None:
    """Ledger row (and rejects) for a non-spend source file."""
    meta = provenance.read(load.path)
    load_id = con.execute("select nextval('load_seq')").fetchone()[0]
    con.execute("""
        insert into loads (load_id, dataset, source_file, sha256, council_code, status, rows_read, rows_loaded,
                           rows_rejected, rows_duplicate, rows_missing, message, synthetic, provenance)
        values ($id, $dataset, $file, $sha, $council, $status, $read, $loaded, $rejected, $duplicate, 0, $message,
                $synthetic, $provenance)
    """, {"id": load_id, "dataset": load.dataset, "file": source_name(load.path, data_dir),
          "sha": meta.get("sha256") or provenance.sha256(load.path), "council": load.council_code,
          "status": load.status, "read": load.rows_read, "loaded": load.rows_loaded,
          "rejected": load.rows_rejected, "duplicate": load.rows_duplicate, "message": load.message,
          "synthetic": load.synthetic, "provenance": json.dumps(meta)})
    for r in load.rejects:
        con.execute("insert into rejects values ($id, $row, $raw, $reason)",
                    {"id": load_id, "row": r.row, "raw": r.raw, "reason": r.reason})


def run(con, data_dir: Path, log=print) -> None:
    """Create the reference tables and fill each from its reader, recording every source file in the ledger."""
    for ddl in DDL:
        con.execute((SQL_DIR / ddl).read_text(encoding="utf-8"))
    for table, read in readers(data_dir):
        df, loads = read()
        insert_frame(con, table, df)
        for load in loads:
            record(con, load, data_dir)
        log(f"  {table}: {len(df)} rows")
