"""Benchmark (not a test): seconds to make each page's bundle (charts as PNG and SVG, data as CSV, metadata.json)
through kaleido's sync server (dashboard/export/images.py), for Bradford and Bristol. Aim: under 2 s per page.

    .venv/bin/python bench/export_bundle.py [--warehouse PATH] [--council GSS ...] [--page ID ...] [--repeat N]
                                            [--out DIR]

The server starts once (its start-up is reported apart); building the View (the queries) is timed apart from the
bundle itself, and the first query of a council fills Streamlit's in-process cache. KIL_RENDER_TABS sets the
number of kaleido tabs. On a shared machine, compare two variants in interleaved runs: other work moves the
figures by a factor of two.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COUNCILS = {"E08000032": "Bradford", "E06000023": "Bristol"}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--warehouse")
    p.add_argument("--council", action="append", help="GSS code (default: Bradford and Bristol)")
    p.add_argument("--page", action="append", help="page id (default: every page)")
    p.add_argument("--repeat", type=int, default=3, help="bundles per page; the median is reported")
    p.add_argument("--out", type=Path, help="also write the bundles here")
    args = p.parse_args()
    if args.warehouse:
        os.environ["KIL_WAREHOUSE"] = args.warehouse

    from dashboard.export import images, quiet_streamlit
    from dashboard.export.bundle import bundle, bundle_name
    quiet_streamlit()
    from dashboard import views
    from dashboard.filters import Filters
    from dashboard.pages import PAGE_IDS

    t = time.perf_counter()
    try:
        images.start_server()
        print(f"render server start (chromium, {images.RENDER_TABS} tabs, once per process): "
              f"{time.perf_counter() - t:.2f} s")
    except images.ImagesUnavailable as exc:
        print(f"no images: {exc}")
    worst = 0.0
    for code in args.council or list(COUNCILS):
        print(f"\n{COUNCILS.get(code, code)} ({code})")
        print(f"{'page':<18} {'charts':>6} {'tables':>6} {'view s':>7} {'bundle s':>9} {'KB':>6}")
        for page in args.page or PAGE_IDS:
            f = Filters(code, "network", "fy", None, "total")
            t = time.perf_counter()
            try:
                view = views.build(page, f)
            except Exception as exc:   # noqa: BLE001  a page that cannot be built is reported, not timed
                print(f"{page:<18} not built: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                continue
            view_s = time.perf_counter() - t
            times = []
            for _ in range(max(1, args.repeat)):
                t = time.perf_counter()
                data = bundle(view)
                times.append(time.perf_counter() - t)
            med = statistics.median(times)
            worst = max(worst, med)
            charts = sum(i.fig is not None for i in view.items)
            print(f"{page:<18} {charts:>6} {len(view.items) - charts:>6} {view_s:>7.2f} {med:>9.2f} "
                  f"{len(data) / 1024:>6.0f}")
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / bundle_name(view)).write_bytes(data)
    print(f"\nslowest page bundle (median): {worst:.2f} s; aim < 2 s: {'met' if worst < 2 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
