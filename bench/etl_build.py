"""Benchmark: loading all shipped spend through the ETL against bare DuckDB read_csv on the same files.

Both run in this process on the same machine, so the ratio holds even when the machine is noisy. The baseline
reads each file (transcoded to UTF-8 beforehand, outside the timing) with DuckDB's own sniffer into a table.
Run: make bench (or .venv/bin/python bench/etl_build.py [--repeat N]).
"""
from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl import load_spend, steps  # noqa: E402
from etl.readers.spend import decode  # noqa: E402
from kil import config, councils, warehouse  # noqa: E402


def etl_load(files, folder: Path) -> float:
    target = folder / "etl.duckdb"
    target.unlink(missing_ok=True)
    con = warehouse.connect(target)
    try:
        steps.schema(con)
        t = time.perf_counter()
        con.execute("begin")
        for path, code, kind, synthetic in files:
            load_spend.load(con, path, code, kind, source_file=path.name, synthetic=synthetic)
        con.execute("commit")
        return time.perf_counter() - t
    finally:
        con.close()


def bare_duckdb(utf8_files, folder: Path) -> float:
    import duckdb

    target = folder / "bare.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target), config={"autoinstall_known_extensions": False})
    t = time.perf_counter()
    for i, path in enumerate(utf8_files):
        con.execute(f"create table t{i} as select * from read_csv($p, all_varchar = true)", {"p": str(path)})
    elapsed = time.perf_counter() - t
    con.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--councils", help="only these council folders, comma-separated (e.g. to compare with a "
                                           "run made before other councils' files arrived)")
    args = parser.parse_args()
    files = list(load_spend.shipped(config.DATA_DIR))
    if args.councils:
        wanted = {councils.code_of(c.strip()) for c in args.councils.split(",")}
        files = [f for f in files if f[1] in wanted]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        utf8 = []
        lines = 0
        for i, (path, *_rest) in enumerate(files):
            data = path.read_bytes()
            if path.name.endswith(".gz"):
                data = gzip.decompress(data)
            text, _ = decode(data)
            lines += text.count("\n")
            out = folder / f"{i}.csv"
            out.write_text(text, encoding="utf-8")
            utf8.append(out)
        etl_times, bare_times = [], []
        for _ in range(args.repeat):
            bare_times.append(bare_duckdb(utf8, folder))
            etl_times.append(etl_load(files, folder))
    etl_s, bare_s = statistics.median(etl_times), statistics.median(bare_times)
    print(f"files: {len(files)}, lines: {lines:,}")
    print(f"bare DuckDB read_csv: {bare_s:.2f}s (median of {args.repeat})")
    print(f"ETL load (read, validate, parse, ledger, insert): {etl_s:.2f}s (median of {args.repeat})")
    print(f"ratio ETL / bare DuckDB: {etl_s / bare_s:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
