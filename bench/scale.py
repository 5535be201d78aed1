"""Benchmark at scale: a warehouse of N generated lines (bench/generate.py, 10M by default), built once and kept
under bench/.scale/<N>/ (not in git), then one 5,000-line month loaded into it against `etl check` of the same
file (bench/load_one.py). Prints one JSON object last.
Run: make bench, or .venv/bin/python bench/scale.py [--rows N] [--rebuild]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str]) -> str:
    return subprocess.run([sys.executable, *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--rebuild", action="store_true", help="generate and build again even when kept")
    args = p.parse_args()
    folder = ROOT / "bench" / ".scale" / str(args.rows)
    data, target = folder / "data", folder / "warehouse.duckdb"
    out: dict = {"rows": args.rows}
    if args.rebuild or not target.exists():
        started = time.perf_counter()
        run([str(ROOT / "bench" / "generate.py"), "--rows", str(args.rows), "--out", str(data)])
        out["generate_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        run(["-m", "etl", "build", "--data", str(data), "--warehouse", str(target), "--wait", "0"])
        out["build_seconds"] = round(time.perf_counter() - started, 1)
    out |= json.loads(run([str(ROOT / "bench" / "load_one.py"), "--warehouse", str(target),
                           "--json"]).splitlines()[-1])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
