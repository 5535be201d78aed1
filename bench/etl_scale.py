"""Benchmark of the write side on a data folder (data/ by default, or one bench/generate.py made): the ETL's spend
load against the two baselines of issue 15, and the whole build, each with its rows per second and peak memory.

- `etl_seconds`: reading, parsing, staging and inserting every spend file (etl/steps.py's `spend_files` on a new
  warehouse holding only the schema: no classification, no marts).
- `duckdb_bare_seconds`: DuckDB's own `create table .. as select * from read_csv(..)` (its sniffer, every column
  text) on UTF-8, header-first copies of the same files, made before the timing: the floor of any loader (DuckDB
  cannot read cp1252, title lines or spreadsheets itself).
- `pandas_to_sql_seconds_extrapolated`: pandas `read_csv` + `DataFrame.to_sql` through SQLAlchemy (duckdb-engine),
  how most dashboards load, on the first PANDAS_SLICE lines of those copies, scaled to every line.
- `build_seconds`, `build_peak_rss_mb`: `python -m etl build` of the folder into a new warehouse.

Each is run in a process of its own (this file with `--part`), so that its peak memory (ru_maxrss) is its own and
one's caches do not help the next. The machine is shared and noisy: the ratios, taken in one run, hold better than
the seconds. `measure` is what `python -m bench` calls.
Run: .venv/bin/python bench/etl_scale.py [--data DIR] [--work DIR] [--skip-build] [--json]
"""
from __future__ import annotations

import argparse
import csv
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PANDAS_SLICE = 200_000          # lines pandas loads; its time is scaled to all lines


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def utf8_copies(data_dir: Path, folder: Path) -> tuple[list[Path], int]:
    """Every spend file the build loads, as UTF-8 text from its header on (title lines dropped, spreadsheets
    written out as CSV), and the lines under the headers; for the baselines, made outside any timing."""
    from etl import load_spend, profiles
    from etl.readers import columns, spend as reader

    folder.mkdir(parents=True, exist_ok=True)
    out, lines = [], 0
    for i, (path, code, _kind, _synthetic) in enumerate(load_spend.shipped(data_dir)):
        target = folder / f"{i:05d}.csv"
        known = profiles.known(data_dir, code)
        try:
            if reader.is_spreadsheet(path):
                raw = reader.read(path, known)
                with open(target, "w", encoding="utf-8", newline="") as f:
                    csv.writer(f).writerows([raw.header, *raw.original])
                lines += raw.rows_read
            else:
                text, _encoding, delimiter = reader.read_text(path)
                rows, _ = reader.split_rows(text, delimiter, limit=reader.HEADER_SEARCH_LINES + columns.SAMPLE_LINES)
                h = reader.locate_header(path, rows, known).header_index
                body = text.split("\n", h)[h] if h else text
                target.write_text(body, encoding="utf-8")
                lines += body.count("\n") + (0 if body.endswith("\n") else 1) - 1
        except reader.SpendFileError:
            continue                      # a file the ETL rejects whole has no rows for the baselines either
        out.append(target)
    return out, lines


# ---------------------------------------------------------------------------------------------- the parts

def part_etl(data_dir: Path, work: Path) -> dict:
    from etl import steps
    from kil import warehouse

    target = work / "etl.duckdb"
    target.unlink(missing_ok=True)
    con = warehouse.connect(target)
    try:
        steps.schema(con)
        started = time.perf_counter()
        steps.spend_files(con, data_dir)
        seconds = time.perf_counter() - started
        rows = con.execute("select coalesce(sum(rows_read), 0) from loads where dataset = 'spend'").fetchone()[0]
    finally:
        con.close()
        target.unlink(missing_ok=True)
    return {"seconds": seconds, "rows_read": int(rows), "peak_rss_mb": _peak_mb()}


def part_bare(copies: list[Path], work: Path) -> dict:
    import duckdb

    target = work / "bare.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target), config={"autoinstall_known_extensions": False})
    started = time.perf_counter()
    for i, path in enumerate(copies):
        con.execute(f"create table t{i} as select * from read_csv($p, all_varchar = true)", {"p": str(path)})
    seconds = time.perf_counter() - started
    con.close()
    target.unlink(missing_ok=True)
    return {"seconds": seconds, "peak_rss_mb": _peak_mb()}


def part_pandas(copies: list[Path], work: Path, lines: int = PANDAS_SLICE) -> dict:
    import pandas as pd
    import sqlalchemy as sa

    target = work / "pandas.duckdb"
    target.unlink(missing_ok=True)
    engine = sa.create_engine(f"duckdb:///{target}")
    rows = 0
    started = time.perf_counter()
    for i, path in enumerate(copies):
        df = pd.read_csv(path, nrows=lines - rows, low_memory=False)
        df.to_sql(f"t{i}", engine, index=False)
        rows += len(df)
        if rows >= lines:
            break
    seconds = time.perf_counter() - started
    engine.dispose()
    target.unlink(missing_ok=True)
    return {"seconds": seconds, "rows": rows, "peak_rss_mb": _peak_mb()}


def part_build(data_dir: Path, work: Path, keep: Path | None = None) -> dict:
    """The whole build as a command; its warehouse is kept at `keep` when given (the harness reads it next)."""
    target = Path(keep) if keep else work / "build.duckdb"
    target.unlink(missing_ok=True)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "etl", "build", "--data", str(data_dir), "--warehouse",
                           str(target), "--wait", "0"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"etl build failed ({done.returncode}): {done.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024     # the build is this process's one child
    if not keep:
        target.unlink(missing_ok=True)
    return {"seconds": seconds, "peak_rss_mb": round(peak, 1)}


def _run_part(name: str, data_dir: Path, work: Path, *more: str) -> dict:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--part", name, "--data", str(data_dir),
                           "--work", str(work), *more], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"part {name} failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def _copies(work: Path) -> list[Path]:
    return sorted((work / "utf8").glob("*.csv"))


def measure(data_dir: Path, work: Path, *, build: bool = True, warehouse: Path | None = None,
            pandas_lines: int = PANDAS_SLICE) -> dict:
    """Every figure of the module docstring for `data_dir`, working in `work` (emptied first, left empty of
    warehouses after, but for the build's when `warehouse` says where to keep it). One run each; rows are the lines
    under the files' headers. pandas loads its first `pandas_lines` lines, scaled to all."""
    data_dir, work = Path(data_dir).resolve(), Path(work).resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    copies, rows = utf8_copies(data_dir, work / "utf8")
    bare = _run_part("bare", data_dir, work)
    etl = _run_part("etl", data_dir, work)
    pandas = _run_part("pandas", data_dir, work, "--pandas-lines", str(pandas_lines))
    pandas_all = pandas["seconds"] * rows / max(pandas["rows"], 1)
    out = {
        "rows": rows,
        "files": len(copies),
        "etl_seconds": round(etl["seconds"], 2),
        "etl_rows_per_second": round(rows / etl["seconds"]),
        "etl_peak_rss_mb": etl["peak_rss_mb"],
        "duckdb_bare_seconds": round(bare["seconds"], 2),
        "duckdb_bare_rows_per_second": round(rows / bare["seconds"]),
        "duckdb_bare_peak_rss_mb": bare["peak_rss_mb"],
        "etl_vs_duckdb_ratio": round(etl["seconds"] / bare["seconds"], 2),
        "pandas_rows": pandas["rows"],
        "pandas_to_sql_seconds": round(pandas["seconds"], 2),
        "pandas_to_sql_seconds_extrapolated": round(pandas_all, 1),
        "pandas_rows_per_second": round(pandas["rows"] / pandas["seconds"]),
        "pandas_peak_rss_mb": pandas["peak_rss_mb"],
        "pandas_to_sql_vs_etl_ratio": round(pandas_all / etl["seconds"], 2),
    }
    if build:
        b = _run_part("build", data_dir, work, *(("--warehouse", str(warehouse)) if warehouse else ()))
        out |= {"build_seconds": round(b["seconds"], 1), "build_rows_per_second": round(rows / b["seconds"]),
                "build_peak_rss_mb": b["peak_rss_mb"]}
    shutil.rmtree(work / "utf8", ignore_errors=True)
    return out


def main() -> int:
    from kil import config

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=config.DATA_DIR, help="data folder (default data/)")
    p.add_argument("--work", type=Path, help="scratch folder (default a new temporary one)")
    p.add_argument("--skip-build", action="store_true", help="leave out the whole build")
    p.add_argument("--json", action="store_true", help="print only the JSON object")
    p.add_argument("--warehouse", type=Path, help="keep the build's warehouse here (default: thrown away)")
    p.add_argument("--pandas-lines", type=int, default=PANDAS_SLICE, help="lines pandas loads (scaled to all)")
    p.add_argument("--part", choices=("etl", "bare", "pandas", "build"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.part:
        work = args.work
        got = {"etl": lambda: part_etl(args.data, work), "bare": lambda: part_bare(_copies(work), work),
               "pandas": lambda: part_pandas(_copies(work), work, args.pandas_lines),
               "build": lambda: part_build(args.data, work, args.warehouse)}
        print(json.dumps(got[args.part]()))
        return 0
    with tempfile.TemporaryDirectory(prefix="etl_scale-") as tmp:
        out = measure(args.data, args.work or Path(tmp) / "work", build=not args.skip_build,
                      warehouse=args.warehouse, pandas_lines=args.pandas_lines)
    if not args.json:
        for key, value in out.items():
            print(f"{key:40s} {value}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
