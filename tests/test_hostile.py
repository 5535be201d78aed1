"""Hostile spend files, made by the tests: each ends as a clean rejection a person can act on, or loads with every
line loaded, rejected or a duplicate. A rejected file leaves the warehouse as it was, but for its ledger row."""
from __future__ import annotations

import csv
import gzip
import os
import random
import zlib
from pathlib import Path

import pytest

from etl import load_spend, steps
from etl.readers import spend as reader
from kil import warehouse

BRADFORD = "E08000032"
HEADER = ["Payment Date", "Supplier Name", "Amount"]
GOOD = [["2020-01-03", "ACME LTD", "12.50"], ["2020-01-04", "BETA TRUST", "(7.00)"],
        ["2020-01-05", "GAMMA CIC", "1,000.00"], ["2020-01-06", "DELTA LIMITED", "3"],
        ["2020-01-07", "EPSILON PLC", "4.25"]]


def many(n: int) -> list[list[str]]:
    """n lines a council might publish: a supplier each, no quotes."""
    return [[f"2020-01-{i % 28 + 1:02d}", f"SUPPLIER {i} LTD", f"{i}.{i % 100:02d}"] for i in range(n)]


def csv_bytes(header, rows, encoding="utf-8") -> bytes:
    lines = [",".join(f'"{c}"' if ("," in c or '"' in c) and not c.startswith('"') else c for c in r)
             for r in [header, *rows]]
    return ("\n".join(lines) + "\n").encode(encoding)


def write_csv(path: Path, header, rows) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture()
def wh():
    with warehouse.connect(":memory:") as c:
        steps.schema(c)
        yield c


def state(con):
    return (con.execute("select count(*), sum(amount) from spend").fetchall(),
            con.execute("select count(*) from rejects").fetchall(),
            con.execute("select load_id, status, source_file from loads order by load_id").fetchall())


def run(con, path: Path, period: str | None = None, check_first: bool = True):
    """check (writes nothing) then load inside a transaction; asserts what each outcome must leave behind.
    check_first=False for the slow cases (10,000 columns: some seconds a read)."""
    before = state(con)
    checked = load_spend.check(con, path, BRADFORD, "spend", period) if check_first else None
    assert state(con) == before
    con.execute("begin")
    result = load_spend.load(con, path, BRADFORD, "spend", period, source_file=path.name)
    con.execute("commit")
    assert checked is None or (result.status, result.message) == (checked.status, checked.message)
    (spend, rejects, loads) = state(con)
    assert loads[:-1] == before[2] and loads[-1][1:] == (result.status, path.name)
    if result.status == "rejected":
        assert result.message.startswith(path.name + ":"), result.message
        assert (spend, rejects) == before[:2]          # nothing partial: only the ledger's rejected row
    else:
        assert result.conserved(), result
        assert spend[0][0] == before[0][0][0] + result.rows_loaded
        assert rejects[0][0] == before[1][0][0] + result.rows_rejected
    return result


def rejected(con, path: Path, *words: str, check_first: bool = True):
    result = run(con, path, check_first=check_first)
    assert result.status == "rejected", result
    for word in words:
        assert word in result.message, result.message
    return result


# ------------------------------------------------------------------ broken containers

def test_truncated_gzip(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv.gz"
    path.write_bytes(gzip.compress(csv_bytes(HEADER, many(1000)))[:-20])
    rejected(wh, path, "gzip", "truncated", "again")


def test_gzip_that_is_not_gzip(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv.gz"
    path.write_bytes(b"\x1f\x8b" + os.urandom(200))
    rejected(wh, path, "gzip", "damaged")


def test_zip_bomb_is_refused_before_it_fills_memory(wh, tmp_path):
    """A gzip of a few MB that inflates to more than reader.MAX_TEXT_BYTES (concatenated members of one block)."""
    block = csv_bytes(HEADER, GOOD * 2000)
    member = gzip.compress(block * (16 * 2**20 // len(block)), compresslevel=9)
    members = reader.MAX_TEXT_BYTES // (16 * 2**20) + 2
    path = tmp_path / "x 2020-01.csv.gz"
    with open(path, "wb") as f:
        for _ in range(members):
            f.write(member)
    assert path.stat().st_size < 20 * 2**20
    rejected(wh, path, "inflates to more than", "MB")


def test_xlsx_that_is_not_a_zip(wh, tmp_path):
    path = tmp_path / "x 2020-01.xlsx"
    path.write_bytes(csv_bytes(HEADER, GOOD))
    rejected(wh, path, "not a readable spreadsheet")


def test_binary_data(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    path.write_bytes(random.Random(1).randbytes(20000))
    rejected(wh, path, "binary")


def test_nul_bytes_after_the_first_4_kb(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    path.write_bytes(csv_bytes(HEADER, many(1500)) + b"2020-01-08,ZETA\x00 LTD,5\n")
    result = run(wh, path)
    assert result.status == "loaded" and result.rows_read == 1501


def test_empty_file(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    path.write_bytes(b"")
    rejected(wh, path, "no header")


# ------------------------------------------------------------------ text that is there but wrong

def test_mixed_encodings_in_one_file(wh, tmp_path):
    """UTF-8 and cp1252 lines in one file (two files pasted together): each line read in its own encoding."""
    data = csv_bytes(HEADER, GOOD)
    data += "2020-01-08,CAFÉ LTD,£12.50\n".encode("utf-8") + "2020-01-09,CAFÉ LTD,£13.50\n".encode("cp1252")
    path = tmp_path / "x 2020-01.csv"
    path.write_bytes(data)
    result = run(wh, path)
    assert result.status == "loaded" and result.rows_loaded == len(GOOD) + 2, result
    names = [n for (n,) in wh.execute("select supplier_name from spend order by source_row").fetchall()]
    assert names[-2:] == ["CAFÉ LTD", "CAFÉ LTD"]
    assert wh.execute("select sum(amount) from spend where supplier_name = 'CAFÉ LTD'").fetchone()[0] == 26


def test_a_1_mb_line_with_no_delimiter(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    path.write_bytes(b"A" * 2**20)
    rejected(wh, path, "line 1", "longer than any spend file")


def test_a_1_mb_field_in_a_data_line(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    write_csv(path, HEADER + ["Description"], [r + ["ok"] for r in GOOD] + [["2020-01-09", "ZETA LTD", "5",
                                                                               "x" * 2**20]])
    rejected(wh, path, "line 7", "longer than any spend file")


def test_a_quote_never_closed(wh, tmp_path):
    """A stray quote swallows the rest of the file into one field: longer than any real field."""
    path = tmp_path / "x 2020-01.csv"
    path.write_bytes(csv_bytes(HEADER, many(5)) + b'2020-01-09,"ZETA LTD,5\n' + csv_bytes(HEADER, many(6000))[34:])
    rejected(wh, path, "line 7", "quote opened there is never closed")


def test_ten_thousand_columns(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    extra = [f"Extra {j}" for j in range(10_000 - len(HEADER))]
    write_csv(path, HEADER + extra, [r + [str(j) for j in range(len(extra))] for r in GOOD])
    result = run(wh, path, check_first=False)
    assert result.status == "loaded" and result.rows_loaded == len(GOOD), result


def test_ten_thousand_unnamed_columns_are_rejected(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    header = [f"c{j}" for j in range(10_000)]
    write_csv(path, header, [["x"] * 10_000 for _ in range(5)])
    rejected(wh, path, "no date column", "no supplier column", "no amount column", check_first=False)


def test_duplicate_header_names_with_different_values(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    write_csv(path, HEADER + ["Amount"], [r + ["99"] for r in GOOD])
    rejected(wh, path, "cannot tell 'Amount' from 'Amount'", "map the amount column")


def test_duplicate_header_names_with_the_same_values(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    write_csv(path, HEADER + ["Supplier Name"], [r + [r[1]] for r in GOOD])
    result = run(wh, path)
    assert result.status == "loaded" and result.rows_loaded == len(GOOD)


def test_header_only(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    write_csv(path, HEADER + ["Service Label"], [])
    rejected(wh, path, "no lines", "under the header")


def test_header_and_blank_lines_only(wh, tmp_path):
    path = tmp_path / "x 2020-01.csv"
    path.write_bytes(b"Payment Date,Supplier Name,Amount\n\n,,\n\n")
    rejected(wh, path, "no lines", "under the header")


HOSTILE_TEXT = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+SUM(A1:A9) LTD", "@SUM(1+1) TRUST",
                "-2+3 abc", "<script>alert(1)</script>", '<img src=x onerror="alert(1)">',
                "Robert'); drop table spend; --", "' or '1'='1", "$name; select * from loads", "\\N NULL null",
                "x\u202ey LTD", "%total_none%"]


def test_formula_html_and_sql_in_every_text_field_are_kept_as_text(wh, tmp_path):
    text_fields = ["Supplier ID", "Service Label", "Expense Type", "Description", "VCSE", "Charity Number",
                   "Company Number"]
    header = ["Payment Date", "Supplier Name", *text_fields, "Amount"]
    rows = [[f"2020-01-{i % 28 + 1:02d}", f"{v} LTD", *[v] * len(text_fields), f"{i}.50"]
            for i, v in enumerate(HOSTILE_TEXT)]
    path = write_csv(tmp_path / "x 2020-01.csv", header, rows)
    result = run(wh, path)
    assert result.status == "loaded" and result.rows_loaded == len(rows), result
    got = wh.execute("""select supplier_name, supplier_id, service_area, expense_type, description, vcse_flag,
                               charity_number, company_number from spend order by source_row""").fetchall()
    assert got == [(f"{v} LTD", *[v] * len(text_fields)) for v in HOSTILE_TEXT]
    assert wh.execute("select count(*) from loads").fetchone()[0] == 1


def test_hostile_text_through_the_python_reader_too(wh, tmp_path):
    """A record spanning lines sends the file the Python way (etl/readers/spend.py), not DuckDB's read_csv."""
    rows = [["2020-01-03", f"{v}\nLTD", v, "1"] for v in HOSTILE_TEXT]
    path = write_csv(tmp_path / "x 2020-01.csv", HEADER[:2] + ["Description", "Amount"], rows)
    result = run(wh, path)
    assert result.status == "loaded" and result.rows_loaded == len(rows), result
    got = wh.execute("select supplier_name, description from spend order by source_row").fetchall()
    assert got == [(f"{v}\nLTD", v) for v in HOSTILE_TEXT]
