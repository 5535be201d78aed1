"""Benchmark: each page's AppTest run, cold and warm, on the shipped warehouse (data/warehouse.duckdb), with the
frame in place (app.py runs, then the page is switched to, as a visitor's navigation does).

Cold is the first run of a page in a fresh AppTest (query caches of this process may already hold other pages'
queries); warm is the second run in the same session (caches full), which is what a visitor switching filters
back and forth sees. Run: .venv/bin/python bench/page_timings.py [--council GSS_CODE]
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

    from dashboard.pages import PAGES

    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["council"] = args.council
        at.run()
        times = []
        for _ in range(2):
            t = time.perf_counter()
            at.switch_page(str(page.file.relative_to(ROOT))).run()
            times.append(time.perf_counter() - t)
        status = "error" if at.exception else "ok"
        print(f"{page.id:18s} cold {times[0]:5.2f}s  warm {times[1]:5.2f}s  {status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
