"""People in the marts: "shown only with positive evidence of an organisation" holds in every table the read side
can read, not only behind the pages' top-15 and top-500 limits.

Person-like lines are given in tests/fixtures/person_like_lines.csv by council, file and row, never by name: the
names are read here from the shipped published files, and no person's name is written in the repository. A small
warehouse is built by the real ETL from the heads of those files (far enough to hold the rows).
"""
from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import pandas as pd
import pytest

from etl import classify
from etl.readers import registers as reg
from kil import warehouse
from tests.conftest import DATA, make_small_data

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "person_like_lines.csv"
NAME_COLUMNS = ("beneficiary name", "supplier name", "supplier", "payee", "vendor name")
DISPLAYED = {"mart_supplier_totals": "display_name", "mart_largest_lines": "supplier",
             "mart_flag_disagreements": "display_name"}
# mart_largest_lines' own labels for suppliers it does not name (etl/sql/mart_largest_lines.sql)
LABELS = ("Individual (name withheld)", "Supplier not identifiable (redacted, blank or a payment run)",
          "Supplier not named (no evidence of an organisation)")


def person_lines() -> list[dict]:
    with FIXTURE.open(newline="") as f:
        return list(csv.DictReader(f))


def name_at(file: str, row: int) -> str:
    """The supplier name of a file's row (row numbered as spend.source_row: the header is row 1)."""
    raw = gzip.decompress((DATA / file).read_bytes())
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")       # Leeds publishes cp1252
    records = list(csv.reader(io.StringIO(text.replace("\r\n", "\n"))))
    header = [h.strip().lower() for h in records[0]]
    column = next(header.index(c) for c in NAME_COLUMNS if c in header)
    return records[row - 1][column].strip()


@pytest.fixture(scope="module")
def people_warehouse(tmp_path_factory) -> Path:
    from etl.build import build

    slices = {("calderdale", "spend", "2021-06"): 400}
    for line in person_lines():
        council, kind, period = Path(line["file"]).parts[-3], Path(line["file"]).parts[-2], \
            Path(line["file"]).name.removesuffix(".csv.gz")
        slices[(council, kind, period)] = max(slices.get((council, kind, period)) or 0, int(line["row"]) + 5)
    data = make_small_data(tmp_path_factory.mktemp("people_data"), slices)
    target = tmp_path_factory.mktemp("people_wh") / "warehouse.duckdb"
    build(target, data)
    return target


@pytest.fixture(scope="module")
def names(people_warehouse) -> list[str]:
    """The person-like names, read from the published files and checked against what the ETL loaded."""
    con = warehouse.connect(people_warehouse, read_only=True)
    try:
        out = []
        for line in person_lines():
            name = name_at(line["file"], int(line["row"]))
            loaded = con.execute("select supplier_name from spend where source_file = $f and source_row = $r",
                                 {"f": line["file"], "r": int(line["row"])}).fetchone()
            assert loaded is not None and loaded[0].strip() == name, (line["file"], line["row"])
            out.append(name)
        return out
    finally:
        con.close()


def readable_text(path: Path):
    """(table, column, values) for every text column of every table the read side may read."""
    con = warehouse.connect(path, read_only=True)
    try:
        present = {t for (t,) in con.execute("select table_name from information_schema.tables").fetchall()}
        for table in warehouse.READABLE:
            if table not in present:
                continue
            columns = con.execute("select column_name from information_schema.columns where table_name = $t "
                                  "and data_type = 'VARCHAR'", {"t": table}).fetchall()
            for (column,) in columns:       # identifiers from the warehouse's own catalogue
                values = con.execute(f'select distinct "{column}" from "{table}" where "{column}" is not null')
                yield table, column, pd.Series([v for (v,) in values.fetchall()], dtype="str")
    finally:
        con.close()


def test_person_like_lines_reach_no_readable_table(people_warehouse, names):
    keys = {classify.normalise_name(n) for n in names} | {n.upper() for n in names}
    found = []
    for table, column, values in readable_text(people_warehouse):
        upper = values.str.upper()
        normalised = classify.normalise_names(values)
        for i, key in enumerate(sorted(keys)):
            pattern = r"\b" + key.replace(" ", r"\s+") + r"\b"
            if upper.str.contains(pattern, regex=True).any() or normalised.str.contains(pattern, regex=True).any():
                found.append((table, column, f"person-like line {i}"))
    assert not found, found


def test_no_displayed_supplier_name_matches_the_person_rules(people_warehouse):
    forenames, _ = classify._register_words(reg.load_registers(DATA))
    con = warehouse.connect(people_warehouse, read_only=True)
    try:
        bad = {}
        for table, column in DISPLAYED.items():
            shown = pd.Series([v for (v,) in con.execute(
                f'select distinct "{column}" from "{table}" where "{column}" is not null').fetchall()], dtype="str")
            shown = shown[~shown.isin(LABELS)]
            keys = classify.normalise_names(shown)
            org_word = keys.str.contains(classify.ORGANISATION_WORDS, regex=True)
            person = classify._first_match(keys, classify.PEOPLE)
            person = person.where(~((person == "honorific") & org_word))
            shaped = classify.person_shaped(keys, forenames)
            hits = person.notna() | shaped
            if hits.any():
                bad[table] = int(hits.sum())      # counts only: never print the names
        assert not bad, bad
    finally:
        con.close()
