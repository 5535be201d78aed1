"""The app's read-only warehouse connection: it never blocks a load and it follows a swapped-in build."""
from __future__ import annotations

import shutil
from pathlib import Path

from etl.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent


def test_a_load_succeeds_while_the_app_reads_and_the_app_then_sees_it(warehouse_file, tmp_path, monkeypatch):
    from dashboard import db

    target = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse_file, target)
    monkeypatch.setenv("KIL_WAREHOUSE", str(target))
    before = db.build_id()
    lines_before = db.query("select count(*) as n from spend where council_code = 'E08000021'")["n"].iloc[0]

    # the app's connection is open; a council officer loads a new month
    src = ROOT / "data" / "raw" / "spend" / "newcastle" / "spend" / "2019-04.csv.gz"
    assert cli(["load", "spend", str(src), "--council", "E08000021", "--warehouse", str(target), "--no-copy"]) == 0

    assert db.build_id() != before
    lines_after = db.query("select count(*) as n from spend where council_code = 'E08000021'")["n"].iloc[0]
    assert lines_after > lines_before
    marts = db.query("select sum(lines) as n from mart_spend_monthly where council_code = 'E08000021'")["n"].iloc[0]
    assert marts == lines_after   # derived tables were rebuilt with the load
