"""Supplier classification: false friends, people, precedence, corrections, locality, marts and indicators.

Registers are the real files in data/raw/registers (scripts/snapshot.py). Cases use real supplier names from
the councils' spend files.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl import classify, grants, steps
from etl.cli import main as cli
from etl.readers import registers as reg
from etl.readers.supplier_register import read_supplier_register
from kil import indicators

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SQL = ROOT / "etl" / "sql"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "suppliers_bradford_2019-11_calderdale_2020-06.csv"
BRADFORD, CALDERDALE, LEEDS, NEWCASTLE, WAKEFIELD = "E08000032", "E08000033", "E08000035", "E08000021", "E08000036"
KIRKLEES, HACKNEY, LEWISHAM = "E08000034", "E09000012", "E09000023"


@pytest.fixture(scope="session")
def registers():
    return reg.load_registers(DATA)


@pytest.fixture(scope="session")
def postcodes():
    return reg.read_postcodes(DATA)


def run(rows, registers, postcodes, council_registers=None, corrections=None) -> pd.DataFrame:
    """Classify hand-written rows (council_code, supplier_name[, vcse_flag, charity_number, company_number,
    person_context]); returns the output indexed by display_name."""
    df = pd.DataFrame(rows)
    df["amount"] = df.get("amount", 1000.0)
    out = classify.classify_suppliers(df, registers, postcodes, council_registers, corrections,
                                      public_bodies=classify.read_public_bodies(DATA))
    return out.set_index("display_name")


def one(rows, registers, postcodes, **kw) -> pd.Series:
    out = run(rows, registers, postcodes, **kw)
    assert len(out) == 1
    return out.iloc[0]


# ---- names -----------------------------------------------------------------------------------------------------

def test_normalise_name():
    assert classify.normalise_name("The Barnardo's (UK) Limited") == "BARNARDOS UK LTD"
    assert classify.normalise_name("BARNARDOÂ´S") == classify.normalise_name("BARNARDO'S") == "BARNARDOS"
    assert classify.normalise_name("Locala Community Partnership C.I.C.") == "LOCALA COMMUNITY PARTNERSHIP CIC"
    assert classify.normalise_name("Age UK Calderdale & Kirklees") == "AGE UK CALDERDALE AND KIRKLEES"
    assert classify.normalise_name(None) == classify.normalise_name("  ") == ""
    names = pd.Series(["Colas Ltd", "COLAS LIMITED", "Café Nero"], dtype="str")
    assert classify.normalise_names(names).tolist() == ["COLAS LTD", "COLAS LTD", "CAFE NERO"]


def test_identifiers():
    numbers = reg.normalise_company_numbers(pd.Series(["4497153", "JN393272A", "sc114142"]))
    assert numbers.iloc[0] == "04497153" and pd.isna(numbers.iloc[1]) and numbers.iloc[2] == "SC114142"
    charities = reg.normalise_charity_numbers(pd.Series(["1025961", "EXEMPT", "N/A", "1025961-1"]))
    assert charities.iloc[0] == "1025961" and charities.iloc[1:3].isna().all() and charities.iloc[3] == "1025961"
    assert reg.normalise_postcodes(pd.Series(["bd11af", "POOLE"])).iloc[0] == "BD1 1AF"


# ---- false friends ---------------------------------------------------------------------------------------------

def test_colas_ltd_is_not_the_charity(registers, postcodes):
    row = one([{"council_code": LEEDS, "supplier_name": "COLAS LTD"}], registers, postcodes)
    assert row["class"] == "private" and row["class_rule"] == "company legal form"
    corrected = one([{"council_code": LEEDS, "supplier_name": "COLAS LTD"}], registers, postcodes,
                    corrections=classify.read_corrections(DATA))
    assert corrected["class"] == "private" and corrected["corrected"] and corrected["class_rule"] == "correction"
    assert "277386" in corrected["class_value"]


def test_nhs_trust_is_a_public_body_not_its_charity(registers, postcodes):
    row = one([{"council_code": LEEDS, "supplier_name": "Leeds Community Healthcare NHS Trust"}], registers,
              postcodes)
    assert row["class"] == "public_body" and row["is_organisation"]


def test_bt_plc_is_private(registers, postcodes):
    row = one([{"council_code": BRADFORD, "supplier_name": "BT Plc"}], registers, postcodes)
    assert row["class"] == "private" and row["class_rule"] == "company legal form"


def test_council_flag_keeps_creative_support_vcse(registers, postcodes):
    row = one([{"council_code": CALDERDALE, "supplier_name": "Creative Support Ltd", "vcse_flag": "Y"}],
              registers, postcodes)
    assert (row["class"], row["class_value"]) == ("vcse", "council's VCSE flag = Y")


def test_bradford_names_cut_at_35_characters(registers, postcodes):
    out = run([{"council_code": BRADFORD, "supplier_name": "BRADFORD DISTRICT CARE NHS FOUNDATI"},
               {"council_code": BRADFORD, "supplier_name": "KIDDIECRECHE PRIVATE DAY NURSERIE L"},
               {"council_code": BRADFORD, "supplier_name": "SILSDEN YOUTH COMMUNITY INTEREST CO"}],
              registers, postcodes)
    assert out.loc["BRADFORD DISTRICT CARE NHS FOUNDATI", "class"] == "public_body"
    assert out.loc["KIDDIECRECHE PRIVATE DAY NURSERIE L", "class"] == "private"
    assert "first 35 characters" in out.loc["SILSDEN YOUTH COMMUNITY INTEREST CO", "class_value"]


def test_unique_match_and_ambiguous_match(registers, postcodes):
    out = run([{"council_code": BRADFORD, "supplier_name": "AGE UK BRADFORD & DISTRICT"},
               {"council_code": LEEDS, "supplier_name": "Affinity Trust"}], registers, postcodes)
    age = out.loc["AGE UK BRADFORD & DISTRICT"]
    assert age["class"] == "vcse" and age["class_rule"] == "unique name match"
    assert "1025961" in age["class_value"] and "Age UK Bradford District" in age["class_value"]
    affinity = out.loc["Affinity Trust"]           # two registered charities share this name
    assert affinity["class"] == "unknown" and "2 registered organisations" in affinity["class_value"]
    assert affinity["is_organisation"]             # 'TRUST' is an organisation word: the name may be shown


# ---- people ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("council, name", [
    (LEEDS, "REDACTED PERSONAL DATA"), (NEWCASTLE, "Redacted Personal Data"), (KIRKLEES, "REDACTED - PERSONAL"),
    (BRADFORD, "MRS ZABEEN AKHTAR"), (BRADFORD, "DR K L HOPE"),
    (LEEDS, "Mr J A Blackhurst"), (BRADFORD, "Mr S Mahmood & Mrs H Bi"), (CALDERDALE, "2020:03D  Dementia"),
    (CALDERDALE, "2020:03FTIFrailty And/Or Temporary Illness"), (LEEDS, "Foster Care - Bacs"),
    (NEWCASTLE, "LINDA GILPATRICK (CHILDMINDER)"), (NEWCASTLE, "DAVID  THOMPSON IR35"),
])
def test_people_are_individuals_and_never_named(registers, postcodes, council, name):
    row = one([{"council_code": council, "supplier_name": name}], registers, postcodes)
    assert row["class"] == "individual" and not row["is_organisation"]
    assert name.upper() not in str(row["class_value"]).upper()


@pytest.mark.parametrize("council, name", [
    (KIRKLEES, "REDACTED DATA"), (WAKEFIELD, "REDACTED"), (WAKEFIELD, "Redacted"), (WAKEFIELD, "DETAILS REDACTED"),
    (LEEDS, "REDACTED COMMERCIAL CONFIDENTIALITY"), (NEWCASTLE, "MISCELLANEOUS PAYMENTS BACS"),
    (NEWCASTLE, "HOUSING PAYMENTS BACS"), (LEEDS, "VARIOUS TOTAL EXPENSES"), (NEWCASTLE, "NOTCA"),
    (WAKEFIELD, ""), (WAKEFIELD, "  "), (WAKEFIELD, None),
])
def test_unidentifiable_payments_are_unattributed_and_not_shown(registers, postcodes, council, name):
    """A redaction that does not say it protects a person, a blank name or a payment-run label: a real payment
    of no identifiable supplier, neither a person nor a supplier we failed to classify."""
    row = one([{"council_code": council, "supplier_name": name, "vcse_flag": "Y" if council == CALDERDALE else None}],
              registers, postcodes)
    assert row["class"] == "unattributed" and not row["is_organisation"]


def test_unattributed_comes_after_people_and_before_the_councils_flag(registers, postcodes):
    out = run([{"council_code": CALDERDALE, "supplier_name": "REDACTED", "vcse_flag": "Y"},
               {"council_code": LEEDS, "supplier_name": "MISCELLANEOUS PAYMENTS - REDACTED PERSONAL DATA"},
               {"council_code": LEEDS, "supplier_name": "FOSTER CARE PAYMENTS"}], registers, postcodes)
    assert out.loc["REDACTED", "class"] == "unattributed"
    assert out.loc["MISCELLANEOUS PAYMENTS - REDACTED PERSONAL DATA", "class"] == "individual"
    assert out.loc["FOSTER CARE PAYMENTS", "class"] == "individual"


def test_redactive_publishing_is_not_a_redaction(registers, postcodes):
    row = one([{"council_code": LEEDS, "supplier_name": "REDACTIVE PUBLISHING LIMITED"}], registers, postcodes)
    assert row["class"] == "private"


def test_shared_lives_house_and_dont_redact_lines(registers, postcodes):
    out = run([{"council_code": NEWCASTLE, "supplier_name": "18 SEA VIEW VILLAS", "person_context": True},
               {"council_code": NEWCASTLE, "supplier_name": "CASTLEDENE", "person_context": True},
               {"council_code": NEWCASTLE, "supplier_name": "MILLIN CHARITY", "person_context": True},
               {"council_code": NEWCASTLE, "supplier_name": "THE BLUE DOOR PROJECT LTD", "person_context": True}],
              registers, postcodes)
    assert out.loc["18 SEA VIEW VILLAS", "class"] == "individual"
    assert out.loc["CASTLEDENE", "class"] == "individual"
    assert out.loc["MILLIN CHARITY", "class"] != "individual" and out.loc["MILLIN CHARITY", "is_organisation"]
    assert out.loc["THE BLUE DOOR PROJECT LTD", "class"] == "private"


def test_unknown_people_names_are_not_shown(registers, postcodes):
    row = one([{"council_code": CALDERDALE, "supplier_name": "Joanne Austin"}], registers, postcodes)
    assert row["class"] == "unknown" and not row["is_organisation"]


# ---- precedence and corrections --------------------------------------------------------------------------------

def test_precedence(registers, postcodes):
    out = run([
        # a council flag beats a company legal form
        {"council_code": CALDERDALE, "supplier_name": "Cloverleaf Advocacy 2000 Ltd", "vcse_flag": "Y"},
        # a registered charity number beats everything after it
        {"council_code": WAKEFIELD, "supplier_name": "SOMEONE TRADING LTD", "charity_number": "1025961"},
        # a number the register does not know is not evidence
        {"council_code": WAKEFIELD, "supplier_name": "OTHER TRADING LTD", "charity_number": "EXEMPT"},
        # a people marker beats the council's flag
        {"council_code": CALDERDALE, "supplier_name": "REDACTED PERSONAL DATA", "vcse_flag": "Y"},
        # CIC beats Ltd
        {"council_code": NEWCASTLE, "supplier_name": "FAMILY FUTURES CIC LTD"},
        # a National Insurance number in the company number column is ignored and never shown
        {"council_code": CALDERDALE, "supplier_name": "Ian Birtwell Excavation & Groundworks",
         "company_number": "JN393272A"},
    ], registers, postcodes)
    assert out.loc["Cloverleaf Advocacy 2000 Ltd", "class_rule"] == "council VCSE flag"
    charity = out.loc["SOMEONE TRADING LTD"]
    assert charity["class_rule"] == "registered charity number" and "active in July 2021" in charity["class_value"]
    assert out.loc["OTHER TRADING LTD", "class_rule"] == "company legal form"
    assert out.loc["REDACTED PERSONAL DATA", "class"] == "individual"
    assert out.loc["FAMILY FUTURES CIC LTD", "class"] == "vcse"
    birtwell = out.loc["Ian Birtwell Excavation & Groundworks"]
    assert birtwell["class"] == "unknown" and "JN393272A" not in str(birtwell["class_value"])


def test_corrections_override_and_name_variants(registers, postcodes):
    corrections = pd.DataFrame([{"council_code": LEEDS, "supplier_name": "Touchstone - Leeds", "class": "vcse",
                                 "locality": "local", "reason": "Touchstone, charity 1081292, Leeds LS7",
                                 "who": "test", "date": "2026-11-25"}])
    out = run([{"council_code": LEEDS, "supplier_name": "TOUCHSTONE LEEDS"},
               {"council_code": WAKEFIELD, "supplier_name": "TOUCHSTONE LEEDS"}], registers, postcodes,
              corrections=corrections)
    leeds = out[out["council_code"] == LEEDS].iloc[0]
    assert leeds["corrected"] and leeds["class"] == "vcse" and leeds["locality"] == "local"
    assert "charity 1081292" in leeds["class_value"]
    assert not out[out["council_code"] == WAKEFIELD].iloc[0]["corrected"]   # council-specific correction


def test_shipped_corrections_file_reads():
    df = classify.read_corrections(DATA)
    assert list(df.columns) == classify.CORRECTION_COLUMNS and "COLAS LTD" in df["supplier_name"].tolist()



def test_a_build_with_data_reads_that_folders_reviewed_lists(small_data, tmp_path):
    """`python -m etl build --data DIR` classifies with DIR's public bodies and corrections, not data/'s."""
    data = tmp_path / "data"
    shutil.copytree(small_data, data, ignore=shutil.ignore_patterns("spend"))
    spend = data / "raw" / "spend" / "bradford" / "spend" / "2020-05.csv"
    spend.parent.mkdir(parents=True)
    spend.write_text("Date,Supplier Name,Amount\n2020-05-01,Kil Test Agency,100\n2020-05-02,Kil Test Helpers,50\n",
                     encoding="utf-8")
    with open(data / classify.PUBLIC_BODIES, "a", encoding="utf-8") as f:
        f.write("Kil Test Agency,central government,a body only this data folder lists\n")
    with open(data / classify.CORRECTIONS, "a", encoding="utf-8") as f:
        f.write(",Kil Test Helpers,vcse,local,reviewed in this data folder only,test,2026-01-01\n")
    assert "KIL TEST" not in classify.read_public_bodies(DATA)["name"].str.upper().str.cat()
    target = tmp_path / "warehouse.duckdb"

    assert cli(["build", "--data", str(data), "--warehouse", str(target)]) == 0

    con = duckdb.connect(str(target), read_only=True)
    try:
        rows = dict(con.execute("select supplier_key, class || ' ' || class_rule from suppliers").fetchall())
    finally:
        con.close()
    assert rows == {"KIL TEST AGENCY": "public_body public body list", "KIL TEST HELPERS": "vcse correction"}

# ---- locality --------------------------------------------------------------------------------------------------

def test_locality_from_council_register(registers, postcodes, tmp_path):
    path = tmp_path / f"{BRADFORD}.csv"
    path.write_text("supplier_name,postcode,class\nAGE UK BRADFORD & DISTRICT,bd1 1af,\n"
                    "SOME LEEDS FIRM LTD,LS1 1UR,private\n", encoding="utf-8")
    council_registers = read_supplier_register(path, BRADFORD)
    out = run([{"council_code": BRADFORD, "supplier_name": "AGE UK BRADFORD & DISTRICT"},
               {"council_code": BRADFORD, "supplier_name": "Some Leeds Firm Limited"},
               {"council_code": BRADFORD, "supplier_name": "UNLISTED LTD"}], registers, postcodes,
              council_registers=council_registers)
    age = out.loc["AGE UK BRADFORD & DISTRICT"]
    assert (age["locality"], age["postcode"], age["supplier_council_code"]) == ("local", "BD1 1AF", BRADFORD)
    assert age["supplier_ward_code"] == "E05001347"
    assert age["locality_value"] == "postcode BD1 1AF -> E08000032 ward E05001347"
    firm = out.loc["Some Leeds Firm Limited"]
    assert firm["locality"] == "non_local" and firm["supplier_council_code"] == LEEDS
    assert out.loc["UNLISTED LTD", "locality"] == "unknown"


def test_postcode_area_the_register_lacks_is_unknown_not_elsewhere(registers, postcodes, tmp_path):
    """Code-Point is loaded for some postcode areas only: N (Hackney's N16) is not among them, so an N16 supplier
    of Hackney is of unknown locality; a Leeds postcode for Bradford is in the register and based elsewhere."""
    assert "N" not in reg.covered_areas(postcodes) and {"E", "LS", "BD"} <= reg.covered_areas(postcodes)
    registers_csv = {HACKNEY: "supplier_name,postcode\nSTOKE NEWINGTON FIRM LTD,N16 7UX\nDALSTON FIRM LTD,E8 1EA\n",
                     BRADFORD: "supplier_name,postcode\nSOME LEEDS FIRM LTD,LS1 1UR\nBROMLEY FIRM LTD,BR1 1AA\n"}
    frames = []
    for code, text in registers_csv.items():
        path = tmp_path / f"{code}.csv"
        path.write_text(text, encoding="utf-8")
        frames.append(read_supplier_register(path, code))
    out = classify.classify_suppliers(
        pd.DataFrame([{"council_code": HACKNEY, "supplier_name": "Stoke Newington Firm Ltd", "amount": 1.0},
                      {"council_code": HACKNEY, "supplier_name": "Dalston Firm Ltd", "amount": 1.0},
                      {"council_code": BRADFORD, "supplier_name": "Some Leeds Firm Ltd", "amount": 1.0},
                      {"council_code": BRADFORD, "supplier_name": "Bromley Firm Ltd", "amount": 1.0}]),
        registers, postcodes, pd.concat(frames, ignore_index=True),
        postcode_areas=reg.read_postcode_areas(DATA)).set_index("display_name")
    n16 = out.loc["Stoke Newington Firm Ltd"]
    assert (n16["locality"], n16["postcode"]) == ("unknown", "N16 7UX")
    assert n16["locality_rule"] == "postcode area not in the register" and "area N " in n16["locality_value"]
    assert out.loc["Dalston Firm Ltd", "locality"] == "local"
    assert out.loc["Some Leeds Firm Ltd", "locality"] == "non_local"
    assert out.loc["Bromley Firm Ltd", "locality"] == "unknown"


def test_locality_from_matched_register_postcode(registers, postcodes):
    row = one([{"council_code": BRADFORD, "supplier_name": "UNITED RESPONSE"}], registers, postcodes)
    assert row["class_rule"] == "unique name match" and row["postcode"] is not None
    assert row["locality_source"].startswith("ukcat")
    # its register postcode is in an area Code-Point is not loaded for: unknown, not "based elsewhere"
    assert reg.postcode_area(pd.Series([row["postcode"]])).iloc[0] not in reg.covered_areas(postcodes)
    assert row["locality"] == "unknown" and row["locality_rule"] == "postcode area not in the register"



def test_suppliers_without_any_postcode_have_unknown_locality(registers, postcodes):
    """A first load whose suppliers have no postcode at all (none in a register, no matched charity) classifies."""
    suppliers = pd.DataFrame([{"council_code": BRADFORD, "supplier_name": "ACME WIDGETS", "amount": 12.5},
                              {"council_code": BRADFORD, "supplier_name": "BOB", "amount": 7.0}])
    out = classify.classify_suppliers(suppliers, registers, postcodes,
                                      postcode_areas=reg.read_postcode_areas(DATA))
    assert out["postcode"].isna().all()
    assert out["locality"].tolist() == ["unknown", "unknown"]
    assert set(out["locality_rule"]) == {"no postcode"}

# ---- a real slice ----------------------------------------------------------------------------------------------

def test_real_slice(registers, postcodes):
    """Every distinct supplier of Bradford 2019-11 and Calderdale 2020-06, as the classifier's input."""
    suppliers = pd.read_csv(FIXTURE, dtype={"supplier_name": "str", "vcse_flag": "str", "charity_number": "str",
                                            "company_number": "str"})
    out = classify.classify_suppliers(suppliers, registers, postcodes, None, classify.read_corrections(DATA),
                                      public_bodies=classify.read_public_bodies(DATA))
    assert list(out.columns) == classify.OUTPUT_COLUMNS
    assert not out.duplicated(["council_code", "supplier_key"]).any()
    assert out["class"].isin(classify.CLASSES).all() and out["locality"].isin(classify.LOCALITIES).all()
    assert abs(out["amount"].sum() - suppliers["amount"].sum()) < 1
    by_name = out.set_index(["council_code", "display_name"])
    assert by_name.loc[(BRADFORD, "REDACTED PERSONAL DATA"), "class"] == "individual"
    assert by_name.loc[(CALDERDALE, "Creative Support Ltd"), "class"] == "vcse"
    flagged = suppliers[suppliers["vcse_flag"] == "Y"]
    assert (out[out["council_code"] == CALDERDALE]["class_rule"] == "council VCSE flag").sum() >= len(flagged) - 2
    individuals = out[out["class"] == "individual"]
    assert not individuals["is_organisation"].any()
    # every class but unattributed is present (these two months have no redacted-only, blank or payment-run names)
    # and most Calderdale money has a class other than unknown
    assert set(out["class"]) == set(classify.CLASSES) - {"unattributed"}
    calderdale = out[out["council_code"] == CALDERDALE]
    assert calderdale.loc[calderdale["class"] == "unknown", "amount"].sum() < 0.2 * calderdale["amount"].sum()


def test_a_supplier_classified_alone_is_classified_as_among_all(registers, postcodes):
    """A load classifies only its file's suppliers (etl/steps.py), each looked up in the few register rows it can
    reach (classify._narrow): every one of them must come out as it does among all the suppliers of a build."""
    suppliers = pd.read_csv(FIXTURE, dtype={"supplier_name": "str", "vcse_flag": "str", "charity_number": "str",
                                            "company_number": "str"})
    args = (registers, postcodes, None, classify.read_corrections(DATA))
    kw = {"public_bodies": classify.read_public_bodies(DATA), "postcode_areas": reg.read_postcode_areas(DATA)}
    whole = classify.classify_suppliers(suppliers, *args, **kw).set_index(["council_code", "supplier_key"])
    evidence = whole[whole["class_rule"].isin(["registered charity number", "unique name match",
                                               "name and postcode match", "CIC company number"])
                     | whole["postcode"].notna()]
    assert len(evidence) >= 20         # the slice has register matches and postcodes to narrow to
    keys = classify.normalise_names(suppliers["supplier_name"])
    for n, picked in enumerate((evidence.index[:25], whole.index[::7])):
        rows = suppliers[pd.Series(list(zip(suppliers["council_code"], keys))).isin(set(picked)).values]
        alone = classify.classify_suppliers(rows, *args, **kw).set_index(["council_code", "supplier_key"])
        pd.testing.assert_frame_equal(alone.sort_index(), whole.loc[alone.index].sort_index(), check_dtype=False,
                                      obj=f"pick {n}")


def test_the_register_cache_gives_what_the_registers_give(tmp_path):
    """The first classification after the registers change keeps them, with the name index, in the data folder's
    cache (etl/classifier_inputs.py); every later one reads that back, and classifies exactly as from the files."""
    from etl import classifier_inputs

    shutil.copytree(DATA / "raw" / "registers", tmp_path / "raw" / "registers")
    suppliers = pd.read_csv(FIXTURE, dtype={"supplier_name": "str", "vcse_flag": "str", "charity_number": "str",
                                            "company_number": "str"})
    results = []
    for _ in range(2):
        inputs = classifier_inputs.load(tmp_path)
        results.append(classify.classify_suppliers(
            suppliers, inputs.registers, inputs.postcodes, None, classify.read_corrections(DATA),
            postcode_areas=inputs.postcode_areas, public_bodies=classify.read_public_bodies(DATA)))
    (cache,) = (tmp_path / ".cache" / "classifier").iterdir()
    assert sorted(p.stem for p in cache.iterdir()) == sorted(classifier_inputs.FRAMES)
    pd.testing.assert_frame_equal(results[0], results[1], check_dtype=False)


# ---- marts -----------------------------------------------------------------------------------------------------

@pytest.fixture()
def warehouse(registers, postcodes):
    """A small in-memory warehouse: hand-made spend lines and the real classifier's suppliers table."""
    con = duckdb.connect()
    steps.schema(con)
    con.execute((SQL / "registers.sql").read_text())
    spend = pd.DataFrame([
        # council, month, kind, service_area, expense_type, supplier, amount
        (BRADFORD, "2019-11-01", "spend", "Adults", "Grants to Vol Orgs", "AGE UK BRADFORD & DISTRICT", 1000.0),
        (BRADFORD, "2019-11-01", "spend", "Adults", "Grants to Vol Orgs", "AGE UK BRADFORD & DISTRICT", 500.0),
        (BRADFORD, "2020-03-01", "spend", "Highways", "Contractors", "COLAS LTD", 3000.0),
        (BRADFORD, "2020-04-01", "spend", "Adults", "Client rents", "MRS ZABEEN AKHTAR", 200.0),
        (LEEDS, "2020-06-01", "spend", "Adults and Health", None, "Leeds Community Healthcare NHS Trust", 700.0),
    ], columns=["council_code", "month", "kind", "service_area", "expense_type", "supplier_name", "amount"])
    spend["month"] = pd.to_datetime(spend["month"])
    spend["supplier_key"] = classify.normalise_names(spend["supplier_name"])
    con.register("spend_df", spend)
    con.execute("""
        insert into spend (council_code, kind, period, month, amount, supplier_name, service_area, expense_type,
                           source_file, source_row, load_id, line_key, supplier_key)
        select council_code, kind, strftime(month, '%Y-%m'), month, amount, supplier_name, service_area,
               expense_type, 'test.csv', row_number() over (), 1, row_number() over (), supplier_key
        from spend_df""")
    inputs = con.execute(classify.SUPPLIER_INPUT_SQL).df()     # the classifier's input, as the build makes it
    suppliers = classify.classify_suppliers(inputs, registers, postcodes, None, classify.read_corrections(DATA),
                                            public_bodies=classify.read_public_bodies(DATA))
    con.register("suppliers_df", suppliers.astype({"amount": "float64"}))
    con.execute("insert into suppliers by name select * from suppliers_df")
    con.register("grants_df", grants.read_grant_categories())
    con.execute("insert into grant_categories by name select council_code, expense_type, note from grants_df")
    return con


def mart(con, name) -> pd.DataFrame:
    sql = steps.model_sql(name)
    return con.execute(sql, steps.parameters(con, sql)).df()


def test_mart_spend_monthly(warehouse):
    df = mart(warehouse, "mart_spend_monthly")
    assert df["amount"].astype(float).sum() == pytest.approx(5400.0) and df["lines"].sum() == 5
    grants = df[df["is_grant"] == True]  # noqa: E712
    assert grants["amount"].astype(float).sum() == pytest.approx(1500.0)
    assert grants["supplier_class"].tolist() == ["vcse"]
    assert df.loc[df["council_code"] == LEEDS, "is_grant"].isna().all()       # Leeds has no category column
    assert set(df["supplier_class"]) == {"vcse", "private", "individual", "public_body"}


def test_mart_supplier_totals_hides_people(warehouse):
    df = mart(warehouse, "mart_supplier_totals")
    assert set(df["financial_year"]) == {"2019/20", "2020/21"}
    person = df[df["supplier_class"] == "individual"].iloc[0]
    assert pd.isna(person["display_name"]) and person["supplier_key"].startswith("not shown")
    assert "AKHTAR" not in df.to_csv()
    assert not df.duplicated(["council_code", "financial_year", "supplier_key", "synthetic"]).any()
    assert df["amount"].astype(float).sum() == pytest.approx(5400.0)


def test_mart_largest_lines_never_names_a_person(warehouse):
    df = mart(warehouse, "mart_largest_lines").set_index("supplier_class")
    assert len(df) == 5 and "AKHTAR" not in df.to_csv()
    assert df.loc["individual", "supplier"] == "Individual (name withheld)"
    assert df.loc["private", "supplier"] == "COLAS LTD"
    vcse = df.loc["vcse"].sort_values("rank_in_class")
    assert vcse["amount"].astype(float).tolist() == [1000.0, 500.0] and vcse["rank_in_class"].tolist() == [1, 2]
    assert vcse["financial_year"].tolist() == ["2019/20", "2019/20"]


def test_mart_spend_ward(warehouse):
    df = mart(warehouse, "mart_spend_ward")
    assert df["supplier_ward_code"].notna().all()


# ---- indicators ------------------------------------------------------------------------------------------------

@pytest.fixture()
def mart_rows():
    return pd.DataFrame([
        # supplier_key, supplier_class, locality, is_grant, amount
        ("A", "vcse", "local", True, 300.0),
        ("B", "vcse", "unknown", False, 100.0),
        ("C", "private", "non_local", False, 400.0),
        ("D", "unknown", "unknown", None, 200.0),
        ("E", "public_body", "local", False, 5000.0),
        ("F", "individual", "unknown", False, 9000.0),
        ("G", "unattributed", "unknown", None, 7000.0),
    ], columns=["supplier_key", "supplier_class", "locality", "is_grant", "amount"])


def test_indicators(mart_rows):
    assert indicators.vcse_share(mart_rows).value == pytest.approx(0.4)          # 400 / 1000
    assert indicators.unknown_share(mart_rows).value == pytest.approx(0.2)       # 200 / 1000
    local = indicators.local_share(mart_rows)
    assert local.value == pytest.approx(300 / 700) and local.coverage == pytest.approx(0.7)
    assert local.note == "locality known for 70% of spend"
    assert indicators.top10_share(mart_rows).value == pytest.approx(1.0)
    assert indicators.hhi(mart_rows).value == pytest.approx(30**2 + 10**2 + 40**2 + 20**2)   # 3000
    grants_share = indicators.grants_share(mart_rows)
    assert grants_share.value == pytest.approx(300 / 800) and grants_share.coverage == pytest.approx(0.8)
    assert indicators.compute("vcse_share", mart_rows) == indicators.vcse_share(mart_rows)
    assert indicators.vcse_share(mart_rows.iloc[4:]).value is None


def test_indicator_definitions():
    for indicator in indicators.INDICATORS.values():
        assert indicator.principle in indicators.PRINCIPLES
        assert indicator.definition
        assert indicator.id in indicators.COMPUTE or indicator.id in indicators.COMPUTED_IN_SQL
    for principle, ids in indicators.HEADLINES.items():
        assert principle in indicators.PRINCIPLES and principle not in indicators.NO_MEASURE
        assert all(i in indicators.INDICATORS for i in ids)
    assert set(indicators.HEADLINES) | set(indicators.NO_MEASURE) == set(indicators.PRINCIPLES)


# ---- registers as shipped -------------------------------------------------------------------------------------

def test_registers_have_provenance():
    import importlib.util

    from kil import provenance

    spec = importlib.util.spec_from_file_location("snapshot", ROOT / "scripts" / "snapshot.py")
    snapshot = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(snapshot)
    assert snapshot.REGISTERS
    for name in snapshot.REGISTERS:
        path = DATA / "raw" / "registers" / name
        assert provenance.read(path)["sha256"] == provenance.sha256(path)


def test_postcodes_load():
    df, loads = reg.postcodes_load(DATA)
    assert list(df.columns) == ["postcode", "council_code", "ward_code", "vintage"]
    assert loads[0].conserved() and loads[0].rows_loaded == len(df)
    assert df.set_index("postcode").loc["BD1 1AF", "council_code"] == BRADFORD


# ---- order of evidence and wrong classes (issue 13, points 6 and 7) ------------------------------------------------

def test_blank_council_flag_demotes_a_name_only_match(registers, postcodes):
    # 'GROUNDWORK LEEDS' matches a charity's working name; a council whose files publish a VCSE flag column and
    # never flag it has said it is not VCSE, which outweighs the name alone. Without the column it stands.
    flagged_council = one([{"council_code": CALDERDALE, "supplier_name": "GROUNDWORK LEEDS",
                            "flag_published": True}], registers, postcodes)
    assert flagged_council["class"] == "unknown" and flagged_council["council_flag"] == "blank"
    assert "VCSE flag is blank" in flagged_council["class_value"]
    no_column = one([{"council_code": LEEDS, "supplier_name": "GROUNDWORK LEEDS"}], registers, postcodes)
    assert no_column["class"] == "vcse" and no_column["class_rule"] == "unique name match"
    assert pd.isna(no_column["council_flag"])
    yes = one([{"council_code": CALDERDALE, "supplier_name": "GROUNDWORK LEEDS", "vcse_flag": "Y",
                "flag_published": True}], registers, postcodes)
    assert yes["class_rule"] == "council VCSE flag" and yes["council_flag"] == "Y"


def test_a_common_working_name_alone_is_never_vcse(registers, postcodes):
    # Calderdale codes it as a private contractor; the charity it matched only trades under these words.
    for council, published in ((CALDERDALE, True), (LEEDS, False)):
        row = one([{"council_code": council, "supplier_name": "Community Support Services",
                    "flag_published": published}], registers, postcodes)
        assert row["class"] != "vcse"
        assert "not used" in row["class_value"]


def test_a_registered_number_in_the_file_outranks_the_councils_flag(registers, postcodes):
    row = one([{"council_code": CALDERDALE, "supplier_name": "SOMEONE TRADING LTD", "charity_number": "1025961",
                "vcse_flag": "Y", "flag_published": True}], registers, postcodes)
    assert row["class"] == "vcse" and row["class_rule"] == "registered charity number"
    blank = one([{"council_code": CALDERDALE, "supplier_name": "SOMEONE TRADING LTD", "charity_number": "1025961",
                  "flag_published": True}], registers, postcodes)
    assert blank["class_rule"] == "registered charity number"


def test_name_and_postcode_match_outranks_a_blank_flag(registers, postcodes, tmp_path):
    # 'ACCESS UK' is a charity's working name at N17 6AA in the register; the council's register puts it there too
    path = tmp_path / "reg.csv"
    path.write_text("supplier_name,postcode\nACCESS UK,N17 6AA\n")
    row = one([{"council_code": HACKNEY, "supplier_name": "ACCESS UK", "flag_published": True}],
              registers, postcodes, council_registers=read_supplier_register(path, HACKNEY))
    assert row["class"] == "vcse" and row["class_rule"] == "name and postcode match"
    alone = one([{"council_code": HACKNEY, "supplier_name": "ACCESS UK", "flag_published": True}], registers, postcodes)
    assert alone["class"] == "unknown"


@pytest.mark.parametrize("name", ["#N/A", "#REF!", "#VALUE!", "#NAME?", "#DIV/0!", "0", "XXX"])
def test_spreadsheet_errors_are_unattributed(registers, postcodes, name):
    row = one([{"council_code": LEEDS, "supplier_name": name}], registers, postcodes)
    assert row["class"] == "unattributed" and not row["is_organisation"]


@pytest.mark.parametrize("name", ["STUART HOUSE", "BOWLAND LODGE", "HOLLY HOUSE", "DUDLEY LODGE"])
def test_a_buildings_name_gets_no_name_only_match(registers, postcodes, name):
    # care homes named like the charities that own one building of that name
    row = one([{"council_code": NEWCASTLE, "supplier_name": name}], registers, postcodes)
    assert row["class"] == "unknown" and "building" in row["class_value"]


@pytest.mark.parametrize("name", [
    "NEWCASTLEUPONTYNE HOSPITALTRUST", "NEWCASTLE UPON TYNE HOSPITAL TRUST", "HAMPSHIRE HOSPITALS NHSFT",
    "CHESTERFIELD ROYAL HOSPITAL NHSF TRUST", "LINCS COMMUNITY HEALTH SERVICES NHST", "NORTHERN DEVON HEALTHCARE TRUST",
    "NHS PROPERTY SERVICES LTD",
    "HMCTS", "GOVERNMENT LEGAL DEPARTMENT", "DVLA VEHICLE TAX", "INLAND REVENUE", "COAL AUTHORITY",
    "H M MINISTRY OF JUSTICE DIRECT DEBIT", "NOMS AGENCY WITH NATIONAL PROBATION SERV",
    "TRANSPORT FOR LONDON", "TRANSPORT FOR THE NORTH", "NORTH EAST COMBINED AUTH NECA", "SOUTH YORKSHIRE MAYORAL",
    "WYCA GENERAL OPERATING ACCOUNT",
    "MAYORS OFFICE FOR POLICING AND CRIME MOPC", "OFFICE OF THE POLICE AND CRIME COMMISSIONER FOR WEST YORKSHIRE",
    "TRINITY ACADEMY NEWCASTLE", "CARLTON BOLLING ACADEMY", "GOSFORTH ACADEMY", "ACADEMIES ENTERPRISE TRUST",
    "BRIDGE ACADEMY HACKNEY", "WELBECK ACADEMY PART OF WISE ACADEMIES", "THRYBERGH ACADEMY AND SPORTS COLLEGE",
    "WATERTON ACADEMY TRUST T A LEE BRIGG INFANT AND NURSERY SCHOOL",
])
def test_public_bodies_once_left_unknown(registers, postcodes, name):
    row = one([{"council_code": NEWCASTLE, "supplier_name": name}], registers, postcodes)
    assert row["class"] == "public_body", (name, row["class_rule"], row["class_value"])


@pytest.mark.parametrize("name", [
    "HM FLOORING", "HM RESIDENTIAL", "HM HENNES MAURITZ UK L", "LEEDS HOSPITAL CHARITABLE TRUST",
    "BOXING ACADEMY", "SPORTING STARS ACADEMY", "ROTHERHAM THEATRICAL STUDENT ACADEMY", "KIDS ACADEMY",
    "ACADEMY OF ANCIENT MUSIC", "LITTLE ACADEMY DAY NURSERY", "STREET WORK SOCCER ACADEMY LTD",
    "SHONA BOOCOCK ACADEMY PTA",
])
def test_not_public_bodies(registers, postcodes, name):
    row = one([{"council_code": NEWCASTLE, "supplier_name": name}], registers, postcodes)
    assert row["class"] != "public_body", (name, row["class_rule"], row["class_value"])


@pytest.mark.parametrize("name", ["SOLAR FOR SCHOOLS CBS LTD", "INCREDIBLE FARM CBS LTD", "Example Energy C.B.S."])
def test_community_benefit_societies_are_vcse(registers, postcodes, name):
    row = one([{"council_code": LEEDS, "supplier_name": name}], registers, postcodes)
    assert row["class"] == "vcse" and row["class_rule"] == "VCSE legal form"


def test_public_body_list_gives_every_entry_a_source():
    bodies = classify.read_public_bodies(DATA)
    assert {"name", "body_type", "note", "source"} <= set(bodies.columns)
    assert (bodies["source"].str.strip() != "").all(), bodies[bodies["source"].str.strip() == ""]["name"].tolist()
    assert not bodies["name"].str.upper().duplicated().any()


def test_a_person_shaped_working_name_is_neither_matched_nor_shown(registers, postcodes):
    # A charity named after a person has the person's name as its working name; a supplier of that name may be
    # the person. The name is taken from the register at run time, never written here.
    working = registers.charities[(registers.charities["charity_number"] == "216541")
                                  & (registers.charities["name_type"] == "working name")]["name"]
    name = working.iloc[0]
    row = one([{"council_code": LEEDS, "supplier_name": name}], registers, postcodes)
    assert row["class"] == "unknown" and not row["is_organisation"]
    assert "person" in row["class_value"]
    assert name.upper() not in str(row["class_value"]).upper()


def test_person_shape_rule():
    # placeholder words, not names: the rule is a shape over the forenames it is given
    forenames = frozenset({"ALPHA", "GAMMA"})
    keys = pd.Series(["ALPHA BETA", "GAMMA D DELTA", "ALPHA BETA LTD", "ALPHA BETA TRUST", "UNITED RESPONSE",
                      "ALPHA BETA PARTNERSHIP PLC", "ALPHA"])
    assert classify.person_shaped(keys, forenames).tolist() == [True, True, False, False, False, False, False]


def test_a_university_with_a_charity_number_is_a_public_body(registers, postcodes):
    """Universities are charities (exempt or registered), but in council spend they are public bodies."""
    row = one([{"council_code": "E08000036", "supplier_name": "UNIVERSITY OF LEEDS", "charity_number": "1025961"}],
              registers, postcodes)
    assert row["class"] == "public_body" and "university" in row["class_value"]
    u3a = one([{"council_code": "E08000036", "supplier_name": "UNIVERSITY OF THE THIRD AGE CIO"}], registers,
              postcodes)
    assert u3a["class"] == "vcse"
