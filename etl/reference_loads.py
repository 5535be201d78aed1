"""Every dataset other than spend: read, loaded into its table, each source file in the ledger."""
from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).parent / "sql"


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


def run(con, data_dir: Path, record, log=print) -> None:
    for ddl in ("reference.sql", "registers.sql", "demo_tables.sql"):
        con.execute((SQL_DIR / ddl).read_text(encoding="utf-8"))
    for table, read in readers(data_dir):
        df, loads = read()
        insert_frame(con, table, df)
        for load in loads:
            record(load)
        log(f"  {table}: {len(df)} rows")
