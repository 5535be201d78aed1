"""Loads that lose nothing: one writer at a time (threads and processes), busy reported with its own exit code,
readers answering throughout, real data retiring synthetic data, re-publications stored side by side so that a
rebuild from data/ gives the same warehouse, and loads withdrawn with `etl unload`.

Each test works on its own copy of a small warehouse built by the real ETL (`base`), with its own data folder.
"""
from __future__ import annotations

import concurrent.futures
import gzip
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from etl import loading, writer
from etl.cli import main as cli
from kil import warehouse
from tests.conftest import DATA, make_small_data, slice_gz

ROOT = Path(__file__).resolve().parent.parent
KIRKLEES, BRISTOL = "E08000034", "E06000023"
PUBLISHED = DATA / "raw" / "spend"


def _published(council: str, period: str, lines: int, dest: Path) -> Path:
    """The first `lines` lines of a published spend file, as a file an officer would upload."""
    out = dest / f"{council}-{period}-upload.csv.gz"
    slice_gz(PUBLISHED / council / "spend" / f"{period}.csv.gz", out, lines)
    return out


def _data_lines(path: Path) -> int:
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
        return sum(1 for _ in f) - 1


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """(data folder, warehouse) from the shipped reference data, Bristol's synthetic demo, and one Bradford
    month; no Kirklees."""
    data = make_small_data(tmp_path_factory.mktemp("loads-data"), {("bradford", "spend", "2019-04"): 60})
    target = tmp_path_factory.mktemp("loads-wh") / "warehouse.duckdb"
    from etl.build import build
    build(target, data)
    return data, target


@pytest.fixture()
def fresh(base, tmp_path):
    data, target = base
    mine = tmp_path / "data"
    shutil.copytree(data, mine)
    wh = tmp_path / "warehouse.duckdb"
    shutil.copyfile(target, wh)
    return mine, wh


def _count(target: Path, sql: str, params=None):
    con = warehouse.connect(target, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def _kirklees(target: Path):
    return _count(target, "select period, count(*), sum(amount) from spend where council_code = ? group by 1 "
                          "order by 1", [KIRKLEES])


def test_two_loads_at_once_in_threads_both_land(fresh, tmp_path):
    data, target = fresh
    files = {p: _published("kirklees", p, 300, tmp_path) for p in ("2023-04", "2023-05")}
    reqs = [loading.Request(f, KIRKLEES, period=p, keep=True, who="test") for p, f in files.items()]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda r: loading.load_file(r, target, data, wait=300), reqs))
    assert [r.status for r in results] == ["loaded", "loaded"]
    held = {period: n for period, n, _ in _kirklees(target)}
    assert held == {"2023-04": results[0].rows_loaded, "2023-05": results[1].rows_loaded}
    assert sum(held.values()) == sum(r.rows_loaded for r in results) > 500
    ledger = _count(target, "select period from loads where dataset = 'spend' and council_code = ? and status = 'loaded' "
                    "order by 1",
                    [KIRKLEES])
    assert [p for (p,) in ledger] == ["2023-04", "2023-05"]


def test_two_loads_at_once_in_processes_both_land(fresh, tmp_path):
    data, target = fresh
    files = {p: _published("kirklees", p, 300, tmp_path) for p in ("2023-04", "2023-05")}
    procs = [subprocess.Popen([sys.executable, "-m", "etl", "load", "spend", str(f), "--council", KIRKLEES,
                               "--period", p, "--warehouse", str(target), "--json", "--no-copy"],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for p, f in files.items()]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outs]
    loaded = {json.loads(out.splitlines()[-1])["period"]: json.loads(out.splitlines()[-1])["rows_loaded"]
              for out, _ in outs}
    assert {period: n for period, n, _ in _kirklees(target)} == loaded
    assert all(n > 0 for n in loaded.values())


def test_a_load_that_finds_the_warehouse_busy_says_so_and_changes_nothing(fresh, tmp_path):
    data, target = fresh
    upload = _published("kirklees", "2023-04", 50, tmp_path)
    before = _count(target, "select build_id from build_info")
    with writer.writing(target, what="a build under way"):
        code = subprocess.run([sys.executable, "-m", "etl", "load", "spend", str(upload), "--council", KIRKLEES,
                               "--period", "2023-04", "--warehouse", str(target), "--wait", "0.2"],
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert code.returncode == writer.BUSY_EXIT and "busy" in code.stderr
    assert _count(target, "select build_id from build_info") == before and _kirklees(target) == []
    logged = [json.loads(line) for line in writer.log_path(target).read_text().splitlines()]
    assert logged[-1]["refused"].startswith("load " + KIRKLEES) and logged[-1]["holder"].endswith("under way")


def test_readers_keep_answering_during_a_build_and_two_loads(fresh, tmp_path, monkeypatch):
    """Threads run the pages' queries in a loop, each loop one pinned page run, while a build and two loads
    swap new warehouses in: no error, and every run reads one build from its start to its end."""
    from dashboard import db, queries
    from etl.build import build

    data, target = fresh
    monkeypatch.setenv("KIL_WAREHOUSE", str(target))
    stop, errors, runs = threading.Event(), [], []

    def reader():
        while not stop.is_set():
            try:
                with db.pinned() as info:
                    first = info["build_id"]
                    queries.indicator_values.uncached("E08000032")
                    queries.spend_by.uncached("E08000032", "fy", None, "total", "class")
                    runs.append(first == db.query("select build_id from build_info")["build_id"].iloc[0])
            except Exception as exc:   # noqa: BLE001 - any error at all fails the test
                errors.append(repr(exc))

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        build(target, data, wait=300)
        for period in ("2023-04", "2023-05"):
            loading.load_file(loading.Request(_published("kirklees", period, 200, tmp_path), KIRKLEES,
                                              period=period), target, data, wait=300)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == [] and runs and all(runs)
    assert len(_kirklees(target)) == 2


def _bristol(target: Path):
    return _count(target, "select synthetic, count(*) from spend where council_code = ? group by 1 order by 1",
                  [BRISTOL])


def test_real_spend_retires_synthetic_spend_in_the_warehouse_and_in_the_build(fresh, tmp_path):
    data, target = fresh
    assert _bristol(target) == [(True, _bristol(target)[0][1])]
    real = _published("kirklees", "2023-04", 120, tmp_path)        # a real file, standing in for Bristol's
    result = loading.load_file(loading.Request(real, BRISTOL, period="2020-10", keep=True, who="test"), target,
                               data)
    assert result.status == "loaded" and result.rows_missing == 0 and "retired" in result.message
    assert _bristol(target) == [(False, result.rows_loaded)]
    (retired,) = _count(target, "select rows_loaded, message from loads where status = 'retire'")
    assert retired[0] < 0 and "synthetic" in retired[1]
    assert _count(target, "select count(*) from coverage where council_code = ? and status = 'synthetic'",
                  [BRISTOL]) == [(0,)]
    from etl.build import build
    rebuilt = tmp_path / "rebuilt.duckdb"
    build(rebuilt, data)
    assert _bristol(rebuilt) == [(False, result.rows_loaded)]


def _ledger(target: Path):
    return _count(target, """
        select source_file, period, status, rows_read, rows_loaded, rows_rejected, rows_duplicate, rows_missing,
               amount_loaded
        from loads where dataset = 'spend' and not synthetic order by source_file""")


def _spend(target: Path):
    return _count(target, """
        select source_file, count(*), sum(amount), sum(hash(line_key)) from spend where not synthetic
        group by 1 order by 1""")


def test_a_series_of_loads_and_a_rebuild_from_data_give_the_same_warehouse(fresh, tmp_path):
    """A month, then its re-publication (some lines dropped, others added) stored beside it as .r2, then the
    next month: the rebuild from data/ holds the same lines, pounds and ledger."""
    data, target = fresh
    src = PUBLISHED / "kirklees" / "spend" / "2023-04.csv.gz"
    with gzip.open(src, "rt", encoding="utf-8", errors="strict") as f:
        lines = f.read().splitlines(keepends=True)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text("".join(lines[:200]), encoding="utf-8")
    second.write_text("".join(lines[:1] + lines[20:260]), encoding="utf-8")     # 19 gone, 60 new
    for path, period in ((first, "2023-04"), (second, "2023-04"),
                         (_published("kirklees", "2023-05", 150, tmp_path), "2023-05")):
        assert loading.load_file(loading.Request(path, KIRKLEES, period=period, keep=True), target,
                                 data).status == "loaded"
    stored = sorted(p.name for p in (data / "raw" / "spend" / "kirklees" / "spend").glob("*.csv"))
    assert stored == ["2023-04.csv", "2023-04.r2.csv"]
    republished = [r for r in _ledger(target) if r[0].endswith("2023-04.r2.csv")][0]
    assert republished[4] == 60 and republished[7] == 19
    from etl.build import build
    rebuilt = tmp_path / "rebuilt.duckdb"
    build(rebuilt, data)
    assert _spend(rebuilt) == _spend(target) and _ledger(rebuilt) == _ledger(target)
    for table in DERIVED_TABLES:        # each load refreshed only its council: the same as a whole build
        assert _table(rebuilt, table) == _table(target, table), table


# What the loads recompute for their council alone (etl/steps.py DERIVED), compared with a whole build's.
DERIVED_TABLES = ("suppliers", "mart_spend_monthly", "mart_spend_ward", "mart_supplier_totals", "mart_largest_lines",
                  "mart_rejects", "mart_flag_disagreements", "coverage", "mart_indicators")


def _table(target: Path, table: str) -> list:
    """A table's rows in a fixed order, floats to 10 significant digits (sums may add up in another order)."""
    rows = _count(target, f"select * from {table}")
    rounded = [tuple(float(f"{v:.10g}") if isinstance(v, float) else v for v in row) for row in rows]
    return sorted(rounded, key=repr)


def test_a_new_years_unnamed_supplier_leaves_the_earlier_years_rows_as_they_were(fresh, tmp_path):
    """Suppliers not shown by name are numbered in the order of the year they were first paid in: a new year's new
    one takes the next number, and every row of the years before it stays as it was (so a load of a new month
    rewrites only the rows it changes). Numbered by key alone, 'AAA MR TEST' would shift every other number."""
    data, target = fresh
    assert loading.load_file(loading.Request(_published("kirklees", "2023-04", 200, tmp_path), KIRKLEES,
                                             period="2023-04"), target, data).status == "loaded"
    year = "select * from mart_supplier_totals where council_code = ? and financial_year = ? order by all"
    before = _count(target, year, [KIRKLEES, "2023/24"])
    assert any(r[2].startswith("not shown") for r in before)
    with gzip.open(PUBLISHED / "kirklees" / "spend" / "2023-04.csv.gz", "rt", encoding="utf-8") as f:
        header = f.readline()
    next_year = tmp_path / "2024-04.csv"       # 45383: 1 April 2024, a spreadsheet serial date as Kirklees writes
    next_year.write_text(header + "45383,1,120.00,999001,AAA MR TEST,,H,,KR,1,Test,,,Test\n", encoding="utf-8")
    assert loading.load_file(loading.Request(next_year, KIRKLEES, period="2024-04"), target,
                             data).status == "loaded"
    assert _count(target, year, [KIRKLEES, "2023/24"]) == before
    (new,) = _count(target, year, [KIRKLEES, "2024/25"])
    assert new[2].startswith("not shown") and new[3] is None


def test_unload_withdraws_a_load_its_stored_copy_and_keeps_both_in_the_ledger(fresh, tmp_path):
    data, target = fresh
    upload = _published("kirklees", "2023-04", 80, tmp_path)
    result = loading.load_file(loading.Request(upload, KIRKLEES, period="2023-04", keep=True), target, data)
    stored = data / "raw" / "spend" / "kirklees" / "spend" / "2023-04.csv.gz"
    assert stored.exists() and _kirklees(target)
    assert cli(["unload", str(result.load_id), "--warehouse", str(target), "--data", str(data)]) == 0
    assert _kirklees(target) == [] and not stored.exists()
    assert not stored.with_name(stored.name + ".provenance.json").exists()
    events = _count(target, "select status, rows_loaded from loads where dataset = 'spend' and council_code = ? "
                    "order by load_id",
                    [KIRKLEES])
    assert events == [("withdrawn", result.rows_loaded), ("unload", -result.rows_loaded)]
    assert cli(["unload", str(result.load_id), "--warehouse", str(target), "--data", str(data)]) == 1  # gone
    # every ledger row conserves, and the ledger's lines are the warehouse's
    assert _count(target, "select count(*) from loads where dataset = 'spend' "
                          "and rows_read <> rows_loaded + rows_rejected + rows_duplicate") == [(0,)]
    assert _count(target, "select sum(rows_loaded) from loads where dataset = 'spend'") == \
        _count(target, "select count(*) from spend")


def test_unload_leaves_a_file_it_did_not_store(fresh, tmp_path):
    """A load of a file already in data/ (a published file) stores no copy: withdrawing it leaves the file."""
    data, target = fresh
    published = tmp_path / "published" / "2023-04.csv.gz"
    slice_gz(PUBLISHED / "kirklees" / "spend" / "2023-04.csv.gz", published, 30)
    inside = data / "raw" / "spend" / "kirklees" / "spend" / "2023-04.csv.gz"
    slice_gz(published, inside, None)
    result = loading.load_file(loading.Request(inside, KIRKLEES, period="2023-04", keep=True), target, data)
    done = loading.unload(result.load_id, target, data)
    assert done["lines"] == result.rows_loaded and inside.exists() and "removed" not in done


def test_unload_refuses_another_councils_load_and_a_load_with_a_later_publication(fresh, tmp_path):
    data, target = fresh
    src = PUBLISHED / "kirklees" / "spend" / "2023-04.csv.gz"
    one, two = _published("kirklees", "2023-04", 40, tmp_path), tmp_path / "2023-04-again.csv.gz"
    slice_gz(src, two, 90)
    first = loading.load_file(loading.Request(one, KIRKLEES, period="2023-04"), target, data)
    loading.load_file(loading.Request(two, KIRKLEES, period="2023-04"), target, data)
    from etl.load_spend import Unloadable
    with pytest.raises(Unloadable, match="later publication"):
        loading.unload(first.load_id, target, data)
    with pytest.raises(Unloadable, match="not one of this council"):
        loading.unload(first.load_id, target, data, council_code=BRISTOL)
