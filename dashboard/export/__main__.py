"""Command line: write a page of the dashboard as a bundle (dashboard/export/bundle.py), with no browser session and
no Streamlit server. Prints the bundle's path; exits 2, saying why, for a council, page or option it does not know.

    python -m dashboard.export --council E08000032 --page local_spend --out exports/
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
import zipfile
from pathlib import Path

from dashboard.export import quiet_streamlit
from dashboard.export.bundle import bundle, bundle_name
from dashboard.export.images import DEFAULT_HEIGHT, DEFAULT_WIDTH
from dashboard.pages import PAGE_IDS


def parser() -> argparse.ArgumentParser:
    from dashboard.filters import GROUPS, MEASURES, PERIODS

    p = argparse.ArgumentParser(
        prog="python -m dashboard.export",
        description="Write a page of the dashboard as a bundle (zip): charts (PNG, SVG), data (CSV) and "
                    "metadata.json, exactly as the page shows them. No browser session needed; images need "
                    "Debian's chromium.")
    p.add_argument("--council", required=True, help="GSS code of the council, e.g. E08000032 (Bradford)")
    p.add_argument("--page", required=True, choices=PAGE_IDS, metavar="PAGE",
                   help=f"page id, one of: {', '.join(PAGE_IDS)}")
    p.add_argument("--out", required=True, type=Path, help="directory to write the bundle into (created)")
    p.add_argument("--group", default="network", choices=list(GROUPS), help="comparison group (default network)")
    p.add_argument("--period", default="fy", choices=list(PERIODS), help="period (default fy)")
    p.add_argument("--measure", default="total", choices=list(MEASURES), help="total or per_head (default total)")
    p.add_argument("--service", default=None, help="a service area of the council (default: all service areas)")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="a page option, e.g. indicator=unknown_share on compare_areas (repeatable)")
    p.add_argument("--width", type=int, default=DEFAULT_WIDTH, help=f"image width (default {DEFAULT_WIDTH})")
    p.add_argument("--height", type=int, default=DEFAULT_HEIGHT, help=f"image height (default {DEFAULT_HEIGHT})")
    p.add_argument("--no-images", action="store_true", help="leave the images out")
    p.add_argument("--warehouse", help="warehouse file (default: KIL_WAREHOUSE, else data/warehouse.duckdb)")
    return p


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    quiet_streamlit()
    args = parser().parse_args(argv)
    if args.warehouse:
        os.environ["KIL_WAREHOUSE"] = str(args.warehouse)
    from dashboard import db, queries, views
    from dashboard.filters import Filters

    try:
        db.build_info()
    except db.NoWarehouse as exc:
        return _fail(str(exc))
    council = queries.council(args.council)
    if not council:
        return _fail(f"unknown council {args.council!r}: give a GSS code of an English council, e.g. E08000032 "
                     "(Bradford).")
    if args.service is not None and args.service not in queries.service_areas(args.council):
        return _fail(f"{args.service!r} is not a service area of {council['name']}.")
    if not (100 <= args.width <= 5000 and 100 <= args.height <= 5000):
        return _fail("--width and --height must be between 100 and 5000 pixels.")
    options = {}
    for opt in args.option:
        key, sep, value = opt.partition("=")
        if not sep:
            return _fail(f"--option {opt!r}: expected KEY=VALUE.")
        options[key] = value
    view = views.build(args.page, Filters(args.council, args.group, args.period, args.service, args.measure), options)
    content = bundle(view, args.width, args.height, with_images=not args.no_images)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / bundle_name(view)
    target.write_bytes(content)
    reason = json.loads(zipfile.ZipFile(io.BytesIO(content)).read("metadata.json"))["images"].get("reason")
    if reason and not args.no_images:
        print(f"warning: {reason}", file=sys.stderr)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
