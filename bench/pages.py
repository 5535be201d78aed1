"""Benchmark: every page, its queries and its AppTest run, on one warehouse, for a few councils.

For each council and page (dashboard/pages.py):
- **AppTest cold**: the page's first run in a fresh AppTest with every Streamlit cache of the process cleared (the
  frame's queries too; DuckDB itself stays warm, its connection pool open), as a visitor's first visit sees it.
- **AppTest warm**: the second run in the same session (caches full), as a visitor switching back to a page sees it.
- CPU time (the process's, DuckDB's threads included) beside each wall time: on a shared machine it moves less.
- **Queries**: the queries that cold run called, recorded as it called them (dashboard/queries.py tells listeners of
  every call), so the list is the page's own and cannot drift from it. Each is then run past the query cache
  (`.uncached`, DuckDB warm, one pinned connection as a page run has), summed per page run; p50 and p95 over
  `runs` runs, and the query with the highest p95 named.

The councils default to the three with most spend lines. The figures of `measure` are the worst over councils.
Run: .venv/bin/python bench/pages.py --warehouse W [--council C ...] [--runs N] [--json]
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def largest_councils(n: int = 3) -> list[str]:
    """The councils with most spend lines in the warehouse the read side is pointed at."""
    from dashboard import db

    df = db.query("select council_code, sum(lines) as lines from mart_spend_monthly group by 1 order by 2 desc, 1")
    return list(df["council_code"][:n])


def apptest_page(page, council: str) -> dict:
    """Cold and warm AppTest runs of one page for one council, and the queries the cold run called."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import queries

    st.cache_data.clear()
    st.cache_resource.clear()
    calls: dict[tuple, tuple] = {}

    def listen(name: str, args: tuple, kwargs: dict) -> None:
        calls.setdefault((name, repr(args), repr(sorted(kwargs.items()))), (name, args, kwargs))

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["council"] = council
    at.switch_page(str(page.file.relative_to(ROOT)))
    queries._listeners.append(listen)
    try:
        t, c = time.perf_counter(), time.process_time()
        at.run()
        cold, cold_cpu = time.perf_counter() - t, time.process_time() - c
    finally:
        queries._listeners.remove(listen)
    t, c = time.perf_counter(), time.process_time()
    at.run()
    warm, warm_cpu = time.perf_counter() - t, time.process_time() - c
    if at.exception:
        raise RuntimeError(f"{page.id} for {council}: {at.exception[0].value}")
    return {"apptest_cold_ms": cold * 1000, "apptest_warm_ms": warm * 1000, "apptest_cold_cpu_ms": cold_cpu * 1000,
            "apptest_warm_cpu_ms": warm_cpu * 1000, "calls": list(calls.values())}


def time_queries(calls: list[tuple], runs: int) -> dict:
    """Each recorded call past the query cache, summed per page run: p50, p95, and the worst query by p95."""
    from dashboard import db, queries

    totals: list[float] = []
    cpu: list[float] = []       # the process's CPU time (DuckDB's threads too)
    each: dict[str, list[float]] = {}
    with db.pinned():
        for _ in range(2):                                    # DuckDB warm
            for name, args, kwargs in calls:
                queries.QUERIES[name](*args, **kwargs)
        for _ in range(runs):
            total = 0.0
            per_name: dict[str, float] = {}
            started = time.process_time()
            for name, args, kwargs in calls:
                t = time.perf_counter()
                queries.QUERIES[name](*args, **kwargs)
                took = time.perf_counter() - t
                total += took
                per_name[name] = per_name.get(name, 0.0) + took   # a query called twice counts its two calls
            totals.append(total)
            cpu.append(time.process_time() - started)
            for name, took in per_name.items():
                each.setdefault(name, []).append(took)
    worst = max(each, key=lambda n: _p(each[n], 0.95)) if each else ""
    return {"query_p50_ms": statistics.median(totals) * 1000 if totals else 0.0,
            "query_p95_ms": _p(totals, 0.95) * 1000 if totals else 0.0,
            "worst_query": worst, "worst_query_p95_ms": _p(each[worst], 0.95) * 1000 if worst else 0.0,
            "query_cpu_p50_ms": statistics.median(cpu) * 1000 if cpu else 0.0, "queries": len(calls),
            "each_p50_ms": {n: statistics.median(t) * 1000 for n, t in each.items()}}


def measure(warehouse: Path, councils: list[str] | None = None, runs: int = 20) -> dict:
    """Every page's query and AppTest figures (module docstring); headline figures are the worst page's."""
    os.environ["KIL_WAREHOUSE"] = str(warehouse)
    logging.getLogger("streamlit").setLevel(logging.ERROR)   # "No runtime found" for every cache outside a run
    from dashboard.pages import PAGES

    councils = councils or largest_councils()
    by_council: dict[str, dict[str, dict]] = {}
    for council in councils:
        by_council[council] = {}
        for page in PAGES:
            run = apptest_page(page, council)
            by_council[council][page.id] = {k: v for k, v in run.items() if k != "calls"} | time_queries(
                run["calls"], runs)
    pages = {}
    for page in PAGES:
        rows = [(c, by_council[c][page.id]) for c in councils]
        c, slowest = max(rows, key=lambda r: r[1]["query_p95_ms"])
        pages[page.id] = {
            "query_p50_ms": max(r["query_p50_ms"] for _, r in rows),
            "query_p95_ms": slowest["query_p95_ms"], "worst_query": slowest["worst_query"],
            "worst_query_p95_ms": slowest["worst_query_p95_ms"], "worst_council": c,
            "apptest_warm_ms": max(r["apptest_warm_ms"] for _, r in rows),
            "apptest_cold_ms": max(r["apptest_cold_ms"] for _, r in rows),
            "query_cpu_p50_ms": max(r["query_cpu_p50_ms"] for _, r in rows),
            "apptest_warm_cpu_ms": max(r["apptest_warm_cpu_ms"] for _, r in rows),
            "apptest_cold_cpu_ms": max(r["apptest_cold_cpu_ms"] for _, r in rows),
        }
    worst = max(pages, key=lambda p: pages[p]["query_p95_ms"])
    return {
        "warehouse": str(warehouse), "councils": councils, "runs": runs,
        "query_p95_ms": pages[worst]["query_p95_ms"], "query_p50_ms": pages[worst]["query_p50_ms"],
        "worst_query": f"{worst}: {pages[worst]['worst_query']}",
        "apptest_page_ms": max(p["apptest_warm_ms"] for p in pages.values()),
        "apptest_page_cold_ms": max(p["apptest_cold_ms"] for p in pages.values()),
        "apptest_worst_page": max(pages, key=lambda p: pages[p]["apptest_warm_ms"]),
        "pages": pages, "by_council": by_council,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path, default=ROOT / "data" / "warehouse.duckdb")
    parser.add_argument("--council", action="append", help="a council's GSS code (repeat for more)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print only the JSON object")
    args = parser.parse_args()
    result = measure(args.warehouse, args.council, args.runs)
    if not args.json:
        for council, pages in result["by_council"].items():
            for page_id, r in pages.items():
                print(f"{council} {page_id:17s} queries p50 {r['query_p50_ms']:6.1f} ms p95 {r['query_p95_ms']:6.1f}"
                      f" ms ({r['queries']:2d}, worst {r['worst_query']} {r['worst_query_p95_ms']:.1f} ms)  "
                      f"AppTest cold {r['apptest_cold_ms']:5.0f} ms warm {r['apptest_warm_ms']:5.0f} ms")
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
