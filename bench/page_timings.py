"""Benchmark: each page's AppTest run, cold and warm, on the shipped warehouse (data/warehouse.duckdb).

Warm is the second run in the same session (query caches filled), which is what a user switching filters back
and forth sees. Run: .venv/bin/python bench/page_timings.py [--council GSS_CODE]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--council", default="E08000032")
    args = parser.parse_args()
    os.environ.setdefault("KIL_WAREHOUSE", str(ROOT / "data" / "warehouse.duckdb"))
    from streamlit.testing.v1 import AppTest

    from dashboard.views import PAGE_IDS

    for page in PAGE_IDS:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["council"] = args.council
        times = []
        for _ in range(2):
            t = time.perf_counter()
            at.switch_page(f"pages/{page}.py") if page != "overview" else None
            at.run()
            times.append(time.perf_counter() - t)
        status = "error" if at.exception else "ok"
        print(f"{page:18s} cold {times[0]:5.2f}s  warm {times[1]:5.2f}s  {status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
