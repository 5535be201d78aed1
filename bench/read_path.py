"""Benchmark: the read side's two ways from a SQLAlchemy result to a DataFrame, on the worst page's queries.

`cursor`: the DBAPI cursor's own DataFrame (DuckDB's columnar conversion, through duckdb-engine's cursor);
`rows`: SQLAlchemy's rows, then a DataFrame. Each of the Local spend page's queries runs past the query cache
(DuckDB itself warm), both ways alternately in one process, for the council with most lines.
Run: .venv/bin/python bench/read_path.py [--council GSS_CODE] [--runs N]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def page_queries(council: str):
    """The queries the Local spend page runs (uncached), as (name, call). bench/pages.py records the queries each
    page really runs; this fixed list is kept for the two-ways comparison only."""
    from dashboard import queries
    from kil.periods import RECOVERY     # a full year for every council with 2019-2022 data

    q = queries.QUERIES
    return [
        ("spend_by_dimensions", lambda: q["spend_by_dimensions"](council, "fy", None, "total")),
        ("supplier_lines", lambda: q["supplier_lines"](council, "vcse", None)),
        ("classified_share", lambda: q["classified_share"](council, RECOVERY)),
        ("spend_by_service", lambda: q["spend_by_service"](council, "fy", "total")),
        ("top_suppliers", lambda: q["top_suppliers"](council, RECOVERY)),
        ("concentration", lambda: q["concentration"](council)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--council", default="E08000035")   # Leeds: the most lines
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("KIL_WAREHOUSE", str(ROOT / "data" / "warehouse.duckdb"))
    from dashboard import db

    calls = page_queries(args.council)
    times: dict[str, list[float]] = {"cursor": [], "rows": []}
    worst: dict[str, dict[str, float]] = {"cursor": {}, "rows": {}}
    with db.pinned():
        for _ in range(2):                                   # warm DuckDB
            for _, call in calls:
                call()
        for _ in range(args.runs):
            for way in ("cursor", "rows"):
                db.fetch = db.FETCH[way]
                total = 0.0
                for name, call in calls:
                    t = time.perf_counter()
                    call()
                    took = time.perf_counter() - t
                    total += took
                    worst[way][name] = max(worst[way].get(name, 0.0), took)
                times[way].append(total)
    db.fetch = db.FETCH["cursor"]
    for way, runs in times.items():
        runs.sort()
        name, slowest = max(worst[way].items(), key=lambda kv: kv[1])
        print(f"{way:6s} page p50 {statistics.median(runs) * 1000:7.1f} ms  p95 "
              f"{runs[int(0.95 * (len(runs) - 1))] * 1000:7.1f} ms  worst query {name} {slowest * 1000:.1f} ms")
    print(f"rows / cursor (p50): {statistics.median(times['rows']) / statistics.median(times['cursor']):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
