"""Column detection (etl/readers/columns.py) on the real layouts councils publish, one case per layout, with values
as published (serial dates, ' £ 3,750.00 ', swapped headers)."""
from __future__ import annotations

import pytest

from etl.readers import columns

LTD = ["ACME LTD", "BETA TRUST", "GAMMA CIC", "DELTA LIMITED", "EPSILON PLC", "ZETA HOUSING ASSOCIATION",
       "ETA SERVICES", "THETA COMMUNITY CENTRE", "IOTA CARE LTD", "KAPPA GROUP"] * 3
AREAS = ["Adult Care & Housing", "Children & Young Peoples Serv", "Finance & Customer Services",
         "Regeneration & Environment", "Public Health", "Assistant Chief Executive", "Central"]


def rows(*columns_):
    return [list(r) for r in zip(*columns_)]


def test_normalise_header_names():
    assert columns.normalise("4. DATE PAID") == "date paid"
    assert columns.normalise("£ SPEND (EXCLUDING VAT") == "spend net"
    assert columns.normalise("Amount Excluding VAT") == "amount net"
    assert columns.normalise("Supplier ID(T)") == "supplier id (t)"
    assert columns.normalise("\ufeff MCH.MERCHANT NAME ") == "mch merchant name"


@pytest.mark.parametrize("header, better, worse", [
    ("payment_date", "4. DATE PAID", "3. DATE INCURRED"),
    ("payment_date", "Date", "Effective Date"),
    ("payment_date", "Payment Date", "Transaction Date"),
    ("amount", "FIN.NET TRANSACTION AMOUNT", "FIN.TAX.TAX AMOUNT"),
    ("amount", "Net Amount", "Gross Amount"),
    ("amount", "Total", "6. SUPPLIER NO."),
    ("supplier_name", "Supplier ID(T)", "Supplier ID"),
    ("supplier_name", "MCH.MERCHANT NAME", "MCH.MERCHANT NAME - ORIGINAL"),
    ("supplier_name", "5. BENEFICIARY", "9. MERCHANT CATEGORY"),
    ("supplier_name", "Supplier Name", "Organisation Name"),
])
def test_names_rank_candidates(header, better, worse):
    assert columns.name_score(header, better) > columns.name_score(header, worse)
    assert columns.name_score(header, better) > 0


def test_hackney_layout():
    header = ["1. YEAR", "2. MONTH", "3. DATE INCURRED", "4. DATE PAID", "5. BENEFICIARY", "6. SUPPLIER NO.",
              "7. DEPARTMENT", "8. PURPOSE OF EXPENDITURE", "9. MERCHANT CATEGORY", "Total"]
    n = len(LTD)
    body = rows(["2023/24"] * n, ["APRIL"] * n, ["27/03/23"] * n, [f"{d:02d}/04/23" for d in range(1, n + 1)],
                LTD, [str(824000 + i) for i in range(n)], ["N2003 LEGAL"] * n, ["500005 EXTERNAL"] * n,
                ["LEGAL SERVICES", "CATERING"] * (n // 2), [" £ 3,750.00 ", "(612.40)", "1,200.00-"] * (n // 3))
    got = columns.detect(header, body)
    assert got.report()["columns"] == {"date": "4. DATE PAID", "supplier": "5. BENEFICIARY",
                                       "amount": "Total"}
    assert got.date_order == "dmy"
    assert "parse as money" in got.choices["amount"].evidence


def test_kirklees_serial_dates_and_vendor_number():
    header = ["Payment Date", "Transaction Number", "Amount Excluding VAT", "Vendor Number", "Vendor Name"]
    n = len(LTD)
    body = rows(["45019"] * n, [str(1700022255 + i) for i in range(n)], ["-950", "4575"] * (n // 2),
                [str(340298 + i) for i in range(n)], LTD)
    got = columns.detect(header, body).report()["columns"]
    assert got == {"date": "Payment Date", "supplier": "Vendor Name", "amount": "Amount Excluding VAT"}


def test_kirklees_cards_month_first_and_two_merchant_names():
    header = ["FIN.TRANSACTION DATE", "MCH.MERCHANT NAME - ORIGINAL", "FIN.NET TRANSACTION AMOUNT",
              "FIN.TAX.TAX AMOUNT", "MCH.MERCHANT NAME"]
    n = len(LTD)
    body = rows(["01/01/2024", "11/14/2023", "03/01/2024"] * (n // 3), LTD, ["8.32"] * n, ["1.67"] * n, LTD)
    got = columns.detect(header, body)
    assert got.report()["columns"]["supplier"] == "MCH.MERCHANT NAME"
    assert got.report()["columns"]["amount"] == "FIN.NET TRANSACTION AMOUNT"
    assert got.date_order == "mdy"


def test_rotherham_swapped_header_is_read_by_content_and_says_so():
    header = ["BODY", "NAME", "EXPENSE AREA", "EXPENSE TYPE", "REFERENCE", "DATE", "AMOUNT"]
    n = 210
    body = rows(["Rotherham Metropolitan Borough Council"] * n, (AREAS * n)[:n],
                [f"SUPPLIER {i} LTD" if i % 3 else f"PERSON {i}" for i in range(n)],
                (["Water Services", "Legal Services", "Public Health & Care Services"] * n)[:n],
                [str(10807789 + i) for i in range(n)], ["45091"] * n, ["-44.69", "656"] * (n // 2))
    got = columns.detect(header, body)
    assert got.report()["columns"]["supplier"] == "EXPENSE AREA"
    assert got.swapped == {"service_area": 1}
    assert "NAME" in got.warnings[0] and "service area" in got.warnings[0]


def test_a_tie_nothing_separates_is_undecided_naming_both():
    header = ["Date", "Supplier", "Amount", "Amount"]
    n = len(LTD)
    body = rows(["2023-04-03"] * n, LTD, ["10"] * n, ["20"] * n)
    with pytest.raises(columns.Undecided, match="'Amount' from 'Amount'"):
        columns.detect(header, body)


def test_two_candidates_that_agree_are_one():
    header = ["Date", "Supplier", "Amount", "Value"]
    n = len(LTD)
    body = rows(["2023-04-03"] * n, LTD, ["10"] * n, ["10"] * n)
    assert columns.detect(header, body).report()["columns"]["amount"] == "Amount"


def test_no_amount_column_names_what_could_be():
    header = ["Date", "Supplier", "Reference"]
    n = len(LTD)
    body = rows(["2023-04-03"] * n, LTD, [str(100 + i) for i in range(n)])
    with pytest.raises(columns.Undecided, match="no amount column.*Reference"):
        columns.detect(header, body)


@pytest.mark.parametrize("values, order", [
    (["01/04/2023", "13/04/2023"], "dmy"), (["04/01/2023", "04/13/2023"], "mdy"), (["01/02/2023"], "either"),
    (["13/01/2023", "01/13/2023"], "mixed"), (["2023-04-13"], None)])
def test_day_month_order_from_the_values(values, order):
    assert columns.day_month_order(values) == order


def test_an_order_the_values_never_say_is_decided_by_the_file_period_or_not_at_all():
    values = ["01/04/2023", "03/04/2023", "12/04/2023"]
    assert columns.order_by_period(values, ["2023-04"]) == "dmy"
    assert columns.order_by_period(["04/01/2023", "04/03/2023"], ["2023-04"]) == "mdy"
    assert columns.order_by_period(["04/04/2023"], ["2023-04"]) is None        # both orders fit
