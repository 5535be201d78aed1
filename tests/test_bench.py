"""The benchmark keeps working: `python -m bench` on 50,000 generated lines, without the browser, gives every
figure the issue asks for, each a number, and a verdict for every goal. It asserts no timing: speed is measured by
`make bench`, never in a unit test.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIGURES = ("rows", "etl_seconds", "duckdb_bare_seconds", "etl_vs_duckdb_ratio", "pandas_to_sql_vs_etl_ratio",
           "build_seconds", "build_peak_rss_mb", "query_p95_ms", "apptest_page_ms", "apptest_page_cold_ms",
           "load_one_file_seconds", "load_vs_check_ratio")


def test_a_small_benchmark_run_reports_every_figure(tmp_path):
    done = subprocess.run([sys.executable, "-m", "bench", "--rows", "50000", "--folder", str(tmp_path), "--quick",
                           "--no-browser", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    for name in FIGURES:
        assert isinstance(out.get(name), (int, float)) and out[name] > 0, (name, out.get(name))
    assert out["rows"] == 50000
    from bench.__main__ import GOALS
    assert {name for name, *_ in GOALS} <= set(out["verdicts"])
    assert set(out["verdicts"].values()) <= {"met", "missed", "not measured"}
