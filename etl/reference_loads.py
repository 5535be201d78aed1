"""Every dataset other than spend: read, loaded into its table, each source file in the ledger."""
from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).parent / "sql"


def insert_frame(con, table: str, df) -> None:
    """Insert a DataFrame whose columns are in the table's order. `table` comes from the fixed lists here."""
    con.register("frame", df)
    try:
        con.execute(f"insert into {table} select * from frame")
    finally:
        con.unregister("frame")


def run(con, data_dir: Path, record, log=print) -> None:
    from etl.readers import reference

    con.execute(reference.SQL_FILE.read_text(encoding="utf-8"))
    for table, (df, loads) in reference.read_all(data_dir).items():
        insert_frame(con, table, df)
        for load in loads:
            record(load)
        log(f"  {table}: {len(df)} rows")
