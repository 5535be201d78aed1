"""Command line for council data officers. Exit 0 loaded or unchanged, 1 rejected, 2 usage, 75 busy (another
load or build held the warehouse for longer than --wait)."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from etl import build as builder
from etl import load_spend, loading, profiles, steps, validation, writer
from etl.ledger import SourceLoad
from kil import config, warehouse

GSS = re.compile(r"^E(0[6-9]|10)\d{6}$")
MAP_HELP = ("a column by its header, where detection cannot decide: FIELD is one of "
            f"{', '.join(profiles.MAPPABLE)} (repeatable); a load that succeeds with a mapping saves it as the "
            "council's layout profile (data/profiles/) when the file is kept")


WAIT_SECONDS = 120.0      # how long a load or build waits for another writer before it reports busy
WAIT_HELP = f"seconds to wait while another load or build writes the warehouse (default {WAIT_SECONDS:.0f})"


class UsageError(Exception):
    pass


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="the whole warehouse from data/ into a new file, swapped in atomically")
    b.add_argument("--warehouse", help="warehouse file (default data/warehouse.duckdb or $KIL_WAREHOUSE)")
    b.add_argument("--data", help="data folder (default data/)")
    b.add_argument("--wait", type=float, default=WAIT_SECONDS, help=WAIT_HELP)

    e = sub.add_parser("ensure", help="build the warehouse if it is missing or its schema version is old")
    e.add_argument("--warehouse")

    load = sub.add_parser("load", help="load one file into the warehouse")
    what = load.add_subparsers(dest="dataset", required=True)
    s = what.add_parser("spend", help="a council spend file (CSV, TSV, .gz or XLSX)")
    s.add_argument("file")
    s.add_argument("--council", required=True, help="GSS code of the paying council, e.g. E08000032")
    s.add_argument("--kind", choices=load_spend.KINDS, default="spend")
    s.add_argument("--period", help="YYYY-MM or YYYY-Qn (default: from the file name, else its payment dates)")
    s.add_argument("--warehouse", help="warehouse file (default data/warehouse.duckdb or $KIL_WAREHOUSE)")
    s.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    s.add_argument("--map", action="append", default=[], metavar="FIELD=HEADER", help=MAP_HELP)
    s.add_argument("--wait", type=float, default=WAIT_SECONDS, help=WAIT_HELP)
    copy = s.add_mutually_exclusive_group()
    copy.add_argument("--keep", action="store_true",
                      help="copy the loaded file into data/raw/spend so the next build loads it (the default only "
                           "for the warehouse data/ builds, data/warehouse.duckdb)")
    copy.add_argument("--no-copy", action="store_true",
                      help="do not copy the file into data/, even when loading into data/warehouse.duckdb")

    su = what.add_parser("suppliers", help="a council's supplier register (see README for the format)")
    su.add_argument("file")
    su.add_argument("--council", required=True)
    su.add_argument("--warehouse")
    su.add_argument("--data", help="data folder to copy it into and rebuild from (default data/)")

    c = sub.add_parser("check", help="validate a spend file and say what a load would do; writes nothing")
    c.add_argument("file")
    c.add_argument("--council", default="E00000000")
    c.add_argument("--kind", choices=load_spend.KINDS, default="spend")
    c.add_argument("--period")
    c.add_argument("--warehouse")
    c.add_argument("--json", action="store_true")
    c.add_argument("--map", action="append", default=[], metavar="FIELD=HEADER", help=MAP_HELP)

    u = sub.add_parser("unload", help="withdraw one spend load: its lines leave the warehouse, its copy leaves "
                                      "data/, the ledger keeps both")
    u.add_argument("load_id", type=int, help="the load's id in the ledger (`loads.load_id`)")
    u.add_argument("--warehouse")
    u.add_argument("--data", help="data folder the load stored its copy in (default data/)")
    u.add_argument("--wait", type=float, default=WAIT_SECONDS, help=WAIT_HELP)

    k = sub.add_parser("upload-key", help="issue a council's upload key for the upload page (printed once; only "
                                          "its salted hash is stored)")
    k.add_argument("--council", required=True, help="GSS code of the council the key loads for")
    k.add_argument("--keys", help="keys file (default .streamlit/upload_keys.json or $KIL_UPLOAD_KEYS)")

    d = sub.add_parser("demo", help="write synthetic demo data into data/demo (deterministic from a seed)")
    d.add_argument("--seed", type=int, default=2020)
    d.add_argument("--out", help="output folder (default data/demo)")
    return p


def report(result: SourceLoad, as_json: bool) -> int:
    reasons: dict[str, int] = {}
    for r in result.rejects:
        key = validation.reason_group(r.reason)
        reasons[key] = reasons.get(key, 0) + 1
    if as_json:
        print(json.dumps({
            "status": result.status, "council": result.council_code, "kind": result.kind, "period": result.period,
            "rows_read": result.rows_read, "rows_loaded": result.rows_loaded, "rows_rejected": result.rows_rejected,
            "rows_duplicate": result.rows_duplicate, "rows_missing": result.rows_missing,
            "amount_loaded": result.amount_loaded or 0.0, "rejects_by_reason": reasons, "message": result.message,
            **(result.layout or {}),
        }))
    else:
        print(result.message, file=sys.stderr if result.status == "rejected" else sys.stdout)
        for ours, why in (result.layout or {}).get("evidence", {}).items():
            print(f"  {ours}: {why['column']!r} ({why['evidence']})")
        for reason, n in reasons.items():
            print(f"  rejected {n}: {reason}")
    return 1 if result.status == "rejected" else 0


def _council(code: str) -> str:
    if not GSS.match(code):
        raise UsageError(f"--council {code!r} is not a GSS code of an English council (e.g. E08000032 for Bradford).")
    return code


def _existing(path: str) -> Path:
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"{path}: no such file.")
    return p


def keeps(args, target: Path) -> bool:
    """Whether a load copies its file into data/: with --keep; by default only into the warehouse that data/
    builds (config.default_warehouse()), so data/ and that warehouse stay one; never with --no-copy."""
    return args.keep or (loading.keeps_by_default(target) and not args.no_copy)


def cmd_load_spend(args) -> int:
    """Load one file through etl/loading.py, the upload page's code path too. The ledger names the file by its
    path inside data/ when it is kept there (or already lives there), else by its file name."""
    path, code = _existing(args.file), _council(args.council)
    target = config.warehouse_path(args.warehouse)
    try:
        mapping = profiles.parse_map(args.map)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    req = loading.Request(path, code, args.kind, args.period, keep=keeps(args, target), mapping=mapping,
                          who=loading.cli_identity())
    result = loading.load_file(req, target, config.DATA_DIR, wait=args.wait)
    return report(result, args.json)


def cmd_unload(args) -> int:
    target = config.warehouse_path(args.warehouse)
    try:
        done = loading.unload(args.load_id, target, Path(args.data) if args.data else config.DATA_DIR,
                              who=loading.cli_identity(), wait=args.wait)
    except load_spend.Unloadable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"withdrew load {done['load_id']} ({done['source_file']}): {done['lines']} lines, "
          f"£{done['amount']:,.2f}" + (f"; removed {done['removed']} from data/" if done.get("removed") else ""))
    return 0


def _known(args, data_dir, code: str):
    try:
        return profiles.known(data_dir, code, profiles.parse_map(args.map))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def cmd_check(args) -> int:
    path = _existing(args.file)
    target = config.warehouse_path(args.warehouse)
    con = warehouse.connect(target, read_only=True) if target.exists() else warehouse.connect(":memory:")
    try:
        if not target.exists():
            steps.schema(con)
        result = load_spend.check(con, path, args.council, args.kind, args.period,
                                  _known(args, config.DATA_DIR, args.council))
        if args.json:       # the validation report the upload page shows
            print(json.dumps(validation.report(con, result), default=str))
            return 1 if result.status == "rejected" else 0
    finally:
        con.close()
    return report(result, False)


def cmd_build(args) -> int:
    summary = builder.build(args.warehouse, Path(args.data) if getattr(args, "data", None) else None,
                            wait=getattr(args, "wait", WAIT_SECONDS))
    for row in summary["spend"]:
        kind = row["kind"] + (" (synthetic)" if row["synthetic"] else "")
        steps.log(f"  {row['council_code']} {kind}: {row['files']} files, {row['rows_read']} lines read, "
                    f"{row['rows_loaded']} loaded, {row['rows_rejected']} rejected, "
                    f"£{float(row['amount_loaded'] or 0):,.2f}")
    for reason, n in summary["rejects_by_reason"].items():
        steps.log(f"  rejected {n}: {reason}")
    steps.log(f"built {summary['warehouse']} (build {summary['build_id']}) in {summary['seconds']}s")
    return 0


def cmd_ensure(args) -> int:
    target = config.warehouse_path(args.warehouse)
    if target.exists():
        version = warehouse.schema_version(target)   # None for an unreadable or half-made file: rebuilt
        if version == config.SCHEMA_VERSION:
            steps.log(f"{target} is up to date (schema {version})")
            return 0
        steps.log(f"{target} has schema {version}, this code needs {config.SCHEMA_VERSION}: rebuilding")
    return cmd_build(args)


def cmd_demo(args) -> int:
    from etl import demo

    out = Path(args.out) if args.out else config.DATA_DIR / "demo"
    counts = demo.generate(args.seed, out, config.DATA_DIR)
    for name, n in counts.items():
        print(f"{name}: {n} rows")
    return 0


def cmd_load_suppliers(args) -> int:
    from etl.readers import supplier_register

    path, code = _existing(args.file), _council(args.council)
    data_dir = Path(args.data) if args.data else config.DATA_DIR
    try:
        dest = supplier_register.keep_copy(path, code, data_dir)
    except (ValueError, UnicodeDecodeError) as exc:
        print(f"rejected: {exc}", file=sys.stderr)
        return 1
    steps.log(f"{path.name}: copied to {dest}; rebuilding the warehouse to classify with it")
    builder.build(args.warehouse, data_dir, wait=WAIT_SECONDS)
    return 0


def cmd_upload_key(args) -> int:
    from etl import upload_keys

    key, secret = upload_keys.issue(_council(args.council), Path(args.keys) if args.keys else None)
    print(secret)          # once, on stdout only: hand it to the officer; it is not stored and cannot be shown again
    steps.log(f"issued upload key {key.key_id} for {key.council_code} "
              f"(stored as a salted hash in {args.keys or upload_keys.keys_file()})")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    commands = {"build": cmd_build, "ensure": cmd_ensure, "check": cmd_check, "demo": cmd_demo,
                "unload": cmd_unload, "upload-key": cmd_upload_key}
    if args.command == "load":
        command = cmd_load_spend if args.dataset == "spend" else cmd_load_suppliers
    else:
        command = commands[args.command]
    try:
        return command(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except writer.Busy as exc:
        print(f"busy: {exc}", file=sys.stderr)
        return writer.BUSY_EXIT
