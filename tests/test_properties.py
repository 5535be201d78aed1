"""Properties of the spend reader over generated input (hypothesis, bounded so the file runs in seconds): header
names, dates and amounts never raise; every amount form stages to the same value; and a whole generated file, in
any alias, order, encoding and with garbage lines, is either loaded with every line accounted for or rejected with
a message."""
from __future__ import annotations

import csv
import io
import random
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from etl import load_spend, steps
from etl.readers import columns
from kil import warehouse

BRADFORD = "E08000032"
FAST = settings(max_examples=100, deadline=None, database=None)
FILES = settings(max_examples=40, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])


def memory_warehouse():
    con = warehouse.connect(":memory:")
    steps.schema(con)
    return con


# ------------------------------------------------------------------ names, dates, amounts: never raise

@FAST
@given(st.text(max_size=60))
def test_normalise_is_idempotent_and_never_raises(name):
    once = columns.normalise(name)
    assert columns.normalise(once) == once
    for field_name in columns.REQUIRED:
        assert isinstance(columns.name_score(field_name, name), int)


@FAST
@given(st.text(max_size=40) | st.from_regex(r"\d{1,3}[/.\- ]\w{1,9}[/.\- ,]*\d{1,5}( .*)?", fullmatch=True))
def test_date_shape_never_raises(text):
    assert columns.date_shape(text) in (None, "iso", "named", "serial", "numeric")


@FAST
@given(st.lists(st.text(max_size=20) | st.from_regex(r"\d{1,9}[/.\-]\d{1,9}[/.\-]\d{2,4}", fullmatch=True),
                max_size=20))
def test_day_month_order_never_raises(values):
    assert columns.day_month_order(values) in (None, "dmy", "mdy", "either", "mixed")


@FAST
@given(st.text(max_size=30))
def test_parse_money_never_raises(text):
    assert columns.parse_money(text) in (True, False)


def money_forms(value: Decimal) -> dict[str, Decimal]:
    """The forms councils write an amount in -> the value each means."""
    a = f"{abs(value):,.2f}"
    return {a: abs(value), f" £ {a} ": abs(value), f"£{a}": abs(value), f"({a})": -abs(value),
            f"{a}-": -abs(value), f"{value:.2f}": value}


@settings(max_examples=25, deadline=None, database=None)
@given(st.decimals(min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2,
                   allow_nan=False, allow_infinity=False))
def test_every_amount_form_stages_to_the_same_value(value):
    forms = money_forms(value)
    for text in forms:
        assert columns.parse_money(text), text
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x 2020-01.csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["Payment Date", "Supplier Name", "Amount"])
            for i, text in enumerate(forms):
                w.writerow([f"2020-01-{i + 1:02d}", f"SUPPLIER {i} LTD", text])
        with memory_warehouse() as con:
            result = load_spend.check(con, path, BRADFORD, "spend", None)
            got = [a for (a,) in con.execute("select amount from stage order by idx").fetchall()]
    assert result.rows_loaded == len(forms), result.rejects
    assert [Decimal(a) for a in got] == list(forms.values()), list(forms)


# ------------------------------------------------------------------ whole generated files

DATES = ("Payment Date", "4. DATE PAID", "FIN.TRANSACTION DATE", "Date Paid", "Transaction Date")
SUPPLIERS = ("Supplier Name", "5. BENEFICIARY", "Vendor Name", "Payee", "Supplier")
AMOUNTS = ("Net Amount", "Total", "£ SPEND (EXCLUDING VAT)", "Amount", "Value (£)")
EXTRAS = ("Service Label", "Expense Type", "Description", "Transaction Number", "Directorate", "VAT", "Notes")


@st.composite
def spend_files(draw):
    """(file bytes, file name, lines the file holds after its header, whether every line is a good payment)."""
    header = [draw(st.sampled_from(DATES)), draw(st.sampled_from(SUPPLIERS)), draw(st.sampled_from(AMOUNTS))]
    extras = draw(st.lists(st.sampled_from(EXTRAS), max_size=4, unique=True))
    order = draw(st.permutations(range(len(header) + len(extras))))
    n = draw(st.integers(min_value=1, max_value=60))
    seed = draw(st.integers(min_value=0, max_value=2**32))
    date_form = draw(st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%d-%b-%Y", "%d/%m/%y"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    delimiter = draw(st.sampled_from([",", "\t"]))
    garbage = draw(st.lists(st.tuples(st.integers(min_value=0, max_value=n),
                                      st.text(alphabet=st.characters(codec="cp1252", exclude_characters="\r\n"),
                                              max_size=40)), max_size=4))
    rng = random.Random(seed)
    import datetime as dt

    rows = []
    for i in range(n):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(0, 31))
        if i == 0:
            day = dt.date(2020, 1, 13 + rng.randrange(0, 18))    # one day above 12: the order is told
        pounds = Decimal(rng.randrange(-10**8, 10**8)) / 100
        amount = rng.choice([f"{pounds:.2f}", f"£{abs(pounds):,.2f}" if pounds >= 0 else f"({abs(pounds):,.2f})"])
        cells = [day.strftime(date_form), f"{rng.choice(['ACME', 'CAFÉ £', 'Ōmega', 'BETA'])} {i} LTD", amount]
        cells += [f"{e} {rng.randrange(100)}" for e in extras]
        rows.append([cells[j] for j in order])
    if encoding == "cp1252":
        rows = [[c.replace("Ō", "O") for c in r] for r in rows]
    lines = []
    for r in [[([*header, *extras])[j] for j in order], *rows]:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="").writerow(r)
        lines.append(out.getvalue())
    for at, text in sorted(garbage, reverse=True):
        lines.insert(at + 1, text)
    text = "\r\n".join(lines) + "\r\n"
    name = f"x {draw(st.sampled_from(['2020-01', 'payments']))}.{'tsv' if delimiter == chr(9) else 'csv'}"
    return text.encode(encoding, errors="replace"), name, n + len(garbage), not garbage


@FILES
@given(spend_files())
def test_a_generated_file_is_loaded_with_every_line_accounted_for_or_rejected_with_a_message(case):
    data, name, lines, clean = case
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with memory_warehouse() as con:
            result = load_spend.check(con, path, BRADFORD, "spend", None)
            if result.status == "rejected":
                assert result.message.startswith(name + ":") and len(result.message) > len(name) + 10
                assert not clean, result.message
                return
            con.execute("begin")
            loaded = load_spend.write(con, result, source_file=name)
            con.execute("commit")
            in_table = con.execute("select count(*) from spend").fetchone()[0]
    assert result.conserved(), result
    assert loaded.rows_loaded == in_table
    if clean:
        assert result.rows_read == lines and result.rows_loaded == lines and not result.rejects, result.rejects
