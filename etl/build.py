"""Build the whole warehouse from `data/` into a new file and swap it in atomically.

Readers never see a half-built warehouse: the build writes `<warehouse>.building`, then `os.replace`s it over the
old file. Open read-only connections keep reading the old file until they reopen (the app reopens when the build
id changes). A failed build leaves the old warehouse as it was.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
import uuid
from pathlib import Path
from typing import Iterator

from etl import load_spend
from etl.ledger import SourceLoad
from kil import config, councils, provenance, version, warehouse

SQL_DIR = Path(__file__).parent / "sql"
SPEND_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt", ".xlsx")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def spend_files(data_dir: Path) -> Iterator[tuple[Path, str, str, bool]]:
    """(file, council code, kind, synthetic) for every spend file shipped under data/raw and data/demo."""
    for root, synthetic in ((data_dir / "raw" / "spend", False), (data_dir / "demo" / "spend", True)):
        for council_dir in sorted(root.iterdir()) if root.is_dir() else ():
            code = councils.SLUGS.get(council_dir.name, council_dir.name)
            for kind in load_spend.KINDS:
                folder = council_dir / kind
                for path in sorted(folder.glob("*")) if folder.is_dir() else ():
                    if path.name.lower().endswith(SPEND_SUFFIXES):
                        yield path, code, kind, synthetic


def relative(path: Path, data_dir: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(data_dir.resolve()))
    except ValueError:
        return str(path)


def create_schema(con) -> None:
    for name in ("macros.sql", "schema.sql"):
        con.execute((SQL_DIR / name).read_text(encoding="utf-8"))


def stamp(con) -> str:
    """A new build id, written to build_info: the app reopens the warehouse when it changes."""
    build_id = uuid.uuid4().hex[:12]
    con.execute("delete from build_info")
    con.execute("insert into build_info values ($id, current_timestamp, $v, $p)",
                {"id": build_id, "v": config.SCHEMA_VERSION, "p": version.product_version()})
    return build_id


def record(con, load: SourceLoad, data_dir: Path) -> None:
    """Ledger row (and rejects) for a non-spend source file."""
    meta = provenance.read(load.path)
    load_id = con.execute("select nextval('load_seq')").fetchone()[0]
    con.execute("""
        insert into loads (load_id, dataset, source_file, sha256, council_code, status, rows_read, rows_loaded,
                           rows_rejected, rows_duplicate, rows_missing, message, synthetic, provenance)
        values ($id, $dataset, $file, $sha, $council, $status, $read, $loaded, $rejected, $duplicate, 0, $message,
                $synthetic, $provenance)
    """, {"id": load_id, "dataset": load.dataset, "file": relative(load.path, data_dir),
          "sha": meta.get("sha256") or provenance.sha256(load.path), "council": load.council_code,
          "status": load.status, "read": load.rows_read, "loaded": load.rows_loaded,
          "rejected": load.rows_rejected, "duplicate": load.rows_duplicate, "message": load.message,
          "synthetic": load.synthetic, "provenance": json.dumps(meta)})
    for r in load.rejects:
        con.execute("insert into rejects values ($id, $row, $raw, $reason)",
                    {"id": load_id, "row": r.row, "raw": r.raw, "reason": r.reason})


def load_spend_files(con, data_dir: Path) -> list[SourceLoad]:
    results = []
    for path, code, kind, synthetic in spend_files(data_dir):
        result = load_spend.load(con, path, code, kind, source_file=relative(path, data_dir), synthetic=synthetic)
        if result.status == "rejected":
            log(f"  rejected {relative(path, data_dir)}: {result.message}")
        results.append(result)
    return results


def refresh_derived(con, data_dir: Path) -> None:
    """Everything computed from loaded data: suppliers, marts, coverage. Run after every build or load."""
    from etl import derive

    derive.run(con, data_dir, log=log)


@contextlib.contextmanager
def swapped(target: Path, *, start_from_existing: bool) -> Iterator[Path]:
    """A working copy of the warehouse that replaces `target` atomically when the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.with_name(target.name + f".building-{os.getpid()}")
    work.unlink(missing_ok=True)
    if start_from_existing and target.exists():
        shutil.copyfile(target, work)
    try:
        yield work
        os.replace(work, target)
    finally:
        work.unlink(missing_ok=True)
        Path(str(work) + ".wal").unlink(missing_ok=True)


def populate_reference(con, data_dir: Path) -> None:
    """Schema and every non-spend dataset (councils, wards, Covid, social care, registers, demo assets...)."""
    from etl import reference_loads

    create_schema(con)
    reference_loads.run(con, data_dir, record=lambda load: record(con, load, data_dir), log=log)


def build(target: Path | None = None, data_dir: Path | None = None) -> dict:
    """The whole warehouse from data/, swapped in atomically. Returns a summary."""
    target = config.warehouse_path(target)
    data_dir = Path(data_dir or config.DATA_DIR)
    started = time.perf_counter()
    with swapped(target, start_from_existing=False) as work:
        con = warehouse.connect(work)
        try:
            log(f"building {target} from {data_dir}")
            populate_reference(con, data_dir)
            log(f"  reference data in {time.perf_counter() - started:.1f}s")
            t = time.perf_counter()
            con.execute("begin")
            results = load_spend_files(con, data_dir)
            con.execute("commit")
            log(f"  {len(results)} spend files in {time.perf_counter() - t:.1f}s")
            refresh_derived(con, data_dir)
            build_id = stamp(con)
            con.execute("checkpoint")
            summary = summarise(con)
        finally:
            con.close()
    summary.update(build_id=build_id, seconds=round(time.perf_counter() - started, 1), warehouse=str(target))
    return summary


def summarise(con) -> dict:
    rows = con.execute("""
        select council_code, kind, synthetic, count(*) as files, sum(rows_read), sum(rows_loaded),
               sum(rows_rejected), sum(rows_duplicate), sum(amount_loaded)
        from loads where dataset = 'spend' group by all order by all
    """).fetchall()
    reasons = con.execute("""
        select regexp_replace(reason, '''.*''', '''...''') as reason, count(*) from rejects group by 1 order by 2 desc
    """).fetchall()
    return {
        "spend": [dict(zip(("council_code", "kind", "synthetic", "files", "rows_read", "rows_loaded",
                            "rows_rejected", "rows_duplicate", "amount_loaded"), r)) for r in rows],
        "rejects_by_reason": dict(reasons),
    }
