"""Read a council spend file as published: CSV, TSV, gzip or XLSX, in any of the layouts councils use.

The reader finds the header itself (the first of the first 30 lines whose columns can be told apart), chooses the
date, supplier and amount columns by content and name (etl/readers/columns.py, no alias lists), maps the optional
columns through normalised names, and hands back every record after the header as text, with its line number.
Parsing amounts and dates happens in DuckDB (`etl/sql/stage_spend.sql`), where it is fast; this module only decides
what each column is, and says why (`Layout.report`).
"""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from etl.readers import columns

HEADER_SEARCH_LINES = 30
# The largest text a spend file may hold once inflated. Real files are under 5 MB; a gzip inflating past this is
# refused rather than read into memory (a zip bomb, or not a spend file).
MAX_TEXT_BYTES = 256 * 2**20

# Our optional columns -> the names councils give them, in order of preference (compared after
# columns.normalise). Date, supplier and amount have no such list: columns.detect finds them by content and name.
ALIASES: dict[str, tuple[str, ...]] = {
    "supplier_id": ("Supplier Number", "Supplier ID", "Supplier Code", "Vendor ID", "Vendor Number"),
    "service_area": ("Service Label", "Expense Area", "Service Area", "Organisational Unit", "Service (Sercop)",
                     "Service", "Directorate", "Department", "Service Division Label"),
    "expense_type": ("Expenditure Category", "Procurement Classification: Council's Procurement Category Name",
                     "Expense Type", "Category Internal Name", "Purpose Of Spend", "Expense Description",
                     "Group Description", "Account Description"),
    "description": ("Purpose of Spend (Summary)", "Extended Description", "Purpose", "Merchant Category",
                    "Cost Centre Name", "Description", "Narrative"),
    "vcse_flag": ("Voluntary Community and Social Enterprise Supplier", "VCSE Supplier", "VCSE"),
    "charity_number": ("Supplier Registered Charity Number", "Charity Number", "Charity No"),
    "company_number": ("Supplier Registered Company Number", "Company Number", "Company No"),
}
REQUIRED = columns.REQUIRED
FIELDS = REQUIRED + tuple(ALIASES)


class SpendFileError(Exception):
    """The file as a whole cannot be read as spend: the message says why and what was found. `header`: the line
    taken for the header when the columns could not be decided, so a person can map them (etl/profiles.py)."""

    def __init__(self, message: str, header: list[str] | None = None):
        super().__init__(message)
        self.header = header


@dataclass
class RawSpend:
    """Every record after the header, as text, with the header's mapping and each record's line number."""
    path: Path
    encoding: str
    delimiter: str
    header_line: int                       # 1-based line number of the header
    header: list[str]
    mapping: dict[str, int]                # our column -> index in the header
    body: list[list[str]] = field(default_factory=list)   # records after the header, padded to the header
    line_numbers: list[int] = field(default_factory=list)
    original: list[list[str]] = field(default_factory=list)  # the same records as published
    layout: "Layout | None" = None           # how the columns were chosen (its report goes to check and the ledger)

    @property
    def rows_read(self) -> int:
        return len(self.line_numbers)

    def columns(self) -> dict[str, tuple[str, ...] | None]:
        """Our column -> its values (None where the file has no such column)."""
        transposed = list(zip(*self.body)) if self.body else [()] * len(self.header)
        return {ours: transposed[self.mapping[ours]] if ours in self.mapping else None for ours in FIELDS}

    def raw_line(self, i: int) -> str:
        """Record i (0-based) as read, for the rejects ledger."""
        return self.delimiter.join(self.original[i])


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-8 (with or without BOM), else cp1252. Text garbled upstream is kept as published.

    cp1252 leaves five bytes undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D); they are kept as the same code points.
    A file pasted together from both (some lines UTF-8, some cp1252) is decoded line by line: 'utf-8+cp1252'.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError:
        pass
    lines, mixed = [], False
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
            mixed |= not line.isascii()
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", errors="_kil_cp1252_undefined"))
    return "\n".join(lines), "utf-8+cp1252" if mixed else "cp1252"


def _keep_undefined(err: UnicodeDecodeError):
    return chr(err.object[err.start]), err.start + 1


codecs.register_error("_kil_cp1252_undefined", _keep_undefined)


def is_spreadsheet(path: Path) -> bool:
    return path.name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods"))


def read_text(path: Path) -> tuple[str, str, str]:
    """Text, encoding and delimiter of a CSV/TSV/gzip file. SpendFileError messages start with the file name."""
    data = path.read_bytes()
    if path.name.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = inflate(path, data)
    elif len(data) > MAX_TEXT_BYTES:
        raise SpendFileError(f"{path.name}: {len(data) // 2**20} MB, more than any spend file "
                             f"({MAX_TEXT_BYTES // 2**20} MB at most); split it by month.")
    if data[:4] == b"PK\x03\x04":
        raise SpendFileError(f"{path.name}: this is a spreadsheet (zip) file, but its name does not say .xlsx.")
    text, encoding = decode(data)
    if "\x00" in text[:4096]:
        raise SpendFileError(f"{path.name}: not a text table (binary content).")
    head = text[:20000].splitlines()[:HEADER_SEARCH_LINES]
    delimiter = "\t" if sum(l.count("\t") for l in head) > sum(l.count(",") for l in head) else ","
    return text, encoding, delimiter


def inflate(path: Path, data: bytes) -> bytes:
    """A gzip file's text, read no further than MAX_TEXT_BYTES. SpendFileError for a damaged or oversized one."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            text = f.read(MAX_TEXT_BYTES + 1)
    except EOFError:
        raise SpendFileError(f"{path.name}: the gzip file is truncated (it ends before its end marker); "
                             "download it again.") from None
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise SpendFileError(f"{path.name}: the gzip file is damaged ({exc}); download it again.") from None
    if len(text) > MAX_TEXT_BYTES:
        raise SpendFileError(f"{path.name}: the gzip file inflates to more than {MAX_TEXT_BYTES // 2**20} MB, "
                             "more than any spend file; it is not read.")
    return text


def physical_lines(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def split_rows(text: str, delimiter: str, limit: int | None = None) -> tuple[list[list[str]], list[int]]:
    """Records and their 1-based line numbers (the first `limit` records only, when given)."""
    if limit is not None:                       # parse only the first `limit` lines' text
        end = -1
        for _ in range(limit):
            end = text.find("\n", end + 1)
            if end < 0:
                break
        if end >= 0:
            text = text[:end + 1]
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        rows = []                               # the loop below says where
    if len(rows) == physical_lines(text) and (limit is None or len(rows) <= limit):
        return rows, list(range(1, len(rows) + 1))   # no quoted line breaks: record i is line i
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines, previous = [], [], 0       # some records span lines: track where each starts
    try:
        for row in reader:
            rows.append(row)
            lines.append(previous + 1)
            previous = reader.line_num
            if limit is not None and len(rows) >= limit:
                break
    except csv.Error as exc:                # a field over csv.field_size_limit(), 128 KB
        raise SpendFileError(f"the record from line {previous + 1} cannot be read ({exc}): a quote opened there "
                             "is never closed, or a value is longer than any spend file holds; correct the "
                             "file.") from None
    return rows, lines


def _read_rows(path: Path) -> tuple[list[list[str]], list[int], str, str]:
    """Records, their 1-based line numbers, the delimiter and the encoding, for CSV/TSV/gzip/XLSX files."""
    if is_spreadsheet(path):
        return _read_spreadsheet(path)
    text, encoding, delimiter = read_text(path)
    rows, lines = split_rows(text, delimiter)
    return rows, lines, delimiter, encoding


def _cell_text(value) -> str:
    """A spreadsheet cell as text: dates in ISO, whole numbers without '.0', other numbers as Python writes them."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_spreadsheet(path: Path):
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
        values = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise SpendFileError(f"{path.name}: not a readable spreadsheet ({exc}).") from exc
    rows = [[_cell_text(v) for v in row] for row in values]
    return rows, list(range(1, len(rows) + 1)), ",", "xlsx"


@dataclass
class Layout:
    """Where a file's header is and what each column is: our column -> header index, and why."""
    header_index: int                      # 0-based record index of the header
    mapping: dict[str, int]
    chosen: columns.Columns

    def report(self) -> dict:
        return self.chosen.report()


def find_header(rows: list[list[str]], known=None) -> Layout:
    """The first of the first 30 records under which the columns are known: by a person's mapping
    (`known.mapping`, our column -> header cell), by the council's saved profile of exactly this header
    (`known.profile_for`, see etl/profiles.py), else by columns.detect. Raises SpendFileError with the first
    header candidate's reason (naming the columns, and any saved profile that does not fit), so a person can map."""
    first: tuple[int, columns.Undecided] | None = None
    mapping = dict(getattr(known, "mapping", None) or {})
    for i, row in enumerate(rows[:HEADER_SEARCH_LINES]):
        if sum(1 for c in row if c.strip() and not columns.parse_money(c)) < 3:
            continue                          # a title line, a blank line, or data: a header names 3+ columns
        profile = known.profile_for(row) if known is not None and not mapping else None
        by_hand = mapping or (profile.columns if profile else {})
        fixed = _indices(row, by_hand) if by_hand else {}
        if fixed is None:
            continue                          # this line lacks a mapped column: not the header
        why = "mapped by hand (--map)" if mapping else profile.describe() if profile else ""
        try:
            chosen = columns.detect(row, rows[i + 1:], fixed, why)
        except columns.Undecided as exc:
            first = first or (i, exc)
            continue
        return Layout(i, map_header(row, chosen), chosen)
    if mapping and first is None:
        raise SpendFileError(f"the mapping names columns this file's header lacks: "
                             f"{', '.join(repr(h) for h in mapping.values())}; no line in the first 30 holds them "
                             f"all. Line 1: {', '.join(c for c in rows[0] if c.strip()) if rows else 'nothing'}.")
    if first is None:
        raise SpendFileError("no header: no line in the first 30 names three or more columns.")
    i, exc = first
    found = [c for c in rows[i] if c.strip()]
    if not any(c.strip() for r in rows[i + 1:] for c in r):
        raise SpendFileError(f"no lines under the header (line {i + 1}): the file holds no payments, so there is "
                             f"nothing to load. Found: {', '.join(found)}.")
    stale = [p.describe() for p in getattr(known, "profiles", [])]
    note = (f" This council's saved layout profiles do not fit this header ({'; '.join(stale)}): map the file "
            "again." if stale else " Map the columns with --map date=... --map supplier=... --map amount=...")
    raise SpendFileError(f"{exc} Found (line {i + 1}): {', '.join(found)}.{note}", header=rows[i])


def _indices(cells: list[str], by_hand: dict[str, str]) -> dict[str, int] | None:
    """Our column -> index of the named header cell (compared normalised), or None when one is missing."""
    names = [columns.normalise(c) for c in cells]
    out = {}
    for ours, header in by_hand.items():
        wanted = columns.normalise(header)
        if wanted not in names:
            return None
        out[ours] = names.index(wanted)
    return out


def map_header(cells: list[str], chosen: columns.Columns) -> dict[str, int]:
    """Our column -> header index: the chosen three, then the optional ones by normalised name (a column is
    used once), then what detection moved by content (a swapped header)."""
    mapping = dict(chosen.mapping)
    names = [columns.normalise(c) for c in cells]
    taken = set(mapping.values())
    for ours, aliases in ALIASES.items():
        for alias in map(columns.normalise, aliases):
            if alias in names and names.index(alias) not in taken:
                mapping[ours] = names.index(alias)
                taken.add(mapping[ours])
                break
    for ours, j in chosen.swapped.items():
        mapping = {k: v for k, v in mapping.items() if v != j}
        mapping[ours] = j
    return mapping


def read(path: str | Path, known=None) -> RawSpend:
    """Every record of a spend file after its header, as text. Raises SpendFileError for a file that is no table."""
    path = Path(path)
    try:
        rows, lines, delimiter, encoding = _read_rows(path)
    except SpendFileError as exc:
        raise named(path, exc) from None
    return from_rows(path, rows, lines, delimiter, encoding, known)


def named(path: Path, exc: SpendFileError) -> SpendFileError:
    """The error with the file name in front, once."""
    return SpendFileError(str(exc) if str(exc).startswith(path.name) else f"{path.name}: {exc}",
                          getattr(exc, "header", None))


def from_rows(path: Path, rows: list[list[str]], lines: list[int], delimiter: str, encoding: str,
              known=None) -> RawSpend:
    layout = locate_header(path, rows, known)
    h, mapping = layout.header_index, layout.mapping
    width = len(rows[h])
    body = rows[h + 1:]
    out = RawSpend(path=path, encoding=encoding, delimiter=delimiter, header_line=lines[h], header=rows[h],
                   mapping=mapping, line_numbers=lines[h + 1:], original=body, layout=layout)
    out.body = [r if len(r) == width else (r + [""] * (width - len(r)))[:width] for r in body]
    return out


def locate_header(path: Path, rows: list[list[str]], known=None) -> Layout:
    """find_header, with the file name in front of its error."""
    try:
        return find_header(rows, known)
    except SpendFileError as exc:
        raise SpendFileError(f"{path.name}: {exc}") from None


@dataclass
class TextSpend(RawSpend):
    """A file whose records are one per line (lines header_line+1.. are records 0..), kept as its text.

    The records themselves are read by DuckDB (etl/load_spend.py); `body`, `original` and `line_numbers` stay
    empty, and a record's raw line is taken from the text when asked for.
    """
    text: str = ""
    count: int = 0
    _lines: list[str] | None = field(default=None, repr=False)

    @property
    def rows_read(self) -> int:
        return self.count

    def source_row(self, i: int) -> int:
        return self.header_line + 1 + i

    def raw_line(self, i: int) -> str:
        if self._lines is None:
            self._lines = self.text.split("\n")
        line = self._lines[self.header_line + i]
        if line.endswith("\r"):
            line = line[:-1]
        return self.delimiter.join(next(csv.reader([line], delimiter=self.delimiter), []))


PERIOD_RE = re.compile(r"(?<!\d)(\d{4})-(0[1-9]|1[0-2]|Q[1-4])(?![\dQ])")


def period_from_name(name: str) -> str | None:
    """'2019-11' or '2021-Q3' when a file name holds one."""
    m = PERIOD_RE.search(name)
    return f"{m.group(1)}-{m.group(2)}" if m else None


def period_months(period: str) -> list[str]:
    """The months ('YYYY-MM') a period covers. Quarters are financial: Q1 = April-June of the year named."""
    year, part = period.split("-")
    if part.startswith("Q"):
        q = int(part[1])
        start = 4 + 3 * (q - 1)
        y = int(year) + (1 if start > 12 else 0)
        start = (start - 1) % 12 + 1
        return [f"{y:04d}-{start + i:02d}" for i in range(3)]
    return [period]
