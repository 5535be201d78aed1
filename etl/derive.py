"""Everything computed from loaded data, rebuilt after every build or load: suppliers, marts and coverage."""
from __future__ import annotations

from pathlib import Path

SQL_DIR = Path(__file__).parent / "sql"
WINDOW = ("2019-04-01", "2023-03-01")   # the product's months: FY2019/20 (pre-Covid) to FY2022/23


def run(con, data_dir: Path, log=print) -> None:
    con.execute((SQL_DIR / "coverage.sql").read_text(encoding="utf-8"), {"start": WINDOW[0], "end": WINDOW[1]})
