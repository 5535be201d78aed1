"""Load one spend file into the warehouse: every record is loaded, rejected with a reason, or a duplicate.

A file has a council, a kind (spend or card) and a period. Loading a period already loaded is a re-publication:
its lines are compared as a multiset with that period's loaded lines, so lines already there are duplicates, new
lines load, and lines the new file lacks are counted as missing (never deleted). Identical lines inside one file
are separate payments and all load.

Where spend files live is here too: data/raw/spend/<council folder>/<kind>/<period>.<ext> (published files) and
data/demo/spend/... (synthetic), the folder names from kil.councils. `shipped` finds them for the build; `keep`
copies a file loaded from elsewhere into that layout, so that the next build loads it again.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb
import numpy as np
import pyarrow as pa

from etl.ledger import Reject, SourceLoad
from etl.readers import columns, spend as reader
from kil import councils, provenance

SQL_DIR = Path(__file__).parent / "sql"
KINDS = ("spend", "card")
SUFFIXES = (".csv", ".csv.gz", ".tsv", ".tsv.gz", ".txt", ".xlsx")
FOLDERS = (("raw", False), ("demo", True))     # data/<folder>/spend, and whether its files are synthetic


def shipped(data_dir: Path, scope: str | None = None) -> Iterator[tuple[Path, str, str, bool]]:
    """(file, council code, kind, synthetic) for every spend file under data/raw/spend and data/demo/spend, in
    order (each period's publications in turn: 2023-04, then 2023-04.r2); with a scope (a council code), only that
    council's. A council's synthetic demo spend is left out once any real spend file of it is there: real data
    retires synthetic data (`retire_synthetic` does the same in a warehouse)."""
    real = {councils.code_of(d.name) for d in _council_dirs(Path(data_dir) / "raw" / "spend")
            if any(_files(d / kind) for kind in KINDS)}
    for folder, synthetic in FOLDERS:
        for council_dir in _council_dirs(Path(data_dir) / folder / "spend"):
            code = councils.code_of(council_dir.name)
            if (scope is not None and code != scope) or (synthetic and code in real):
                continue
            for kind in KINDS:
                for path in _files(council_dir / kind):
                    yield path, code, kind, synthetic


def _council_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


REVISION = re.compile(r"^(?P<period>[^.]+)(?:\.r(?P<n>[0-9]+))?\.")


def _files(kind_dir: Path) -> list[Path]:
    """A kind folder's spend files, each period's publications in the order they were stored."""
    found = [p for p in kind_dir.glob("*") if p.name.lower().endswith(SUFFIXES)] if kind_dir.is_dir() else []
    return sorted(found, key=_publication)


def _publication(path: Path) -> tuple[str, int, str]:
    m = REVISION.match(path.name)
    return (m["period"], int(m["n"] or 1), path.name) if m else (path.name, 1, path.name)


def kept_path(data_dir: Path, src: Path, council_code: str, kind: str, period: str) -> Path:
    """Where `keep` puts a loaded file: data/raw/spend/<council folder>/<kind>/<period><its suffix>, and a
    re-publication of a period already stored beside it as <period>.r2<suffix>, .r3 ... (never over it), so that
    a rebuild loads every publication in turn, as the loads did. The name comes from council, kind and period,
    never from the uploaded file's name (only its suffix, from a fixed list)."""
    suffix = "".join(src.suffixes[-2:]) if src.name.endswith(".gz") else src.suffix
    suffix = suffix.lower()
    if not suffix.endswith(SUFFIXES):
        raise ValueError(f"{src.name}: not one of the spend file types {SUFFIXES}")
    folder = Path(data_dir) / "raw" / "spend" / councils.slug(council_code) / kind
    taken = [p for p in _files(folder) if _publication(p)[0] == period]
    if Path(src).resolve() in {p.resolve() for p in taken}:
        return Path(src)
    return folder / (f"{period}{suffix}" if not taken else f"{period}.r{_publication(taken[-1])[1] + 1}{suffix}")


def keep(src: Path, data_dir: Path, council_code: str, kind: str, period: str, dest: Path | None = None,
         who: str = "") -> Path:
    """Copy a loaded file, with its provenance, to `dest` (kept_path when not given), so that the next build
    reproduces the warehouse."""
    dest = dest or kept_path(data_dir, src, council_code, kind, period)
    if dest.resolve() == Path(src).resolve():
        return dest
    return provenance.copy_with_provenance(
        src, dest, source="loaded by a council officer" + (f" ({who})" if who else ""), publisher=council_code,
        licence="as published by the council", retrieved=dt.date.today().isoformat(),
        notes="stored by a load (`python -m etl load spend` or the upload page)", council=councils.slug(council_code),
        kind=kind, period=period)


def _sql(name: str) -> str:
    return (SQL_DIR / name).read_text(encoding="utf-8")


def _incoming(raw: reader.RawSpend) -> pa.Table:
    n = raw.rows_read
    cols = {"idx": pa.array(range(n), pa.int64()),
            "source_row": pa.array(raw.line_numbers, pa.int64()),
            "blank": pa.array([not any(c.strip() for c in r) for r in raw.original], pa.bool_())}
    for name, values in raw.columns().items():
        cols[name] = pa.nulls(n, pa.string()) if values is None else pa.array(values, pa.string())
    return pa.table(cols)


def _main_month(con, path: Path) -> str:
    """The month most of a file's payment dates fall in, for a file whose name holds no period."""
    row = con.execute("""
        select strftime(payment_date, '%Y-%m') from stage where reject_reason is null
        group by 1 order by count(*) desc, 1 limit 1
    """).fetchone()
    if row is None:
        raise reader.SpendFileError(f"{path.name}: no period in the file name and no dated lines to take one "
                                    "from; give --period YYYY-MM or YYYY-Qn.")
    return row[0]


@dataclass
class Staged:
    """A file read and staged, not yet compared with the warehouse: its records typed, each with its reject reason
    (etl/sql/stage_spend.sql), or the SpendFileError that says why the file is no table of spend."""
    raw: reader.RawSpend | None
    table: pa.Table | None
    error: reader.SpendFileError | None = None


def prepare(path: Path, period: str | None = None, known=None) -> Staged:
    """Read a file and stage its records in this thread's scratch DuckDB, never touching the warehouse: so the
    build prepares the next files in a thread of their own while the last one is written (etl/steps.py)."""
    try:
        raw, incoming = _read(path, known)
        formats = columns.DATE_FORMATS[_date_order(path, raw, period)]
    except reader.SpendFileError as exc:
        return Staged(None, None, exc)
    mem = _scratch()
    mem.register("incoming", incoming)
    try:
        table = mem.sql(_sql("stage_spend.sql"), params={"date_formats": formats}).to_arrow_table()
    finally:
        mem.unregister("incoming")
    return Staged(raw, table)


def stage(con, path: Path, period: str | None = None, known=None, staged: Staged | None = None) -> reader.RawSpend:
    """Read a file (or take it as `prepare` read it) and stage its records as `stage` on `con`. Raises
    SpendFileError for a file that is no table, or whose dates do not say whether the day or the month comes
    first."""
    staged = staged or prepare(path, period, known)
    if staged.error is not None:
        raise staged.error
    con.register("stage", staged.table)
    return staged.raw


def _date_order(path: Path, raw: reader.RawSpend, period: str | None) -> str:
    """'dmy' or 'mdy' for the file's numeric dates (see etl/readers/columns.py); day first when it has none."""
    chosen = raw.layout.chosen
    order = chosen.date_order
    column = chosen.choices["payment_date"].header
    if order == "mixed":
        raise reader.SpendFileError(
            f"{path.name}: the dates in {column!r} are written both day first (13/01/2024) and month first "
            "(01/13/2024), so neither order can be trusted; correct the file or split it.")
    if order == "either":
        period = period or reader.period_from_name(path.name)
        order = columns.order_by_period(chosen.date_values, reader.period_months(period)) if period else None
        if order is None:
            raise reader.SpendFileError(
                f"{path.name}: no date in {column!r} has a day above 12, so day-first and month-first cannot be "
                "told apart" + ("" if period else " (and the file name gives no month to check against)")
                + "; put the period in the file name (YYYY-MM or YYYY-Qn) or give --period.")
        chosen.warnings.append(f"dates: day and month told apart by the file's period {period} ({order}).")
    return order or "dmy"


def _read(path: Path, known=None) -> tuple[reader.RawSpend, pa.Table]:
    """A file's records after the header as the `incoming` table (see _incoming), and the file as read.

    A CSV whose records are one per line is split by DuckDB's read_csv; any other file (spreadsheets, records
    spanning lines, quoting DuckDB reads differently from Python's csv module) by etl/readers/spend.py.
    """
    if reader.is_spreadsheet(path):
        raw = reader.read(path, known)
        return raw, _incoming(raw)
    text, encoding, delimiter = reader.read_text(path)
    rows, lines = reader.split_rows(text, delimiter, limit=reader.HEADER_SEARCH_LINES + columns.SAMPLE_LINES)
    layout = reader.locate_header(path, rows, known)
    fast = _read_by_duckdb(path, text, encoding, delimiter, rows, lines, layout)
    if fast is not None:
        return fast
    rows, lines = reader.split_rows(text, delimiter)
    raw = reader.from_rows(path, rows, lines, delimiter, encoding, known)
    return raw, _incoming(raw)


_SENTINEL = "kil: end of file"
_EXTRA_COLUMNS = 8          # fields a record may have beyond the header's before the file goes the Python way
_local = threading.local()


def _scratch() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB of this thread's own, so a read_csv error never aborts the caller's transaction."""
    if getattr(_local, "con", None) is None:
        _local.con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                            "autoload_known_extensions": False})
    return _local.con


def _loose_quote(b: np.ndarray, delimiter: str) -> bool:
    """Whether a quote has a space beside it that DuckDB may read otherwise than Python's csv module: spaces
    between a field's edge (a delimiter, a line's start or end) and a quote, which DuckDB drops and Python keeps;
    and any quote with a space beside it except an opening quote followed by one or a closing quote preceded by one
    (`," £ 1.00 "`, as Leeds, Wirral and Wakefield write amounts), which both read the same. Tabs count as spaces
    unless they delimit. `b`: the text's bytes."""
    quotes = np.flatnonzero(b == 34)
    if not len(quotes):
        return False
    d = ord(delimiter)
    spaces = [32, 9] if delimiter == "," else [32]
    padded = np.concatenate(([10], b, [10]))           # the text's start and end are edges, as a line break is
    before, after = padded[quotes], padded[quotes + 2]
    edge_before = (before == 10) | (before == d)
    edge_after = (after == 10) | (after == 13) | (after == d)
    space_before, space_after = np.isin(before, spaces), np.isin(after, spaces)
    if (space_after & ~edge_before).any() or (space_before & ~edge_after).any():
        return True                                     # a space beside a quote inside a field
    edges = [10, 13, d]
    for at, step in ((quotes[space_before], -1), (quotes[space_after] + 2, 1)):   # the space's place in `padded`
        while len(at):                                  # walk the run of spaces to what ends it
            at = at + step
            if np.isin(padded[at], edges).any():
                return True
            at = at[np.isin(padded[at], spaces)]
    return False


def _lines(data: bytes, delimiter: str):
    """Whether each physical line of UTF-8 text is empty (numpy bools), or None when DuckDB may read it otherwise.

    DuckDB skips empty lines (Python's csv reads each as a record []), drops spaces between a delimiter and a
    quote (Python keeps them as text), and takes a lone carriage return or a NUL differently: files with those go
    the Python way. Only ASCII bytes are looked at, and in UTF-8 they never occur inside another character.
    """
    if b"\x00" in data:
        return None
    b = np.frombuffer(data, np.uint8)
    n = len(b)
    cr = np.flatnonzero(b == 13)
    if len(cr) and (cr[-1] == n - 1 or (b[cr + 1] != 10).any()):
        return None
    if _loose_quote(b, delimiter):
        return None
    ends = np.flatnonzero(b == 10)
    starts = np.concatenate(([0], ends + 1))
    ends = np.concatenate((ends, [n]))
    if data.endswith(b"\n"):            # the text after the last line break is no line
        starts, ends = starts[:-1], ends[:-1]
    length = ends - starts
    return (length == 0) | ((length == 1) & (b[np.minimum(starts, max(n - 1, 0))] == 13))


def _read_by_duckdb(path, text, encoding, delimiter, head_rows, head_lines, layout):
    """(TextSpend, incoming) when DuckDB splits the file exactly as the Python reader would, else None."""
    h, mapping = layout.header_index, layout.mapping
    if head_lines[h] != h + 1 or text.startswith("\ufeff"):
        return None
    data = text.encode("utf-8")
    empty = _lines(data, delimiter)
    if empty is None:
        return None
    physical = len(empty)
    n_empty = int(empty.sum())
    width = len(head_rows[h])
    columns = {f"c{j}": "VARCHAR" for j in range(width + _EXTRA_COLUMNS)}
    mem = _scratch()
    fd, tmp = tempfile.mkstemp(suffix=".csv")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            # A last line of our own: a quote left open at the end swallows it, and the check below shows it.
            eol = b"\r\n" if b"\r" in data else b"\n"      # DuckDB wants one kind of line break in a file
            f.write((b"" if data.endswith(b"\n") else eol) + _SENTINEL.encode() + eol)
        records = mem.sql("""
            select * from read_csv($path, header = false, columns = $columns, delim = $delim, quote = '"',
                                   escape = '"', null_padding = true, parallel = false, auto_detect = false,
                                   strict_mode = true, encoding = 'utf-8', comment = '', skip = 0)
        """, params={"path": tmp, "columns": columns, "delim": delimiter}).to_arrow_table()
    except (duckdb.Error, OSError):
        return None
    finally:
        os.unlink(tmp)
    n = records.num_rows
    if n + n_empty != physical + 1:         # a record spans lines (or DuckDB skipped one): go the Python way
        return None
    last = records.slice(n - 1).to_pylist()[0]
    if last["c0"] != _SENTINEL or any(v is not None for k, v in last.items() if k != "c0"):
        return None
    # the records in the file's order (DuckDB keeps it), numbered from 0
    mem.register("csv_records", records.append_column("record", pa.array(np.arange(n), pa.int64())))
    try:
        picked = ", ".join(f"c{mapping[ours]} as {ours}" if ours in mapping else f"null::varchar as {ours}"
                           for ours in reader.FIELDS)
        # only delimiters and spaces: a blank line (each cell empty after trim, as their concatenation would be;
        # asked cell by cell, a line with text in its first cell is known at once)
        blank = " and ".join(f"({c} is null or trim({c}) = '')" for c in columns)
        if not n_empty:
            incoming = mem.sql(f"""
                select record - $h as idx, record + 1 as source_row, {blank} as blank, {picked}
                from csv_records where record >= $h and record < $lines
            """, params={"h": h + 1, "lines": physical}).to_arrow_table()
        else:
            mem.register("record_lines", pa.table({"line": pa.array(np.flatnonzero(~empty) + 1, pa.int64())}))
            mem.register("empty_lines", pa.table({"line": pa.array(np.flatnonzero(empty) + 1, pa.int64())}))
            nulls = ", ".join(f"null::varchar as {ours}" for ours in reader.FIELDS)
            incoming = mem.sql(f"""
                select line - $h - 1 as idx, line as source_row, {blank} as blank, {picked}
                from (select * exclude (record) from csv_records) positional join record_lines
                where line > $h  -- the sentinel's line is null
                union all
                select line - $h - 1, line, true, {nulls} from empty_lines where line > $h
                order by idx
            """, params={"h": h + 1}).to_arrow_table()
    finally:
        for view in ("csv_records", "record_lines", "empty_lines"):
            try:
                mem.unregister(view)
            except duckdb.Error:
                pass
    raw = reader.TextSpend(path=path, encoding=encoding, delimiter=delimiter, header_line=h + 1,
                           header=head_rows[h], mapping=mapping, text=text, count=physical - h - 1, layout=layout)
    return raw, incoming


def check(con, path: Path, council_code: str, kind: str, period: str | None, known=None, *,
          synthetic: bool = False, staged: Staged | None = None) -> SourceLoad:
    """Validate a file and count what a load would do, writing nothing to the warehouse (`write` writes it).
    `known`: a person's column mapping and the council's layout profiles (etl/profiles.py). A real file is
    compared with the real lines loaded before it, a synthetic one with synthetic lines: demo spend is never an
    earlier publication of a council's real file."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    result = SourceLoad(path=path, dataset="spend", council_code=council_code, kind=kind)
    try:
        raw = stage(con, path, period, known, staged)
    except reader.SpendFileError as exc:
        result.status, result.message = "rejected", str(reader.named(path, exc))
        result.unmapped_header = exc.header
        return result
    result.rows_read = raw.rows_read
    result.period = period or reader.period_from_name(path.name) or _main_month(con, path)
    counts = _compare(con, council_code, kind, result.period, synthetic)
    result.rows_rejected, result.rows_duplicate, result.rows_loaded, result.rows_missing, amount = counts
    result.amount_loaded = float(amount or 0)
    result.rejects = [Reject(row, raw.raw_line(idx), why) for idx, row, why in con.execute(
        "select idx, source_row, reject_reason from stage where reject_reason is not null order by idx"
    ).fetchall()]
    result.status = "loaded" if result.rows_loaded else "unchanged"
    result.layout = raw.layout.report()
    result.message = _summary(result) + "".join(f" Warning: {w}" for w in result.layout["warnings"])
    return result


def _compare(con, council_code: str, kind: str, period: str, synthetic: bool = False):
    """(rejected, duplicate, new, missing, new amount) against what the warehouse holds for this period.

    Leaves temp table `new_lines` with the staged lines that are not yet loaded.
    """
    published_before = con.execute(
        "select count(*) from loads where dataset = 'spend' and status = 'loaded' and synthetic = $synthetic "
        "and council_code = $council and kind = $kind and period = $period",
        {"council": council_code, "kind": kind, "period": period, "synthetic": synthetic}).fetchone()[0]
    if not published_before:
        con.execute("create or replace temp view new_lines as select * from stage where reject_reason is null")
        return con.execute("""
            select count(*) filter (reject_reason is not null), 0, count(*) filter (reject_reason is null), 0,
                   sum(amount) filter (reject_reason is null)
            from stage
        """).fetchone()
    con.execute("""
        create or replace temp table keyed as
        select *, row_number() over (partition by line_key order by source_row) as occurrence
        from stage where reject_reason is null
    """)
    con.execute("""
        create or replace temp table existing as
        select line_key, row_number() over (partition by line_key) as occurrence
        from spend where council_code = $council and kind = $kind and period = $period and synthetic = $synthetic
    """, {"council": council_code, "kind": kind, "period": period, "synthetic": synthetic})
    con.execute("""
        create or replace temp view new_lines as
        select k.* exclude (occurrence) from keyed k anti join existing e using (line_key, occurrence)
    """)
    return con.execute("""
        select (select count(*) from stage where reject_reason is not null),
               (select count(*) from keyed semi join existing using (line_key, occurrence)),
               (select count(*) from new_lines),
               (select count(*) from existing anti join keyed using (line_key, occurrence)),
               (select sum(amount) from new_lines)
    """).fetchone()


def _summary(r: SourceLoad) -> str:
    text = (f"{r.path.name}: {r.rows_read} lines read, {r.rows_loaded} loaded, {r.rows_rejected} rejected, "
            f"{r.rows_duplicate} already loaded")
    if r.rows_missing:
        text += f", {r.rows_missing} lines of the earlier publication of {r.period} are not in this file (kept)"
    return text + "."


def load(con, path: Path, council_code: str, kind: str = "spend", period: str | None = None, *,
         source_file: str, synthetic: bool = False, known=None, staged: Staged | None = None) -> SourceLoad:
    """Load a file inside the caller's transaction (`staged`: as `prepare` read it with the same period and
    known). Returns what happened; writes a ledger row either way."""
    return write(con, check(con, path, council_code, kind, period, known, synthetic=synthetic, staged=staged),
                 source_file=source_file, synthetic=synthetic, loaded_by="build")


def write(con, result: SourceLoad, *, source_file: str, synthetic: bool = False, loaded_by: str = "",
          stored_copy: str | None = None) -> SourceLoad:
    """Write what `check` just found (its temp tables `stage` and `new_lines`), inside the caller's transaction: a
    ledger row naming the file `source_file` (etl.ledger.source_name), and unless the file was rejected its
    rejects and new lines."""
    path, council_code, kind = result.path, result.council_code, result.kind
    result.synthetic = synthetic
    meta = provenance.read(path)
    load_id = con.execute("select nextval('load_seq')").fetchone()[0]
    con.execute("""
        insert into loads (load_id, dataset, source_file, sha256, council_code, kind, period, status, rows_read,
                           rows_loaded, rows_rejected, rows_duplicate, rows_missing, amount_loaded, message,
                           synthetic, provenance, loaded_by, stored_copy)
        values ($id, 'spend', $file, $sha, $council, $kind, $period, $status, $read, $loaded, $rejected,
                $duplicate, $missing, $amount, $message, $synthetic, $provenance, $by, $stored)
    """, {"id": load_id, "file": source_file, "sha": meta.get("sha256") or provenance.sha256(path),
          "council": council_code, "kind": kind, "period": result.period, "status": result.status,
          "read": result.rows_read, "loaded": result.rows_loaded, "rejected": result.rows_rejected,
          "duplicate": result.rows_duplicate, "missing": result.rows_missing, "amount": result.amount_loaded,
          "message": result.message, "synthetic": synthetic, "provenance": json.dumps(meta), "by": loaded_by,
          "stored": stored_copy})
    result.load_id = load_id
    if result.status == "rejected":
        return result
    if result.rejects:
        con.execute("""
        insert into rejects
        select $id, unnest($rows), unnest($raws), unnest($reasons)
        """, {"id": load_id, "rows": [r.row for r in result.rejects], "raws": [r.raw for r in result.rejects],
              "reasons": [r.reason for r in result.rejects]})
    con.execute("""
        insert into spend
        select $council, $kind, $period, payment_date, date_trunc('month', payment_date), amount, supplier_name,
               supplier_id, service_area, expense_type, description, vcse_flag, charity_number, company_number,
               $synthetic, $file, source_row, $id, line_key, null
        from new_lines
    """, {"council": council_code, "kind": kind, "period": result.period, "synthetic": synthetic,
          "file": source_file, "id": load_id})
    return result


def retire_synthetic(con, council_code: str, *, by_load: int, loaded_by: str = "") -> int:
    """Take a council's synthetic spend out of the warehouse once real spend of it is loaded (load `by_load`),
    inside the caller's transaction: its lines go, its loads become 'retired', and a 'retire' row in the ledger
    says how many lines and pounds left and why. data/demo keeps the files; the build leaves them out for a council
    with real files (`shipped`). Returns the lines retired."""
    lines, amount = con.execute("""
        select count(*), sum(amount) from spend where council_code = $council and synthetic
    """, {"council": council_code}).fetchone()
    if not lines:
        return 0
    con.execute("delete from spend where council_code = $council and synthetic", {"council": council_code})
    con.execute("""
        update loads set status = 'retired'
        where dataset = 'spend' and council_code = $council and synthetic and in_warehouse(status)
    """, {"council": council_code})
    _event(con, "retire", council_code, f"demo/spend/{councils.slug(council_code)}", lines, amount, True, loaded_by,
           f"{lines} synthetic demo lines (£{float(amount or 0):,.2f}) retired: real spend of this council arrived "
           f"(load {by_load}). data/demo keeps the files.")
    return lines


class Unloadable(ValueError):
    """A load that cannot be withdrawn (unknown, not a spend load, or followed by a later publication)."""


def unload(con, load_id: int, *, loaded_by: str = "") -> dict:
    """Withdraw one spend load inside the caller's transaction: its lines and rejects leave the warehouse, its
    ledger row becomes 'withdrawn' and an 'unload' row records who withdrew it. Returns the withdrawn load
    (source_file, council_code, kind, period, lines, amount). A load with a later publication of the same period
    is withdrawn only after that one (a rebuild would otherwise read the later file as the first)."""
    row = con.execute("""
        select source_file, council_code, kind, period, synthetic, stored_copy from loads
        where load_id = $id and dataset = 'spend' and status = 'loaded'
    """, {"id": load_id}).fetchone()
    if row is None:
        raise Unloadable(f"load {load_id} is not a spend file in the warehouse (see the ledger: `loads`).")
    source_file, council_code, kind, period, synthetic, stored_copy = row
    later = con.execute("""
        select min(load_id) from loads
        where dataset = 'spend' and status = 'loaded' and council_code = $c and kind = $k and period = $p
          and load_id > $id
    """, {"c": council_code, "k": kind, "p": period, "id": load_id}).fetchone()[0]
    if later is not None:
        raise Unloadable(f"load {load_id} ({period}) has a later publication of the same period, load {later}: "
                         "withdraw that one first.")
    lines, amount = con.execute("select count(*), sum(amount) from spend where load_id = $id",
                                {"id": load_id}).fetchone()
    con.execute("delete from spend where load_id = $id", {"id": load_id})
    con.execute("delete from rejects where load_id = $id", {"id": load_id})
    con.execute("update loads set status = 'withdrawn' where load_id = $id", {"id": load_id})
    _event(con, "unload", council_code, source_file, lines, amount, synthetic, loaded_by,
           f"load {load_id} withdrawn: {lines} lines (£{float(amount or 0):,.2f}) left the warehouse.",
           kind=kind, period=period)
    return {"load_id": load_id, "source_file": source_file, "council_code": council_code, "kind": kind,
            "period": period, "lines": lines, "amount": float(amount or 0), "stored_copy": stored_copy}


def _event(con, status: str, council_code: str, source_file: str, lines: int, amount, synthetic: bool,
           loaded_by: str, message: str, kind: str | None = None, period: str | None = None) -> None:
    """A ledger row for something done to loads already there (an unload, a retirement): rows_read and rows_loaded
    are minus the lines that left, so each row still conserves (read = loaded + rejected + duplicate) and the
    ledger's lines still add up to the warehouse's."""
    con.execute("""
        insert into loads (load_id, dataset, source_file, council_code, kind, period, status, rows_read, rows_loaded,
                           rows_rejected, rows_duplicate, rows_missing, amount_loaded, message, synthetic, loaded_by)
        values (nextval('load_seq'), 'spend', $file, $council, $kind, $period, $status, -$lines, -$lines, 0, 0, 0,
                -$amount, $message, $synthetic, $by)
    """, {"file": source_file, "council": council_code, "kind": kind, "period": period, "status": status,
          "lines": lines, "amount": amount or 0, "message": message, "synthetic": synthetic, "by": loaded_by})
