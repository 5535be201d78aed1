"""Exports (dashboard/export/): data files parse back to the rows on screen, text cells cannot run as formulas,
images are rendered at the size asked for, the page bundle holds what it says, and the command line works.

Runs against the small real warehouse from conftest.py (`warehouse_file`). Image tests need Debian's chromium:
outside CI they skip without it; in CI (env CI set) they never skip.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dashboard.export import about, data, images, quiet_streamlit
from dashboard.export.bundle import bundle, bundle_name

ROOT = Path(__file__).resolve().parent.parent
BRADFORD, BRISTOL = "E08000032", "E06000023"
IN_CI = bool(os.environ.get("CI"))
HAS_BROWSER = images.browser_path() is not None
needs_browser = pytest.mark.skipif(not HAS_BROWSER and not IN_CI,
                                   reason="Debian's chromium (/usr/bin/chromium) is not installed")
INJECTIONS = ['=HYPERLINK("x")', "+1", "-cmd", "@SUM(A1:A2)", "\tx", "\rx"]


@pytest.fixture(scope="module", autouse=True)
def warehouse_env(warehouse_file):
    mp = pytest.MonkeyPatch()
    mp.setenv("KIL_WAREHOUSE", str(warehouse_file))
    quiet_streamlit()
    yield warehouse_file
    mp.undo()


def filters(council: str = BRADFORD, measure: str = "total", period: str = "fy"):
    from dashboard.filters import Filters

    return Filters(council, "network", period, None, measure)


def view(page: str, council: str = BRADFORD, measure: str = "total", **options):
    from dashboard import views

    return views.build(page, filters(council, measure), options)


# ----------------------------------------------------------------------------------------------- helpers

def unneutralise(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(data.FORMULA_START):
        return value[1:]
    return value


def assert_same(shown: pd.DataFrame, back: pd.DataFrame, fmt: str) -> None:
    """A file read back equals the rows on screen: same columns, rows, numbers typed and equal, text equal."""
    assert list(back.columns) == list(shown.columns), fmt
    assert len(back) == len(shown), fmt
    for col in shown.columns:
        s, b = shown[col].reset_index(drop=True), back[col].reset_index(drop=True)
        if pd.api.types.is_bool_dtype(s):
            assert [bool(v) if pd.notna(v) else None for v in b] == [bool(v) if pd.notna(v) else None for v in s], \
                (fmt, col)
        elif pd.api.types.is_numeric_dtype(s):
            assert pd.api.types.is_numeric_dtype(b), f"{fmt}: {col} read back as {b.dtype}, not a number"
            np.testing.assert_allclose(b.astype("float64").to_numpy(), s.astype("float64").to_numpy(),
                                       rtol=1e-12, equal_nan=True, err_msg=f"{fmt}: {col}")
        elif pd.api.types.is_datetime64_any_dtype(s):
            assert (pd.to_datetime(b).fillna(pd.Timestamp(0)).to_numpy() ==
                    s.fillna(pd.Timestamp(0)).to_numpy()).all(), (fmt, col)
        else:
            def norm(v):
                if v is None or (not isinstance(v, str) and pd.isna(v)):
                    return ""
                return str(unneutralise(v))
            # CSV and XLSX carry text; a mixed object column (True/None) comes back as its text
            assert [norm(v) for v in b] == [norm(v) for v in s], (fmt, col)


def read_back(content: bytes, fmt: str, shown: pd.DataFrame) -> pd.DataFrame:
    text_cols = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c])
                 and not pd.api.types.is_datetime64_any_dtype(shown[c])]
    if fmt == "csv":
        return pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", keep_default_na=False, na_values=[""],
                           dtype={c: str for c in text_cols if not pd.api.types.is_bool_dtype(shown[c])})
    if fmt == "xlsx":
        return pd.read_excel(io.BytesIO(content), sheet_name="data", engine="openpyxl", keep_default_na=False,
                             na_values=[""],
                             dtype={c: str for c in text_cols if not pd.api.types.is_bool_dtype(shown[c])})
    return pd.read_parquet(io.BytesIO(content))


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


# ----------------------------------------------------------------------------------------------- data

ROUNDTRIP = [("overview", BRADFORD), ("local_spend", BRADFORD), ("local_spend", BRISTOL),
             ("asset_transfers", BRISTOL), ("social_care", BRISTOL), ("compare_areas", BRADFORD),
             ("covid_context", BRADFORD), ("data_and_methods", BRADFORD), ("neighbourhoods", BRADFORD)]


@pytest.mark.parametrize("page,council", ROUNDTRIP)
@pytest.mark.parametrize("fmt", data.FORMATS)
def test_data_parses_back_to_the_rows_on_screen(page, council, fmt):
    v = view(page, council)
    assert v.items or v.empty
    for item in v.items:
        shown = data.table(item, v.filters.measure)
        assert len(shown) == len(item.data)
        back = read_back(data.data_bytes(item, v.filters.measure, fmt), fmt, shown)
        if fmt == "parquet":   # exact values, nothing neutralised
            pd.testing.assert_frame_equal(back, shown.reset_index(drop=True), check_dtype=False)
        assert_same(shown, back, f"{page}/{item.id}.{fmt}")


def test_spend_items_carry_units_in_column_names():
    v = view("local_spend", BRADFORD)
    item = next(i for i in v.items if i.id == "spend-by-class")
    cols = list(data.table(item, "total").columns)
    assert "value (£)" in cols and "amount (£)" in cols and "value" not in cols
    v2 = view("local_spend", BRADFORD, measure="per_head")
    item2 = next(i for i in v2.items if i.id == "spend-by-class")
    assert "value (£ per resident)" in data.table(item2, "per_head").columns
    compare = next(i for i in view("compare_areas", BRADFORD).items if i.id.startswith("compare-"))
    assert "value (share 0-1)" in data.table(compare, "total").columns


def test_unit_names_mapping():
    from dashboard.views import Item

    item = Item("x", "x", pd.DataFrame({"amount": [1.0], "value": [2.0], "vcse_share": [0.5], "label": ["a"],
                                        "local_share": [0.1]}), ())
    assert data.unit_names(item, "per_head") == {"amount": "amount (£)", "value": "value (£ per resident)",
                                                   "vcse_share": "vcse_share (share 0-1)",
                                                   "local_share": "local_share (share 0-1)"}


def test_xlsx_has_an_about_sheet():
    v = view("covid_context", BRADFORD)
    item = v.items[0]
    xlsx = data.data_bytes(item, "total", "xlsx", about.sheet(item, v.filters, v.council_name,
                                                              about.build_info()["built_at"]))
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert wb.sheetnames == ["data", "about"]
    sheet = {r[0]: r[1] for r in wb["about"].iter_rows(min_row=2, values_only=True)}
    assert "UKHSA" in sheet["source and licence"] and "Open Government Licence" in sheet["source and licence"]


# ----------------------------------------------------------------------------------------------- what the chart shows

def test_class_shares_file_holds_the_plotted_share_and_its_base():
    from kil.classes import EXTERNAL_CLASSES

    item = next(i for i in view("local_spend", BRADFORD).items if i.id == "class-shares")
    back = pd.read_csv(io.BytesIO(data.data_bytes(item, "total", "csv")), encoding="utf-8-sig")
    assert {"amount (£)", "share_of_external (share 0-1)", "external_amount (£)"} <= set(back.columns)
    assert set(back["category"]) <= set(EXTERNAL_CLASSES), "only the classes the chart plots"
    np.testing.assert_allclose(back["share_of_external (share 0-1)"], back["amount (£)"] / back["external_amount (£)"],
                               rtol=1e-9)
    plotted = sorted(y for trace in item.fig.data for y in trace.y)
    np.testing.assert_allclose(sorted(back["share_of_external (share 0-1)"]), plotted, rtol=1e-12)


def test_compare_areas_files_say_their_indicator_and_period():
    from kil import indicators

    v = view("compare_areas", BRADFORD, indicator="unknown_share")
    for item in v.items:
        back = pd.read_csv(io.BytesIO(data.data_bytes(item, "total", "csv")), encoding="utf-8-sig")
        assert set(back["indicator"]) == {indicators.UNKNOWN_SHARE.name}, item.id
        assert back["period"].notna().all(), item.id
    bars = v.items[0]
    assert set(bars.data["period"]) == {v.options["period"]}


def test_xlsx_holds_numbers_as_numbers():
    """The overview's headline table: today "32.7%" and "'-0.6 points" as text; now the value and the change are
    numbers (in the unit column's unit) and the tile's text is plain text beside them."""
    v = view("overview", BRADFORD)
    item = next(i for i in v.items if i.id == "principles")
    ws = openpyxl.load_workbook(io.BytesIO(data.data_bytes(item, "total", "xlsx")))["data"]
    header = [c.value for c in ws[1]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=2)]
    with_value = [r for r in rows if r["value"].value is not None]
    assert with_value and all(r["value"].data_type == "n" for r in with_value)
    assert all(r["change"].data_type == "n" for r in rows if r["change"].value is not None)
    assert not [c.value for r in rows for c in r.values() if isinstance(c.value, str) and c.value.startswith("'")]
    shares = [r for r in with_value if r["unit"].value == "share 0-1"]
    assert shares and all(0 <= r["value"].value <= 1 for r in shares)
    assert any(r["shown"].value.endswith("%") or "%," in r["shown"].value for r in shares)


def test_counts_are_integers():
    v = view("local_spend", BRADFORD)
    item = next(i for i in v.items if i.id == "spend-by-locality")
    assert item.data["lines"].dtype.kind == "f", "the fixture: a sum with gaps comes back as float"
    rows = list(csv.DictReader(io.StringIO(data.data_bytes(item, "total", "csv").decode("utf-8-sig"))))
    assert rows and all("." not in r["lines"] for r in rows if r["lines"])
    loads = next(i for i in view("data_and_methods", BRADFORD).items if i.id == "loads")
    ws = openpyxl.load_workbook(io.BytesIO(data.data_bytes(loads, "total", "xlsx")))["data"]
    header = [c.value for c in ws[1]]
    col = header.index("rows_read")
    assert all(isinstance(r[col].value, int) for r in ws.iter_rows(min_row=2) if r[col].value is not None)
    assert pd.read_parquet(io.BytesIO(data.data_bytes(loads, "total", "parquet")))["rows_read"].dtype.kind in "iu" \
        or str(pd.read_parquet(io.BytesIO(data.data_bytes(loads, "total", "parquet")))["rows_read"].dtype) == "Int64"


def test_values_at_their_published_precision():
    from dashboard.views import Item

    median = 76.44999999999999     # a median of published one-decimal values, as a float sum left it
    item = Item("care", "Care", pd.DataFrame({"measure_id": ["ASC3"], "group_median": [median],
                                               "value": [0.1 + 0.2]}), ())
    text = data.data_bytes(item, "total", "csv").decode("utf-8-sig")
    assert "76.45" in text and "76.4499" not in text and "0.30000000000000004" not in text
    ws = openpyxl.load_workbook(io.BytesIO(data.data_bytes(item, "total", "xlsx")))["data"]
    assert ws["B2"].value == 76.45 and ws["C2"].value == 0.3
    assert pd.read_parquet(io.BytesIO(data.data_bytes(item, "total", "parquet")))["group_median"][0] == median, \
        "Parquet keeps the exact value"


# ----------------------------------------------------------------------------------------------- injection

def injection_item():
    from dashboard.views import Item

    df = pd.DataFrame({"supplier": INJECTIONS + ["Plain Trust", "a=b"],
                       "amount": [-1250.5, 10.0, -3.0, 4.0, 5.0, -6.0, 7.0, -0.01],
                       "lines": [1, 2, 3, 4, 5, 6, 7, 8]})
    return Item("injection", "Injection", df, ("spend",))


def test_csv_neutralises_formulas_and_keeps_numbers():
    item = injection_item()
    content = data.data_bytes(item, "total", "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["supplier", "amount (£)", "lines"]
    for raw, row in zip(INJECTIONS, rows[1:]):
        assert row[0] == "'" + raw, row
    assert rows[7][0] == "Plain Trust" and rows[8][0] == "a=b"
    amounts = [float(r[1]) for r in rows[1:]]
    assert amounts == list(item.data["amount"])
    assert rows[1][1].startswith("-"), "a credit is a negative number, not neutralised text"
    back = read_back(content, "csv", data.table(item, "total"))
    assert back["amount (£)"].dtype.kind == "f" and back["amount (£)"].min() < 0
    assert [unneutralise(v) for v in back["supplier"]] == list(item.data["supplier"])


def test_csv_is_utf8_with_a_byte_order_mark_and_crlf_line_ends():
    from dashboard.views import Item

    item = Item("lines", "Lines", pd.DataFrame({"supplier": ["Café £ Ltd", "two\nlines"], "amount": [1.5, -2.0]}),
                ())
    content = data.data_bytes(item, "total", "csv")
    assert content.startswith(codecs.BOM_UTF8)
    text = content[len(codecs.BOM_UTF8):].decode("utf-8")
    assert text == 'supplier,amount (£)\r\nCafé £ Ltd,1.5\r\n"two\nlines",-2.0\r\n'


def test_xlsx_stores_text_as_text_and_keeps_negative_numbers():
    """XLSX types its cells: a text that looks like a formula is a text cell, shown as written (no leading quote,
    which Excel would show); CSV keeps its guard (test_csv_neutralises_formulas_and_keeps_numbers)."""
    item = injection_item()
    wb = openpyxl.load_workbook(io.BytesIO(data.data_bytes(item, "total", "xlsx")))
    ws = wb["data"]
    header = [c.value for c in ws[1]]
    assert header == ["supplier", "amount (£)", "lines"]
    for raw, row in zip(INJECTIONS + ["Plain Trust", "a=b"], ws.iter_rows(min_row=2)):
        name, amount, lines = row
        assert name.data_type == "s", f"{raw!r} stored as {name.data_type}"
        assert name.value == raw.replace("\r", "\n")   # XML keeps no bare CR: it reads back as a line feed
        assert amount.data_type == "n" and isinstance(amount.value, (int, float))
        assert lines.data_type == "n"
    amounts = [r[1].value for r in ws.iter_rows(min_row=2)]
    assert amounts == list(item.data["amount"]) and min(amounts) < 0
    sheet = zipfile.ZipFile(io.BytesIO(data.data_bytes(item, "total", "xlsx"))).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet, "no formula in the file"


def test_neutralise_leaves_non_text_alone():
    assert data.neutralise(-5) == -5
    assert data.neutralise(-5.5) == -5.5
    assert data.neutralise(None) is None
    assert data.neutralise("-cmd") == "'-cmd"
    assert data.neutralise("fine") == "fine"
    df = data.safe_frame(pd.DataFrame({"=col": ["=1+1"], "n": [-2]}))
    assert list(df.columns) == ["'=col", "n"] and df["n"].iloc[0] == -2


# ----------------------------------------------------------------------------------------------- synthetic, privacy

def test_synthetic_items_are_labelled_in_names_columns_and_metadata():
    v = view("local_spend", BRISTOL)
    assert v.synthetic and all(i.synthetic for i in v.items)
    for item in v.items:
        assert data.file_stem(item).endswith(".synthetic")
        if "synthetic" in item.data:
            assert "synthetic" in data.table(item, "total").columns
    zf = zipfile.ZipFile(io.BytesIO(bundle(v, with_images=False)))
    names = [n for n in zf.namelist() if n not in ("metadata.json", "METHODS.md")]
    assert names and all(Path(n).stem.endswith(".synthetic") for n in names)
    meta = json.loads(zf.read("metadata.json"))
    assert meta["synthetic"] is True and set(meta["synthetic_items"]) == {i.id for i in v.items}
    assert bundle_name(v).endswith(".synthetic.zip")
    real = view("covid_context", BRADFORD)
    assert not data.file_stem(real.items[0]).endswith(".synthetic")


def test_exports_hold_the_same_names_as_the_screen():
    """Exports read the View, so they carry the screen's protection of names: the same suppliers, no others."""
    v = view("local_spend", BRADFORD, drill_class="individual")
    for item in v.items:
        if "supplier" not in item.data:
            continue
        back = read_back(data.data_bytes(item, "total", "csv"), "csv", data.table(item, "total"))
        assert {unneutralise(s) for s in back["supplier"].dropna()} == set(item.data["supplier"].dropna())


# ----------------------------------------------------------------------------------------------- bundle

def test_bundle_contents_and_metadata():
    v = view("local_spend", BRADFORD)
    zf = zipfile.ZipFile(io.BytesIO(bundle(v, with_images=False)))
    names = set(zf.namelist())
    assert "metadata.json" in names
    assert {f"data/{data.file_stem(i)}.csv" for i in v.items} <= names
    meta = json.loads(zf.read("metadata.json"))
    for key in ("title", "page", "council", "filters", "permalink", "warehouse", "product", "citation", "synthetic",
                "synthetic_items", "sources", "licences", "attribution", "indicators", "items", "images"):
        assert key in meta, key
    assert meta["permalink"].startswith("http://localhost:8501/local_spend?council=E08000032&group=network&period=fy&"
                                        "measure=total&drill_class=vcse")
    info = about.build_info()
    assert meta["warehouse"]["build_id"] == info["build_id"]
    assert meta["product"]["version"]
    assert {"spend", "postcodes"} <= {s["dataset"] for s in meta["sources"]} <= set(v.datasets)
    assert all(s["licence"] and s["attribution"] for s in meta["sources"])
    assert {i["id"] for i in meta["indicators"]} >= {"vcse_share", "hhi", "top10_share"}
    assert meta["filters"]["council"] == BRADFORD and meta["filters"]["service"] is None
    assert meta["filters"]["service_label"] == "All service areas"
    assert info["build_id"] in meta["citation"] and meta["permalink"] in meta["citation"]
    assert meta["images"]["rendered"] is False
    for item in meta["items"]:
        assert item["files"] and all(f in names for f in item["files"])


def test_metadata_cites_every_dataset_a_page_rests_on():
    """Registers included: classification reads them, and the ledger records them (etl/readers/registers.py)."""
    v = view("local_spend", BRADFORD)
    meta = json.loads(zipfile.ZipFile(io.BytesIO(bundle(v, with_images=False))).read("metadata.json"))
    assert {s["dataset"] for s in meta["sources"]} == set(v.datasets)


def test_metadata_cites_every_council_a_chart_shows():
    """Compare areas draws every network council: its sources are every council's spend files, not only the
    selected council's (Item.council None)."""
    v = view("compare_areas", BRADFORD)
    meta = json.loads(zipfile.ZipFile(io.BytesIO(bundle(v, with_images=False))).read("metadata.json"))
    spend = {s["publisher"] for s in meta["sources"] if s["dataset"] == "spend"}
    assert len(spend) > 1, spend
    local = json.loads(zipfile.ZipFile(io.BytesIO(bundle(view("covid_context", BRADFORD), with_images=False)))
                       .read("metadata.json"))
    assert {s["publisher"] for s in local["sources"] if s["dataset"] == "spend"} < spend


@pytest.mark.parametrize("page", ["local_spend", "data_and_methods"])
def test_every_bundle_holds_the_methods(page):
    """METHODS.md: the order of evidence from etl/classify.py's docstring (its one home), the comparable threshold,
    the months per council from the warehouse's coverage, and each source with its link, commit and access date."""
    import etl.classify
    from dashboard import methods, queries
    from kil import indicators

    zf = zipfile.ZipFile(io.BytesIO(bundle(view(page, BRADFORD), with_images=False)))
    text = zf.read("METHODS.md").decode("utf-8")
    assert json.loads(zf.read("metadata.json"))["methods"] == "METHODS.md"
    rules = etl.classify.__doc__[etl.classify.__doc__.index("Class, first rule"):].strip()
    listed = methods.rules_markdown()
    assert listed in text
    # every word of the rules as etl/classify.py states them, in order: a list made from them, not a copy
    assert re.sub(r"^- \*\*|\*\*:?", "", listed, flags=re.M).split() == rules.split()
    assert text.index("**1. correction**") < text.index("**3. registered number**") < text.index("**10. otherwise unknown.**")
    assert f"£{indicators.COMPARABLE_MIN_AMOUNT:,}" in text and indicators.BASES["comparable"] in text
    months = queries.spend_months()
    bradford = months[months["council_code"] == BRADFORD].iloc[0]
    assert f"| Bradford | {BRADFORD} | {pd.Timestamp(bradford['first_month']):%B %Y} | " in text
    assert f" | {int(bradford['months'])} |" in text
    spend = [line for line in text.splitlines() if line.startswith("- **spend**: City of Bradford")]
    assert len(spend) == 1, spend
    assert "https://github.com/odileeds/council-spending-data/tree/" in spend[0] and ", commit " in spend[0]
    assert "Accessed 20" in spend[0] and "Open Government Licence" in spend[0]


def test_data_and_methods_bundle_lists_its_sources():
    from dashboard import sources

    meta = json.loads(zipfile.ZipFile(io.BytesIO(bundle(view("data_and_methods", BRADFORD), with_images=False)))
                      .read("metadata.json"))
    assert meta["sources"], "today: []"
    assert {s["dataset"] for s in meta["sources"]} >= {"spend", "registers", "postcodes", "social_care", "covid_cases"}
    assert set(meta["licences"]) == set(sources.licences(sources.EVERYTHING))


def test_methods_link_a_source_to_its_repository_and_commit():
    from dashboard import methods

    assert methods.origin("odileeds/council-spending-data @ 791774c21f07d5388f88502fe9275abe3e3914a4 bradford/"
                          "2019-04_clean.csv (gzip -9 of the repo file)") == {
        "link": "https://github.com/odileeds/council-spending-data/tree/791774c21f07d5388f88502fe9275abe3e3914a4",
        "repo": "odileeds/council-spending-data", "commit": "791774c21f07d5388f88502fe9275abe3e3914a4"}
    assert methods.origin("Converted from ONSvisual/uk-topojson output/topo.json @ "
                          "b2fde50cb130908b897de10b65cdc392f9b4ff78 (ltla layer)")["repo"] == "ONSvisual/uk-topojson"
    assert methods.origin("https://example.org/data.csv")["link"] == "https://example.org/data.csv"
    assert methods.origin("synthetic: etl/demo generate(seed=2020); not published by any council")["link"] is None


def test_permalink_of_overview_is_the_root():
    assert about.permalink("overview", filters()).startswith("http://localhost:8501/?council=E08000032&")
    assert about.permalink("social_care", filters()).startswith("http://localhost:8501/social_care?")


def test_permalink_carries_the_page_options():
    """A cited Compare areas link for "local share 2022/23" reopens on that indicator and year, not on the default."""
    from dashboard import queries
    from dashboard.filters import OPTION_PARAMS

    year = queries.indicator_periods("local_share")[0]
    v = view("compare_areas", BRADFORD, indicator="local_share", period=year)
    meta = json.loads(zipfile.ZipFile(io.BytesIO(bundle(v, with_images=False))).read("metadata.json"))
    query = dict(p.split("=", 1) for p in meta["permalink"].split("?", 1)[1].split("&"))
    assert query["indicator"] == "local_share" and query[OPTION_PARAMS["period"]] == year.replace("/", "%2F")
    assert query["period"] == "fy", "the filter keeps its name"


def test_permalink_address_is_where_the_app_was_served_or_the_configured_one(monkeypatch):
    monkeypatch.delenv("KIL_BASE_URL", raising=False)
    assert about.base_url("https://kil.example.org/compare_areas", "compare_areas") == "https://kil.example.org"
    assert about.base_url("https://kil.example.org/apps/kil/", "overview") == "https://kil.example.org/apps/kil"
    assert about.base_url("http://localhost:8501/social_care", "social_care") == "http://localhost:8501"
    assert about.base_url(None, "overview") == "http://localhost:8501", "the command line serves nothing"
    v = view("covid_context", BRADFORD)
    meta = json.loads(zipfile.ZipFile(io.BytesIO(bundle(v, with_images=False, base="https://kil.example.org")))
                      .read("metadata.json"))
    assert meta["permalink"].startswith("https://kil.example.org/covid_context?council=E08000032")
    assert "localhost" not in meta["citation"]
    monkeypatch.setenv("KIL_BASE_URL", "https://dashboard.locality.example/")
    assert about.base_url("http://10.0.0.5:8501/covid_context", "covid_context") == \
        "https://dashboard.locality.example"
    assert about.cite(v).count("https://dashboard.locality.example/covid_context?council=E08000032") == 1


def test_citation_names_publisher_year_version_and_access_date():
    from datetime import date

    from kil import config

    v = view("local_spend", BRADFORD)
    meta = json.loads(zipfile.ZipFile(io.BytesIO(bundle(v, with_images=False))).read("metadata.json"))
    info = about.build_info()
    text = about.cite(v)
    assert text == meta["citation"], "the page's citation is the bundle's"
    assert text.startswith(f"{config.PUBLISHER} ({info['built_at']:%Y}). ")
    assert f"version {meta['product']['version']}" in text and meta["product"]["publisher"] == config.PUBLISHER
    assert f"(accessed {date.today():%d %B %Y})" in text and meta["permalink"] in text


def test_without_a_browser_everything_but_images_works(monkeypatch):
    monkeypatch.setattr(images, "browser_path", lambda: None)
    assert not images.images_available()
    assert "browser" in images.unavailable_reason()
    v = view("covid_context", BRADFORD)
    zf = zipfile.ZipFile(io.BytesIO(bundle(v)))
    assert not [n for n in zf.namelist() if n.startswith("charts/")]
    meta = json.loads(zf.read("metadata.json"))
    assert meta["images"]["rendered"] is False and "browser" in meta["images"]["reason"]
    assert data.data_bytes(v.items[0], "total", "csv")


# ----------------------------------------------------------------------------------------------- images

@needs_browser
@pytest.mark.parametrize("size", [(images.DEFAULT_WIDTH, images.DEFAULT_HEIGHT), (800, 600)])
def test_images_are_rendered_at_the_size_asked_for(size):
    v = view("local_spend", BRADFORD)
    item = next(i for i in v.items if i.fig is not None)
    caption = about.caption(item, v.filters, v.council_name, about.build_info()["built_at"])
    png = images.image_bytes(item, caption, "png", *size)
    assert len(png) > 5000 and png_size(png) == size
    svg = images.image_bytes(item, caption, "svg", *size).decode("utf-8")
    assert svg.startswith("<svg") and f'width="{size[0]}"' in svg and f'height="{size[1]}"' in svg
    assert "Warehouse built" in svg and item.title.split(":")[0] in svg   # the caption and the title
    pdf = images.image_bytes(item, caption, "pdf", *size)
    assert pdf.startswith(b"%PDF") and len(pdf) > 1000


@needs_browser
def test_bundle_has_png_and_svg_of_every_chart():
    v = view("asset_transfers", BRISTOL)
    zf = zipfile.ZipFile(io.BytesIO(bundle(v)))
    names = set(zf.namelist())
    for item in v.items:
        if item.fig is not None:
            png = zf.read(f"charts/{data.file_stem(item)}.png")
            assert png_size(png) == (1200, 700)
            assert zf.read(f"charts/{data.file_stem(item)}.svg").startswith(b"<svg")
    meta = json.loads(zf.read("metadata.json"))
    assert meta["images"]["rendered"] is True, meta["images"]
    assert all(n.startswith(("charts/", "data/")) or n in ("metadata.json", "METHODS.md") for n in names)


def test_caption_carries_source_licence_filters_and_build_date():
    v = view("local_spend", BRISTOL, measure="per_head")
    item = v.items[0]
    text = about.caption(item, v.filters, v.council_name, about.build_info()["built_at"])
    assert text.startswith("SYNTHETIC")
    from dashboard import sources

    licences = sources.licences(item.datasets, item.council)
    assert "Source:" in text and licences and all(licence in text for licence in licences)
    assert "per head" in text and "Warehouse built" in text
    fig = images.export_figure(item, text)
    assert fig.layout.width == 1200 and fig.layout.height == 700
    assert any("Warehouse built" in (a.text or "") for a in fig.layout.annotations)
    assert item.fig.layout.width is None, "the on-screen figure is not changed"


# ----------------------------------------------------------------------------------------------- command line

def run_cli(*args: str, warehouse: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KIL_WAREHOUSE"}
    return subprocess.run([sys.executable, "-m", "dashboard.export", *args, "--warehouse", str(warehouse)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_cli_writes_the_bundle(warehouse_file, tmp_path):
    out = tmp_path / "out"
    r = run_cli("--council", BRADFORD, "--page", "covid_context", "--out", str(out), "--width", "800",
                "--height", "500", warehouse=warehouse_file)
    assert r.returncode == 0, r.stderr
    assert "WARNING" not in r.stderr and "No runtime found" not in r.stderr, r.stderr
    target = Path(r.stdout.strip().splitlines()[-1])
    assert target.exists() and target.parent == out
    zf = zipfile.ZipFile(target)
    meta = json.loads(zf.read("metadata.json"))
    assert meta["page"]["id"] == "covid_context" and meta["council"]["code"] == BRADFORD
    assert "data/covid.csv" in zf.namelist()
    if HAS_BROWSER or IN_CI:
        assert png_size(zf.read("charts/covid.png")) == (800, 500)


def test_cli_rejects_unknown_page_and_council(warehouse_file, tmp_path):
    r = run_cli("--council", BRADFORD, "--page", "nope", "--out", str(tmp_path), warehouse=warehouse_file)
    assert r.returncode == 2 and "nope" in r.stderr and "local_spend" in r.stderr
    r = run_cli("--council", "E99999999", "--page", "overview", "--out", str(tmp_path), warehouse=warehouse_file)
    assert r.returncode == 2 and "unknown council" in r.stderr and "E99999999" in r.stderr
    assert not list(tmp_path.glob("*.zip"))


def test_cli_help_lists_the_pages():
    r = subprocess.run([sys.executable, "-m", "dashboard.export", "--help"], cwd=ROOT, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 0
    from dashboard.pages import PAGE_IDS
    assert all(p in r.stdout for p in PAGE_IDS)


@pytest.mark.parametrize("council", [BRADFORD, BRISTOL])
@pytest.mark.parametrize("measure", ["imd_score", "supplier_spend", "transfers"])
def test_neighbourhood_items_hold_synthetic_values_only_where_labelled(council, measure):
    """Each ward item says it is synthetic exactly when a value in it is (the asset registers are synthetic for
    every council, Bristol's spend too), on screen and in its file; the deprivation view carries neither."""
    from dashboard import queries

    synthetic_assets = bool(queries.assets(council)["synthetic"].any())
    v = view("neighbourhoods", council, ward_measure=measure)
    for item in v.items:
        labelled = bool(item.data["synthetic"].any())
        assert item.synthetic == labelled and data.file_stem(item).endswith(".synthetic") == labelled
        assert ("transfers" in item.data) <= (labelled == synthetic_assets)
        assert {"supplier_spend", "transfers"}.isdisjoint(item.data) or measure != "imd_score"
        assert "pilot_organisations" not in item.data
    assert bool(v.banner) == any(i.synthetic for i in v.items)
