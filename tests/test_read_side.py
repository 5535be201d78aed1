"""The app's read side: it never blocks a load, it follows a swapped-in build, and a page run reads one build."""
from __future__ import annotations

import shutil
from pathlib import Path

from etl.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
NEWCASTLE = "E08000021"
NEW_MONTH = ROOT / "data" / "raw" / "spend" / "newcastle" / "spend" / "2019-04.csv.gz"   # not in the test build


def _lines(db) -> int:
    sql = "select coalesce(sum(lines), 0) as n from mart_spend_monthly where council_code = :c"
    return int(db.query(sql, {"c": NEWCASTLE})["n"].iloc[0])


def test_a_load_succeeds_while_the_app_reads_and_a_pinned_run_keeps_its_build(warehouse_file, tmp_path,
                                                                               monkeypatch):
    from dashboard import db

    target = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse_file, target)
    monkeypatch.setenv("KIL_WAREHOUSE", str(target))
    before, lines_before = db.build_id(), _lines(db)

    with db.pinned() as info:      # a page run is under way, holding its connection
        assert info["build_id"] == before
        # a council officer loads a new month meanwhile
        assert cli(["load", "spend", str(NEW_MONTH), "--council", NEWCASTLE, "--warehouse", str(target)]) == 0
        assert db.build_id() == before and _lines(db) == lines_before      # the run still reads its build

    assert db.build_id() != before                                      # the next run reads the new one
    assert _lines(db) > lines_before


def test_the_read_side_sees_only_listed_tables(warehouse_file, monkeypatch):
    import pytest
    import sqlalchemy as sa

    from dashboard import db
    from kil import warehouse

    monkeypatch.setenv("KIL_WAREHOUSE", str(warehouse_file))
    for table in ("spend", "rejects", "suppliers", "supplier_names"):
        assert table not in warehouse.READABLE
        with pytest.raises(sa.exc.ProgrammingError, match="does not exist"):
            db.query(f"select count(*) from {table}")
    for table in ("mart_spend_monthly", "mart_largest_lines", "mart_rejects", "councils"):
        assert len(db.query(f"select * from {table} limit 1").columns) > 1
