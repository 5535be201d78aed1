"""Benchmark: loading one 5,000-line monthly file into a built warehouse, against `etl check` of the same file.

Both are timed the same way, as the officer runs them: `python -m etl check` and `python -m etl load spend` as
commands, each in its own process, on the same file, in this run. The load works on a copy of the warehouse (its
copy-and-swap included), so the benchmark leaves the warehouse as it was. Issue 14's goals: at most 5 s for a
5,000-line file into a 10M-line warehouse, and at most 4x the check.
Run: python bench/load_one.py --warehouse W [--council CODE] [--period YYYY-MM] [--rows 5000] [--json]
(bench/generate.py makes a data folder DIR; `python -m etl build --data DIR --warehouse W` makes W).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"etl {' '.join(args[:2])} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds


def held(warehouse: Path) -> tuple[int, str]:
    """(lines in the warehouse, the council with most of them)."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        lines = con.execute("select count(*) from spend").fetchone()[0]
        (largest,) = con.execute("select council_code from spend group by 1 order by count(*) desc limit 1").fetchone()
        return lines, largest
    finally:
        con.close()


def measure(warehouse: Path, council: str | None = None, period: str = "2024-04", rows: int = 5000) -> dict:
    """Load one generated month of `rows` lines into a copy of `warehouse`, against `etl check` of the same file
    before and after; `council` defaults to the one with most lines."""
    work = Path(tempfile.mkdtemp(prefix="kil-bench-load-"))
    lines, largest = held(Path(warehouse))
    council = council or largest
    try:
        month = work / f"{period}.csv.gz"
        subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--one-file", str(month), "--council",
                        council, "--period", period, "--rows", str(rows)], check=True, cwd=ROOT,
                       capture_output=True)
        target = work / "warehouse.duckdb"
        shutil.copyfile(warehouse, target)
        # The classifier's register cache (etl/classifier_inputs.py) is made by the first classification after the
        # registers or the classifier's code change, not by every load: made here first, and timed on its own.
        cache = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from etl import classifier_inputs; from kil import config; "
                        "classifier_inputs.load(config.DATA_DIR)"], check=True, cwd=ROOT, capture_output=True)
        cache = time.perf_counter() - cache
        check = timed(["check", str(month), "--council", council, "--warehouse", str(target), "--json"])
        load = timed(["load", "spend", str(month), "--council", council, "--warehouse", str(target),
                      "--no-copy", "--json"])
        check_again = timed(["check", str(month), "--council", council, "--warehouse", str(target), "--json"])
        return {"warehouse_lines": lines, "council": council, "file_lines": rows, "check_seconds": round(check, 2),
                "load_one_file_seconds": round(load, 2), "check_after_seconds": round(check_again, 2),
                "load_vs_check_ratio": round(load / check, 2), "classifier_cache_seconds": round(cache, 2),
                "warehouse_mb": round(Path(warehouse).stat().st_size / 2**20)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--warehouse", required=True)
    p.add_argument("--council", help="the council whose month is loaded (default: the one with most lines)")
    p.add_argument("--period", default="2024-04", help="a month the warehouse does not hold yet")
    p.add_argument("--rows", type=int, default=5000)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    result = measure(Path(args.warehouse), args.council, args.period, args.rows)
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
