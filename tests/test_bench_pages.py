"""The page benchmark (bench/pages.py) runs on the session warehouse and times the queries the pages really ran
(recorded as they were called), so its list cannot drift from the pages. No timing is asserted: speed is bench/'s."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "bench" / "pages.py")
bench_pages = importlib.util.module_from_spec(_spec)
sys.modules["bench_pages"] = bench_pages
_spec.loader.exec_module(bench_pages)

BRADFORD = "E08000032"


def test_every_page_is_measured_with_the_queries_it_ran(warehouse_file, monkeypatch):
    from dashboard import queries
    from dashboard.pages import PAGE_IDS

    monkeypatch.setenv("KIL_WAREHOUSE", str(warehouse_file))   # restored after the test (measure sets it too)
    result = bench_pages.measure(warehouse_file, [BRADFORD], runs=1)
    assert set(result["pages"]) == set(PAGE_IDS)
    for key in ("query_p95_ms", "query_p50_ms", "apptest_page_ms", "apptest_page_cold_ms"):
        assert result[key] > 0
    page, query = result["worst_query"].split(": ")
    assert page in PAGE_IDS and query in queries.QUERIES
    ran = {p: set(r["each_p50_ms"]) for p, r in result["by_council"][BRADFORD].items()}
    assert all(names <= set(queries.QUERIES) for names in ran.values())
    # the frame's queries run on every page; each page's own are among its recorded ones
    assert all("council_options" in names for names in ran.values())
    assert {"spend_by_dimensions", "top_suppliers", "supplier_lines"} <= ran["local_spend"]
    assert "compare_indicator" in ran["compare_areas"] and "compare_indicator" not in ran["local_spend"]
