"""The build as one ordered list of steps, `STEPS`; what a spend load reruns is its tail, `DERIVED`, scoped to the
council it loaded, so that a load costs what its council's data costs, not what the warehouse holds.

Every step is a function `step(con, data_dir, scope)`: `con` is DuckDB's own connection to the working copy of
the warehouse (etl/build.py swaps it in when every step has run), `data_dir` the data folder (data/ unless
`--data`), `scope` None for every council or one council's GSS code. `python -m etl build` runs STEPS with scope
None; `python -m etl load spend` loads its one file and runs DERIVED with the council it loaded: the suppliers of
its new lines are classified, and each mart, coverage and the indicators replace that council's rows only. A change
of rules, registers or reviewed lists needs `python -m etl build`.

The marts and the other tables made from one SQL model (`MODELS`) follow one convention: etl/sql/<table>.sql is a
few named CTEs and one final `select`, headed by a comment whose line `-- grain: a, b, ...` names its key; the
step runs `create or replace table <table> as <select>` with the window of kil.periods bound as `$start`/`$end`
and the comparable basis' threshold (kil.indicators.COMPARABLE_MIN_AMOUNT) as `$comparable_min`.
"""
from __future__ import annotations

import sys
import time
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

import pandas as pd

from etl import classifier_inputs, classify, indicator_mart, load_spend, profiles, reference_loads
from etl.ledger import source_name
from etl.readers import registers, supplier_register
from kil import classes, config, councils, periods, version
from kil.indicators import COMPARABLE_MIN_AMOUNT

SQL_DIR = Path(__file__).parent / "sql"
Step = Callable[..., None]          # (con, data_dir: Path, scope: str | None) -> None


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------- the steps

def schema(con, data_dir: Path | None = None, scope: str | None = None) -> None:
    """The SQL macros, the ledger and the spend table (etl/sql/macros.sql, schema.sql); creates what is missing,
    so it runs on a new or an existing warehouse alike. Needs no data folder; scope does not apply."""
    for name in ("macros.sql", "schema.sql"):
        con.execute((SQL_DIR / name).read_text(encoding="utf-8"))


def reference(con, data_dir: Path, scope: str | None = None) -> None:
    """Every non-spend dataset (councils, wards, Covid, social care, registers, demo assets, ...), each file in the
    ledger (etl/reference_loads.py). National tables: loads every council whatever the scope."""
    t = time.perf_counter()
    reference_loads.run(con, data_dir, log=log)
    log(f"  reference data in {time.perf_counter() - t:.1f}s")


PREPARED_AHEAD = 4     # files read and staged ahead of the one being written (each a few MB of Arrow)
PREPARING_THREADS = 2  # threads that prepare them (DuckDB and zlib work without the GIL)
# Lines written between commits. DuckDB holds a transaction's new rows in memory until it commits: one
# transaction over 10M lines held 2.5 GB. The build needs none over all files: it writes a working copy that is
# discarded whole if it fails (etl/build.py).
COMMIT_LINES = 300_000


def spend_files(con, data_dir: Path, scope: str | None = None) -> None:
    """Every spend file under data/raw/spend and data/demo/spend (only the scope council's when given), in order,
    committed every COMMIT_LINES lines; a rejected file is in the ledger with its reason and logged. Threads read
    and stage the next files (load_spend.prepare: reading, header detection, parsing, all without the warehouse)
    while this one compares and writes the last, so the two halves of a file's cost overlap; what is written, and
    in what order, is as if each file were read in turn."""
    t = time.perf_counter()
    files = list(load_spend.shipped(data_dir, scope))
    known = {code: profiles.known(data_dir, code) for code in {f[1] for f in files}}
    con.execute("begin")
    lines = 0
    with ThreadPoolExecutor(max_workers=PREPARING_THREADS, thread_name_prefix="prepare") as pool:
        ahead: deque = deque()
        for i, (path, code, kind, synthetic) in enumerate(files):
            while len(ahead) <= PREPARED_AHEAD and i + len(ahead) < len(files):
                nxt_path, nxt_code = files[i + len(ahead)][:2]
                ahead.append(pool.submit(load_spend.prepare, nxt_path, None, known[nxt_code]))
            staged = ahead.popleft().result()
            result = load_spend.load(con, path, code, kind, source_file=source_name(path, data_dir),
                                     synthetic=synthetic, known=known[code], staged=staged)
            if result.status == "rejected":
                log(f"  rejected {source_name(path, data_dir)}: {result.message}")
            lines += result.rows_loaded
            if lines >= COMMIT_LINES:
                con.execute("commit; begin")
                lines = 0
    con.execute("commit")
    log(f"  {len(files)} spend files in {time.perf_counter() - t:.1f}s")


def suppliers(con, data_dir: Path, scope: str | None = None) -> None:
    """supplier_key on every spend line, and the suppliers table: class, locality and evidence per council x
    supplier (etl/classify.py), from the registers and reviewed lists in `data_dir` (read through
    etl/classifier_inputs.py). With a scope, only that council's suppliers are done again, and after a load only
    the suppliers of its new lines (those without a supplier_key yet), each over all its lines: a supplier's class
    rests on its own lines' evidence and the registers, never on other suppliers. The others keep theirs."""
    t = time.perf_counter()
    council = {"council": scope}
    new_keys = None
    if scope is not None:
        fresh = con.execute("select distinct supplier_name from spend where council_code = $council "
                            "and supplier_key is null", council).df()
        if len(fresh) and con.execute("select count(*) from suppliers where council_code = $council",
                                      council).fetchone()[0]:
            new_keys = sorted(set(classify.normalise_names(fresh["supplier_name"])))
    # in a fixed order: a supplier's display name is the spelling it was paid most under (ties by spelling)
    order = " order by council_code, amount desc, supplier_name"
    if new_keys is None:
        names = con.execute(f"select * from ({classify.SUPPLIER_INPUT_SQL}) where $council is null "
                            "or council_code = $council" + order, council).df()
    else:
        names = con.execute(f"select * from ({classify.SUPPLIER_INPUT_SCOPED_SQL})" + order,
                            council | {"keys": new_keys}).df()
    names["supplier_key"] = classify.normalise_names(names["supplier_name"])
    if new_keys is not None:
        names = names[names["supplier_key"].isin(new_keys)]
    con.register("supplier_names", names[["council_code", "supplier_name", "supplier_key"]])
    try:
        con.execute("""
            update spend set supplier_key = n.supplier_key from supplier_names n
            where n.council_code = spend.council_code and n.supplier_name is not distinct from spend.supplier_name
              and spend.supplier_key is distinct from n.supplier_key
        """)
    finally:
        con.unregister("supplier_names")
    inputs = classifier_inputs.load(data_dir)
    classified = classify.classify_suppliers(
        names, inputs.registers, inputs.postcodes, council_registers(data_dir), classify.read_corrections(data_dir),
        postcode_areas=inputs.postcode_areas, public_bodies=classify.read_public_bodies(data_dir))
    if new_keys is None:
        con.execute("delete from suppliers where $council is null or council_code = $council", council)
    else:
        con.register("reclassified", classified[["council_code", "supplier_key"]])
        try:
            con.execute("delete from suppliers s using reclassified r "
                        "where s.council_code = r.council_code and s.supplier_key = r.supplier_key")
        finally:
            con.unregister("reclassified")
    reference_loads.insert_frame(con, "suppliers", classified[classify.OUTPUT_COLUMNS])
    log(f"  {len(classified)} suppliers classified in {time.perf_counter() - t:.1f}s")


def model(table: str) -> Step:
    """The step that makes `table` from etl/sql/<table>.sql (see the module docstring). With a scope, a model made
    from each council's own rows (COUNCIL_MODELS) replaces that council's rows only; a model that does not rest on
    spend (comparison_groups) is left as it is; without a scope, or into a warehouse that lacks the table, it is
    made whole."""
    if table not in MODELS:
        raise ValueError(f"{table!r} is not one of the SQL models {MODELS}")

    def step(con, data_dir: Path, scope: str | None = None) -> None:
        t, sql = time.perf_counter(), model_sql(table)
        exists = con.execute("select count(*) from duckdb_tables() where table_name = $t",
                             {"t": table}).fetchone()[0]
        if scope is None or not exists:
            con.execute(f"create or replace table {table} as {sql}", parameters(con, sql))
        elif table in COUNCIL_MODELS:
            replace_council_rows(con, table, sql, scope)
        else:
            return
        log(f"  {table} in {time.perf_counter() - t:.1f}s" + (f" ({scope})" if scope else ""))

    step.__name__ = step.__qualname__ = table
    step.__doc__ = f"{table}, from etl/sql/{table}.sql."
    return step


def replace_council_rows(con, table: str, sql: str, scope: str) -> None:
    """Make `table`'s rows of council `scope` its model's rows, writing only those that differ: a row the model no
    longer gives is deleted, a row it gives anew is inserted, and the rest (most of a council's rows after one
    file) stay where they are. Rows are compared whole, nulls equal; each is unique, since it holds its grain
    (tests/test_marts.py). Writing a council's unchanged rows again cost most of a load: 1.1 s of
    mart_supplier_totals' 1.3 s at 10M lines."""
    con.execute(f"create or replace temp table model_rows as select m as row from ({sql}) m "
                "where council_code = $scope", parameters(con, sql, scope) | {"scope": scope})
    con.execute(f"create or replace temp table held_rows as select rowid as held_id, t as row from {table} t "
                "where council_code = $scope", {"scope": scope})
    try:
        con.execute("create or replace temp table changed_rows as select h.held_id, m.row from held_rows h "
                    "full join model_rows m on h.row is not distinct from m.row "
                    "where h.held_id is null or m.row is null")
        con.execute(f"delete from {table} where council_code = $scope and rowid in "
                    "(select held_id from changed_rows where row is null)", {"scope": scope})
        con.execute(f"insert into {table} select unnest(row) from changed_rows where held_id is null")
    finally:
        con.execute("drop table if exists model_rows; drop table if exists held_rows; "
                    "drop table if exists changed_rows")


def indicators(con, data_dir: Path, scope: str | None = None) -> None:
    """mart_indicators, every indicator by council and financial year (etl/indicator_mart.py); with a scope, that
    council's spend indicators only (the group medians are computed when read, so they follow)."""
    indicator_mart.build(con, scope)


def stamp(con, data_dir: Path | None = None, scope: str | None = None) -> None:
    """A new build id in build_info: the app reopens the warehouse when it changes."""
    con.execute("delete from build_info")
    con.execute("insert into build_info values ($id, current_timestamp, $v, $p)",
                {"id": uuid.uuid4().hex[:12], "v": config.SCHEMA_VERSION, "p": version.product_version()})


# Tables made from one SQL model each, in build order (identifiers from this list only).
MODELS = ("mart_spend_monthly", "mart_spend_ward", "mart_supplier_totals", "mart_postcode_areas", "mart_largest_lines",
          "mart_rejects", "mart_flag_disagreements", "coverage", "comparison_groups")
# The models each of whose rows is one council's, made from that council's rows alone: a load refreshes its own.
COUNCIL_MODELS = ("mart_spend_monthly", "mart_spend_ward", "mart_supplier_totals", "mart_postcode_areas",
                  "mart_largest_lines", "mart_rejects", "mart_flag_disagreements", "coverage")

STEPS: tuple[Step, ...] = (
    schema,
    reference,
    spend_files,
    suppliers,
    model("mart_spend_monthly"),
    model("mart_spend_ward"),
    model("mart_supplier_totals"),
    model("mart_postcode_areas"),       # from mart_supplier_totals
    model("mart_largest_lines"),
    model("mart_rejects"),
    model("mart_flag_disagreements"),
    model("coverage"),
    model("comparison_groups"),
    indicators,
    stamp,
)
SETUP = STEPS[:STEPS.index(spend_files)]       # what a load into a new warehouse runs before its file
DERIVED = STEPS[STEPS.index(suppliers):]      # everything computed from loaded spend, rerun after a load


def run(con, data_dir: Path, scope: str | None, steps: tuple[Step, ...] = STEPS) -> None:
    """Run steps in order, each on the same connection, data folder and scope."""
    for step in steps:
        step(con, data_dir, scope)


# ---------------------------------------------------------------------------------------------- helpers

def model_sql(table: str) -> str:
    return (SQL_DIR / f"{table}.sql").read_text(encoding="utf-8")


def grain(sql: str) -> list[str]:
    """The key columns a model's header names on its `-- grain:` line ([] when it has none)."""
    for line in sql.splitlines():
        if line.startswith("-- grain:"):
            return [c.strip() for c in line.removeprefix("-- grain:").split(",")]
    return []


def parameters(con, sql: str, scope: str | None = None) -> dict:
    """The bound values a model names (DuckDB's parser says which): the window's $start and $end, the comparable
    basis' $comparable_min, the locality rule $area_not_covered (kil/classes.py), and $scope, the council a load
    refreshes (null in a whole build): a council model filters its first CTEs by it, so a load reads its council's
    lines only."""
    available = periods.window_params() | {"comparable_min": COMPARABLE_MIN_AMOUNT, "scope": scope,
                                           "area_not_covered": classes.LOCALITY_AREA_NOT_COVERED}
    (statement,) = con.extract_statements(sql)
    unknown = statement.named_parameters - set(available)
    if unknown:
        raise ValueError(f"SQL model names parameters {sorted(unknown)}; only {sorted(available)} are bound")
    return {name: available[name] for name in statement.named_parameters}


def council_registers(data_dir: Path) -> pd.DataFrame | None:
    """Supplier registers councils supplied (data/raw/supplier_registers/<code>.csv) and the synthetic ones under
    data/demo/suppliers/<council folder>/; None when there are none."""
    frames = [supplier_register.read_supplier_registers(supplier_register.folder(data_dir))]
    demo = Path(data_dir) / "demo" / "suppliers"
    for folder in sorted(demo.iterdir()) if demo.is_dir() else ():
        for path in sorted(folder.glob("*.csv")):
            frames.append(supplier_register.read_supplier_register(path, councils.code_of(folder.name)))
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else None
