"""Every dataset other than spend: read, loaded into its table, each source file in the ledger."""
from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).parent / "sql"


def run(con, data_dir: Path, record, log=print) -> None:
    con.execute("create table if not exists councils (code varchar, name varchar, keep_it_local_network boolean)")
