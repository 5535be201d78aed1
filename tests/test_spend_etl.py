"""The spend ETL on real files: conservation, totals to the penny, re-publication, atomic failure, real warts."""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from etl.cli import keeps, main as cli, parser
from etl.readers import spend as reader
from kil import config, provenance

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw" / "spend"
BRADFORD = "E08000032"


def published_lines(path: Path, encoding: str = "cp1252") -> list[dict]:
    with gzip.open(path, "rt", encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def pounds(text: str) -> Decimal:
    text = text.replace(",", "").replace("£", "").strip()
    return -Decimal(text[1:-1]) if text.startswith("(") else Decimal(text)


def run_cli(*args) -> tuple[int, dict]:
    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        code = cli([str(a) for a in args])
    text = out.getvalue().strip()
    return code, json.loads(text) if text.startswith("{") else {"text": text}


@pytest.fixture()
def wh_copy(warehouse_file, tmp_path) -> Path:
    dest = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse_file, dest)
    return dest


def count(path: Path, sql: str, params: dict | None = None):
    from kil import warehouse

    c = warehouse.connect(path, read_only=True)
    try:
        return c.execute(sql, params or {}).fetchall()
    finally:
        c.close()


# ------------------------------------------------------------------ conservation and totals

def test_every_line_is_loaded_rejected_or_duplicate(con):
    rows = con.execute("""
        select source_file, rows_read, rows_loaded, rows_rejected, rows_duplicate from loads where status <> 'rejected'
    """).fetchall()
    assert len(rows) > 20
    for source, read, loaded, rejected, duplicate in rows:
        assert read == loaded + rejected + duplicate, source
    spend_rows = con.execute("""
        select l.source_file, l.rows_loaded, count(s.load_id) from loads l left join spend s using (load_id)
        where l.dataset = 'spend' group by all
    """).fetchall()
    for source, loaded, in_table in spend_rows:
        assert loaded == in_table, source
    rejected = con.execute("""
        select l.source_file, l.rows_rejected, count(r.load_id) from loads l left join rejects r using (load_id)
        where l.dataset = 'spend' group by all
    """).fetchall()
    for source, n, in_table in rejected:
        assert n == in_table, source


@pytest.mark.parametrize("month", [f"2019-{m:02d}" for m in range(4, 13)])
def test_bradford_month_reconciles_to_the_penny(con, month):
    lines = published_lines(RAW / "bradford" / "spend" / f"{month}.csv.gz")
    expected = sum(pounds(r["Net Amount"]) for r in lines)
    got = con.execute("select sum(amount), count(*) from spend where council_code = $c and period = $p",
                      {"c": BRADFORD, "p": month}).fetchone()
    assert got[1] == len(lines)
    assert Decimal(got[0]) == expected


def test_bradford_credits_in_brackets_are_negative(con):
    n = con.execute("select count(*) from spend where council_code = $c and period = '2019-11' and amount < 0",
                    {"c": BRADFORD}).fetchone()[0]
    assert n == 627


def test_line_month_is_the_payment_month_not_the_file_period(con):
    # Calderdale card lines published in 2019-12 go back years.
    months = con.execute("""
        select min(month), max(month) from spend where council_code = 'E08000033' and kind = 'card'
    """).fetchone()
    assert months[0].isoformat() < "2019-12-01"   # before the month the file was published
    periods = {p for (p,) in con.execute("select distinct period from spend where kind = 'card' "
                                          "and council_code = 'E08000033'").fetchall()}
    assert periods == {"2019-12"}


def test_newcastle_eleven_fields_under_ten_names_keeps_the_first_line(con):
    first = con.execute("""
        select supplier_name, amount, source_row from spend
        where council_code = 'E08000021' and period = '2022-08' order by source_row limit 1
    """).fetchone()
    assert first == ("18 SEA VIEW VILLAS", Decimal("1847.04"), 2)
    loaded = con.execute("select rows_read, rows_loaded from loads where period = '2022-08'").fetchone()
    assert loaded == (500, 500)


def test_cp1252_text_is_decoded_and_mojibake_kept_as_published(con):
    names = {n for (n,) in con.execute(
        "select supplier_name from spend where council_code = 'E08000035' and period = '2019-12'").fetchall()}
    assert all("\ufffd" not in n for n in names if n)
    calderdale = [n for (n,) in con.execute(
        "select description from spend where council_code = 'E08000033' and period = '2021-06'").fetchall() if n]
    assert calderdale  # the slice loaded


def test_coverage_shows_wakefield_spend_gap_as_missing(con):
    rows = dict(con.execute("""
        select strftime(month, '%Y-%m'), status from coverage
        where council_code = 'E08000036' and dataset = 'spend' and month between '2021-10-01' and '2022-06-01'
    """).fetchall())
    assert rows["2021-10"] == "complete"
    assert rows["2022-01"] in ("missing", "partial")
    assert rows["2022-04"] == "complete"
    statuses = {s for (s,) in con.execute(
        "select distinct status from coverage where council_code = 'E09000012'").fetchall()}
    assert statuses == {"missing"}   # Hackney publishes nothing here


# ------------------------------------------------------------------ loads through the command line

def test_reloading_a_file_is_unchanged_and_adds_nothing(wh_copy):
    before = count(wh_copy, "select count(*), sum(amount) from spend")
    src = RAW / "bradford" / "spend" / "2019-04.csv.gz"
    code, out = run_cli("load", "spend", src, "--council", BRADFORD, "--warehouse", wh_copy, "--json", "--no-copy")
    assert code == 0
    assert out["status"] == "unchanged"
    assert out["rows_duplicate"] == out["rows_read"] == 11160 - 1 or out["rows_duplicate"] == out["rows_read"]
    assert out["rows_loaded"] == 0
    assert count(wh_copy, "select count(*), sum(amount) from spend") == before


def test_republication_loads_new_lines_and_reports_missing_ones(wh_copy, tmp_path):
    src = RAW / "bradford" / "spend" / "2019-05.csv.gz"
    with gzip.open(src, "rb") as f:
        lines = f.read().split(b"\r\n" if b"\r\n" in f.peek(4096) else b"\n")
    body = [l for l in lines[1:] if l]
    # drop 3 lines, repeat one (a second identical payment is a new payment), add one new line
    new_body = body[3:] + [body[10], body[5].replace(b"2019-05", b"2019-05", 1) + b"9"]
    republished = tmp_path / "bradford 2019-05 republished.csv"
    republished.write_bytes(b"\n".join([lines[0], *new_body]) + b"\n")
    before = count(wh_copy, "select count(*) from spend where period = '2019-05'")[0][0]
    code, out = run_cli("load", "spend", republished, "--council", BRADFORD, "--warehouse", wh_copy, "--json",
                        "--no-copy")
    assert code == 0, out
    assert out["period"] == "2019-05"
    assert out["rows_read"] == len(new_body)
    assert out["rows_loaded"] == 2
    assert out["rows_duplicate"] == len(new_body) - 2
    assert out["rows_missing"] == 3
    after = count(wh_copy, "select count(*) from spend where period = '2019-05'")[0][0]
    assert after == before + 2   # nothing deleted


def test_file_without_amount_column_is_rejected_with_an_actionable_message(wh_copy, tmp_path):
    bad = tmp_path / "Bradford 2019-10.csv"
    bad.write_text("Service Code,Service Label,Payment date,Supplier Name\n1,Roads,2019-10-01,ACME\n")
    before = count(wh_copy, "select count(*) from spend")
    code, out = run_cli("load", "spend", bad, "--council", BRADFORD, "--warehouse", wh_copy, "--json", "--no-copy")
    assert code == 1
    assert out["status"] == "rejected"
    assert "no amount column" in out["message"]
    # it says what it saw: the columns whose values could be an amount, and the header as found
    assert "Service Code" in out["message"] and "Supplier Name" in out["message"]
    assert count(wh_copy, "select count(*) from spend") == before
    ledger = count(wh_copy, "select status, message from loads where source_file like '%2019-10.csv'")
    assert ledger and ledger[-1][0] == "rejected"


def test_rejected_lines_reach_the_rejects_mart_without_their_values(wh_copy, tmp_path):
    path = tmp_path / "x 2019-10.csv"
    path.write_text("Payment Date,Supplier Name,Amount\n2019-10-03,MRS A SMITH,12x\n31/02/2019,B,5\n"
                    "2019-10-04,C LTD,6\n", encoding="utf-8")
    code, out = run_cli("load", "spend", path, "--council", BRADFORD, "--warehouse", wh_copy, "--json", "--no-copy")
    assert code == 0 and out["rows_loaded"] == 1 and out["rows_rejected"] == 2
    reasons = dict(count(wh_copy, "select reason, rows from mart_rejects where dataset = 'spend' and "
                                  "council_code = $c", {"c": BRADFORD}))
    assert reasons == {"amount '…' is not a number": 1, "date '…' not recognised": 1}
    assert count(wh_copy, "select count(*) from mart_largest_lines where source_file = 'x 2019-10.csv'") == [(1,)]


def test_a_crash_mid_load_leaves_the_warehouse_as_it_was(wh_copy, tmp_path, monkeypatch):
    from etl import load_spend

    write = load_spend.write

    def write_then_fail(*args, **kwargs):      # the ledger row and the lines written, then a failure
        write(*args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(load_spend, "write", write_then_fail)
    digest = provenance.sha256(wh_copy)
    with pytest.raises(OSError):
        cli(["load", "spend", str(three_lines(tmp_path)), "--council", BRADFORD, "--warehouse", str(wh_copy),
             "--no-copy"])
    assert provenance.sha256(wh_copy) == digest


def test_usage_errors_exit_2(wh_copy):
    assert cli(["load", "spend", "/no/such/file.csv", "--council", BRADFORD, "--warehouse", str(wh_copy)]) == 2
    assert cli(["load", "spend", str(RAW / "bradford/spend/2019-04.csv.gz"), "--council", "Bradford"]) == 2
    assert cli(["frobnicate"]) == 2


def test_check_writes_nothing(wh_copy):
    digest = provenance.sha256(wh_copy)
    code, out = run_cli("check", RAW / "newcastle" / "spend" / "2019-04.csv.gz", "--council", "E08000021",
                        "--warehouse", wh_copy, "--json")
    assert code == 0 and out["status"] == "loaded" and out["rows_loaded"] == out["rows_read"] > 1000
    assert provenance.sha256(wh_copy) == digest


def test_load_into_a_new_warehouse_creates_schema_and_reference(tmp_path):
    target = tmp_path / "new.duckdb"
    code, out = run_cli("load", "spend", RAW / "calderdale" / "spend" / "2020-06.csv.gz", "--council", "E08000033",
                        "--warehouse", target, "--json", "--no-copy")
    assert code == 0 and out["status"] == "loaded"
    assert out["amount_loaded"] == pytest.approx(float(sum(
        pounds(r["Net Amount"]) for r in published_lines(RAW / "calderdale/spend/2020-06.csv.gz", "utf-8"))))
    assert count(target, "select count(*) from councils")[0][0] > 300



def etl_command(*args, cwd: Path, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m etl ...` in a process of its own, run in `cwd`, with no warehouse in the environment and the
    data folder `data_dir` (the repository's data/ when None)."""
    env = {k: v for k, v in os.environ.items() if k not in ("KIL_WAREHOUSE", "KIL_DATA_DIR")}
    env["PYTHONPATH"] = str(ROOT)
    if data_dir is not None:
        env["KIL_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "etl", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def three_lines(folder: Path) -> Path:
    """A small file a new user might try first: no period in its name, and no supplier with a postcode."""
    path = folder / "payments.csv"
    path.write_text("Date,Supplier Name,Amount\n2020-05-01,ACME WIDGETS,12.50\n2020-05-03,BOB,7\n", encoding="utf-8")
    return path


def test_a_new_user_loads_a_small_file_into_a_new_warehouse(tmp_path):
    """README: `python -m etl load spend FILE --council CODE --warehouse NEW_PATH`. It loads, copies nothing into
    the repository's data/, and the ledger names the file by its name, not where it lay on the user's disk."""
    before = sorted(RAW.rglob("*"))
    target = tmp_path / "new.duckdb"
    done = etl_command("load", "spend", three_lines(tmp_path), "--council", BRADFORD, "--warehouse", target,
                       "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    assert out["rows_loaded"] == 2 and out["period"] == "2020-05"
    assert sorted(RAW.rglob("*")) == before
    assert count(target, "select source_file from loads where dataset = 'spend'") == [("payments.csv",)]
    assert count(target, "select count(*) from loads where source_file like '/%'") == [(0,)]
    assert count(target, "select locality, count(*) from suppliers group by 1") == [("unknown", 2)]


def test_keep_copies_the_file_into_the_data_folder_and_the_ledger_names_it_there(small_data, wh_copy, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    done = etl_command("load", "spend", three_lines(tmp_path), "--council", BRADFORD, "--warehouse", wh_copy,
                       "--keep", cwd=tmp_path, data_dir=data)
    assert done.returncode == 0, done.stderr[-3000:]
    kept = data / "raw" / "spend" / "bradford" / "spend" / "2020-05.csv"
    assert kept.exists() and provenance.read(kept)["sha256"] == provenance.sha256(kept)
    ledger = count(wh_copy, "select source_file from loads where period = '2020-05' and council_code = $c",
                   {"c": BRADFORD})
    assert ledger == [("raw/spend/bradford/spend/2020-05.csv",)]


@pytest.mark.parametrize("flags, into_default, kept", [
    ((), True, True), (("--no-copy",), True, False), ((), False, False), (("--keep",), False, True),
])
def test_a_load_keeps_its_file_in_data_by_default_only_for_the_default_warehouse(flags, into_default, kept,
                                                                                 tmp_path):
    target = config.default_warehouse() if into_default else tmp_path / "elsewhere.duckdb"
    args = parser().parse_args(["load", "spend", "x.csv", "--council", BRADFORD, *flags])
    assert keeps(args, target) is kept

# ------------------------------------------------------------------ the forms councils publish in

def bradford_rows():
    lines = published_lines(RAW / "bradford" / "spend" / "2019-11.csv.gz")
    return list(lines[0].keys()), lines[:50]


def test_xlsx_with_title_row_totals_row_and_serial_dates(tmp_path, con):
    import openpyxl

    header, rows = bradford_rows()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["City of Bradford MDC: payments over £500, November 2019"])
    sheet.append([])
    sheet.append(header)
    for r in rows:
        values = [r[h] for h in header]
        d = values[header.index("Payment date")]
        import datetime as dt
        serial = (dt.date.fromisoformat(d) - dt.date(1899, 12, 30)).days
        values[header.index("Payment date")] = serial
        values[header.index("Net Amount")] = float(pounds(values[header.index("Net Amount")]))
        sheet.append(values)
    sheet.append(["", "Total", "", "", "", "", sum(float(pounds(r["Net Amount"])) for r in rows), "", ""])
    path = tmp_path / "Bradford 2019-11.xlsx"
    book.save(path)
    code, out = run_cli("check", path, "--council", BRADFORD, "--json", "--warehouse", tmp_path / "none.duckdb")
    assert code == 0
    assert out["rows_read"] == 51 and out["rows_loaded"] == 50 and out["rows_rejected"] == 1
    assert out["rejects_by_reason"] == {"totals row": 1}
    assert out["amount_loaded"] == pytest.approx(float(sum(pounds(r["Net Amount"]) for r in rows)))
    assert out["period"] == "2019-11"


def test_cp1252_tsv_with_pound_signs_thousands_and_blank_lines(tmp_path):
    header, rows = bradford_rows()
    text = "\t".join(header) + "\r\n"
    for i, r in enumerate(rows[:20]):
        values = [r[h] for h in header]
        a = pounds(values[header.index("Net Amount")])
        values[header.index("Net Amount")] = f"£{a:,.2f}" if i % 2 else f"({-a:,.2f})" if a < 0 else f"£ {a:,.2f}"
        d = values[header.index("Payment date")]
        values[header.index("Payment date")] = f"{d[8:10]}/{d[5:7]}/{d[:4]}" if i % 3 else d
        text += "\t".join(values) + "\r\n" + ("\r\n" if i == 7 else "")
    path = tmp_path / "payments–2019-11.tsv"
    path.write_bytes(text.encode("cp1252"))
    raw = reader.read(path)
    assert raw.encoding == "cp1252" and raw.delimiter == "\t"
    code, out = run_cli("check", path, "--council", BRADFORD, "--json", "--warehouse", tmp_path / "none.duckdb")
    assert out["rows_read"] == 21 and out["rows_loaded"] == 20
    assert out["rejects_by_reason"] == {"blank line": 1}
    assert out["amount_loaded"] == pytest.approx(float(sum(pounds(r["Net Amount"]) for r in rows[:20])))


@pytest.mark.parametrize("text, expected", [
    ("1,234.50", "1234.50"), ("(612.40)", "-612.40"), ("-3.46945E-18", "0"), ("£ 2,000", "2000"),
    ("-12.5", "-12.50"), (" 7 ", "7"), (" £ (612.40) ", "-612.40"), ("£(1,200.00)", "-1200.00"),
])
def test_amount_forms(tmp_path, text, expected):
    path = tmp_path / "x 2020-01.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Date", "Supplier Name", "Amount"])
        w.writerow(["05-Jan-20", "ACME", text])
    from kil import warehouse

    with warehouse.connect(":memory:") as c:
        from etl import load_spend, steps

        steps.schema(c)
        result = load_spend.check(c, path, BRADFORD, "spend", None)
        got = c.execute("select amount, payment_date::varchar from stage").fetchone()
    assert result.rows_loaded == 1, result.rejects
    assert Decimal(got[0]) == Decimal(expected)
    assert got[1] == "2020-01-05"


def test_unparseable_amount_and_date_are_rejected_with_reasons(tmp_path):
    path = tmp_path / "x 2020-01.csv"
    path.write_text("Payment Date,Beneficiary Name,Amount\n2020-01-03,A,12x\n31/02/2020,B,5\n2020-01-04,C,\n"
                    "2020-01-05,D,6\n")
    code, out = run_cli("check", path, "--council", BRADFORD, "--json", "--warehouse", tmp_path / "none.duckdb")
    assert out["rows_read"] == 4 and out["rows_loaded"] == 1 and out["rows_rejected"] == 3
    assert out["rejects_by_reason"] == {"amount '...' is not a number": 1, "date '...' not recognised": 1,
                                        "no amount": 1}


def test_formula_and_markup_in_supplier_names_are_just_text(tmp_path):
    path = tmp_path / "x 2020-02.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Payment Date", "Supplier Name", "Amount"])
        w.writerow(["2020-02-03", '=HYPERLINK("http://x","y")', "10"])
        w.writerow(["2020-02-03", "<script>alert(1)</script>", "11"])
    from kil import warehouse
    from etl import load_spend, steps

    with warehouse.connect(":memory:") as c:
        steps.schema(c)
        load_spend.load(c, path, BRADFORD, source_file="x")
        names = [n for (n,) in c.execute("select supplier_name from spend order by source_row").fetchall()]
    assert names == ['=HYPERLINK("http://x","y")', "<script>alert(1)</script>"]


def test_period_helpers():
    assert reader.period_from_name("2021-Q3-card.csv.gz") == "2021-Q3"
    assert reader.period_from_name("Payments Data 2019.11.csv") is None
    assert reader.period_months("2021-Q4") == ["2022-01", "2022-02", "2022-03"]
    assert reader.period_months("2019-Q1") == ["2019-04", "2019-05", "2019-06"]


def test_nothing_refers_to_the_shared_folder():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or path in (ROOT / "scripts" / "snapshot.py", Path(__file__)):
            continue
        text = path.read_text(encoding="utf-8")
        if "../shared" in text or "/work/shared" in text or "shared/data" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
