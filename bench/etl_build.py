"""Benchmark: loading all shipped spend through the ETL against bare DuckDB read_csv on the same files.

The measurement lives in bench/etl_scale.py (one home, for data/ and for generated folders alike); this is its
run on data/ without the whole build, kept for `make bench`. Medians of --repeat runs.
Run: make bench (or .venv/bin/python bench/etl_build.py [--repeat N]).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import etl_scale  # noqa: E402
from kil import config  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="etl_build-") as tmp:
        for _ in range(args.repeat):
            runs.append(etl_scale.measure(config.DATA_DIR, Path(tmp) / "work", build=False))
    etl_s = statistics.median(r["etl_seconds"] for r in runs)
    bare_s = statistics.median(r["duckdb_bare_seconds"] for r in runs)
    print(f"files: {runs[0]['files']}, lines: {runs[0]['rows']:,}")
    print(f"bare DuckDB read_csv: {bare_s:.2f}s (median of {args.repeat})")
    print(f"ETL load (read, validate, parse, ledger, insert): {etl_s:.2f}s (median of {args.repeat})")
    print(f"ratio ETL / bare DuckDB: {statistics.median(r['etl_vs_duckdb_ratio'] for r in runs):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
