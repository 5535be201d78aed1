"""The synthetic demo data: reproducible to the byte, marked as synthetic everywhere, fictional names, real places."""
from __future__ import annotations

import csv
import gzip
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl import demo
from etl.readers import councils as council_reader
from etl.readers.demo import read_assets, read_pilot_metrics
from kil import councils, periods, provenance

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REGISTERS = DATA / "raw" / "registers"
DDL = ROOT / "etl" / "sql" / "demo_tables.sql"
CALDERDALE_HEADER = (
    "Body,Organisation Name,Date,Internal Ref Number,Invoice Number,Net Amount,Irrecoverable VAT,"
    "Supplier(Beneficiary) Name,Supplier Registered Company Number,Supplier Registered Charity Number,Supplier ID,"
    "VAT Registration Number,Expense Area,Procurement Classification: Council's Procurement Category Name,"
    "Expense Code,BVACOP,Proclass,Extended Description,Source,Subsource,Definition,Purpose of Spend (Summary),"
    "Voluntary Community and Social Enterprise Supplier"
).split(",")

pytestmark = pytest.mark.skipif(not (DATA / demo.inputs.CODEPOINT).exists(),
                                reason=f"{demo.inputs.CODEPOINT} is not in data/; the demo needs it for real postcodes")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """data dirs (each with demo/ inside) for seed 2020 twice and seed 7 once, and the row counts."""
    out = {}
    for name, seed in (("a", 2020), ("b", 2020), ("c", 7)):
        base = tmp_path_factory.mktemp(f"demo_{name}")
        out[name] = (base, demo.generate(seed, base / "demo", DATA))
    return out


@pytest.fixture(scope="module")
def demo_dir(generated) -> Path:
    return generated["a"][0] / "demo"


@pytest.fixture(scope="module")
def codepoint() -> pd.DataFrame:
    return demo.inputs.load_postcodes(DATA, demo.inputs.network_councils(DATA).counties())


def _lines(path: Path) -> int:
    """Records in a CSV file (plain or gzip), header excluded."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def _pilot_months() -> list:
    return [m for m in periods.window_months() if f"{m:%Y-%m}" >= demo.pilot.PILOT_START]


def test_same_seed_gives_the_same_bytes(generated):
    a, b = _files(generated["a"][0] / "demo"), _files(generated["b"][0] / "demo")
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert generated["a"][1] == generated["b"][1]


def test_a_different_seed_gives_different_data(generated):
    a, c = _files(generated["a"][0] / "demo"), _files(generated["c"][0] / "demo")
    assert sorted(a) == sorted(c)                       # same layout
    data_files = [n for n in a if not n.endswith(".provenance.json")]
    assert all(a[n] != c[n] for n in data_files)


def test_the_shipped_demo_is_what_seed_2020_generates(demo_dir):
    shipped = DATA / "demo"
    if not shipped.exists():
        pytest.skip("data/demo has not been generated; run `python -m etl demo`")
    assert _files(shipped) == _files(demo_dir), "data/demo is stale: run `python -m etl demo` to regenerate it"


def test_row_counts_and_layout(generated, demo_dir):
    counts = generated["a"][1]
    assert counts["suppliers"] == _lines(demo_dir / "suppliers" / "bristol" / "suppliers.synthetic.csv") == 400
    pilot = demo_dir / "pilot" / "make_it_local.synthetic.csv"
    assert counts["pilot_metrics"] == _lines(pilot) == 7 * len(_pilot_months()) * 6   # organisations x months x metrics
    spend = sorted((demo_dir / "spend" / "bristol" / "spend").glob("*.synthetic.csv.gz"))
    assert [p.name[:7] for p in spend] == [f"{m:%Y-%m}" for m in periods.window_months()]   # the dashboard's window
    assert counts["spend"] == sum(_lines(p) for p in spend)
    assets = sorted((demo_dir / "assets").glob("*.synthetic.csv"))
    assert sorted(p.name.removesuffix(".synthetic.csv") for p in assets) == sorted(councils.SLUGS)
    assert counts["asset_transfers"] == sum(_lines(p) for p in assets)
    assert sum(p.stat().st_size for p in demo_dir.rglob("*")) < 15_000_000


def test_every_file_says_it_is_synthetic(demo_dir):
    data_files = [p for p in demo_dir.rglob("*") if p.is_file() and not p.name.endswith(".provenance.json")]
    assert data_files
    for path in data_files:
        assert "synthetic" in path.name.lower()
        meta = provenance.read(path)
        assert set(provenance.FIELDS) <= set(meta), path
        assert meta["synthetic"] is True and meta["seed"] == 2020 and meta["generator"] == demo.files.GENERATOR
        assert (ROOT / meta["generator"]).exists()
        assert meta["sizing"] and "SYNTHETIC" in meta["notes"]
        assert meta["sha256"] == provenance.sha256(path)


def _spend(demo_dir: Path) -> pd.DataFrame:
    frames = []
    for path in sorted((demo_dir / "spend" / "bristol" / "spend").glob("*.synthetic.csv.gz")):
        with gzip.open(path, "rt", encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == CALDERDALE_HEADER
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        frames.append(df.assign(month=path.name[:7]))
    return pd.concat(frames, ignore_index=True)


def test_spend_tells_the_story_in_calderdales_layout(demo_dir):
    df = _spend(demo_dir)
    assert (df["Organisation Name"] == "Bristol City Council (SYNTHETIC DEMO DATA)").all()
    amount = df["Net Amount"].astype(float)
    assert (amount < 0).sum() > 100 and (df["Supplier(Beneficiary) Name"] == "REDACTED PERSONAL DATA").sum() > 1000
    lines = df.groupby("month").size()
    pilot = df[df["Purpose of Spend (Summary)"].str.startswith("Make it Local pilot")].groupby("month").size()
    expected = pd.Series({m: demo.spend.expected_lines(pd.Period(m, freq="M")) for m in lines.index})
    ratio = (lines - pilot.reindex(lines.index, fill_value=0)) / expected
    assert ratio.between(0.85, 1.15).all(), ratio      # the model's lines, within 5 sd of its 3% noise
    assert lines["2020-04"] < 0.7 * lines["2020-03"] and lines["2020-09"] > lines["2020-04"]   # dip, recovery
    vcse = amount.where(df["Voluntary Community and Social Enterprise Supplier"] == "Y", 0.0)
    year = df["month"].map(lambda m: periods.financial_year(pd.Period(m, freq="M").to_timestamp().date()))
    share = vcse.groupby(year).sum() / amount.groupby(year).sum()
    assert share.is_monotonic_increasing, share
    assert "Voluntary Associations" in set(df["Procurement Classification: Council's Procurement Category Name"])
    assert df.groupby("month")["Internal Ref Number"].apply(lambda s: s.is_unique).all()


def test_names_are_fictional(demo_dir):
    ours = set(pd.read_csv(demo_dir / "suppliers" / "bristol" / "suppliers.synthetic.csv", dtype=str)["supplier_name"])
    for path in (demo_dir / "assets").glob("*.csv"):
        assets = pd.read_csv(path, dtype=str, keep_default_na=False)
        ours |= set(assets["receiving_organisation"]) | set(assets["asset_name"])
    pilot = pd.read_csv(demo_dir / "pilot" / "make_it_local.synthetic.csv", dtype=str)
    ours |= set(pilot["organisation"])
    ours.discard("")
    assert all(name.endswith(" (demo)") for name in ours)
    real = set()
    for path in sorted(REGISTERS.glob("ccew_charity_other_names*.csv.gz")):
        real |= set(pd.read_csv(path, dtype=str, usecols=["charity_name"])["charity_name"].dropna())
    for path in sorted(REGISTERS.glob("ukcat_manually_classified_charities_*.csv.gz")):
        real |= set(pd.read_csv(path, dtype=str, usecols=["name"])["name"].dropna())
    if not real:
        pytest.skip("no charity register names in data/raw/registers to compare with")
    real = {n.strip().lower() for n in real}
    clashes = [n for n in ours if n.lower() in real or n.removesuffix(" (demo)").lower() in real]
    assert clashes == []
    sup = pd.read_csv(demo_dir / "suppliers" / "bristol" / "suppliers.synthetic.csv", dtype=str, keep_default_na=False)
    assert (sup["charity_number"] == "").all() and (sup["company_number"] == "").all()


def test_postcodes_are_real_and_in_place(demo_dir, codepoint):
    ward_of = dict(zip(codepoint["postcode"], codepoint["ward_code"]))
    council_of = dict(zip(codepoint["postcode"], codepoint["council_code"]))
    sup = pd.read_csv(demo_dir / "suppliers" / "bristol" / "suppliers.synthetic.csv", dtype=str)
    assert sup["postcode"].isin(ward_of.keys()).all()
    assert sup["class"].isin(["vcse", "public_body", "private"]).all()
    local = sup["postcode"].map(council_of).eq(councils.BRISTOL).mean()
    assert 0.62 <= local <= 0.78
    for code in councils.NETWORK:
        slug = councils.slug(code)
        assets = pd.read_csv(demo_dir / "assets" / f"{slug}.synthetic.csv", dtype=str, keep_default_na=False)
        assert (assets["postcode"].map(council_of) == code).all(), slug
        assert (assets["postcode"].map(ward_of) == assets["ward_code"]).all(), slug
        assert (assets["ward_name"] != "").all(), slug
    pilot = pd.read_csv(demo_dir / "pilot" / "make_it_local.synthetic.csv", dtype=str)
    bristol_wards = set(codepoint.loc[codepoint["council_code"] == councils.BRISTOL, "ward_code"])
    assert pilot["ward_code"].isin(bristol_wards).all()
    assert pilot.groupby("organisation")["ward_code"].nunique().eq(1).all()
    assert pilot.drop_duplicates("organisation")["ward_code"].is_unique


def test_asset_registers_are_sized_from_published_figures(demo_dir):
    bradford = pd.read_csv(demo_dir / "assets" / "bradford.synthetic.csv", dtype=str)
    assert bradford["status"].value_counts().to_dict() == {"in progress": 63, "completed": 36}
    bristol = pd.read_csv(demo_dir / "assets" / "bristol.synthetic.csv", dtype=str)
    assert (bristol["status"] == "completed").sum() > 150
    # The others: England's 350 a year over the asset window's financial years, scaled by the councils table's
    # population; the window ends with the dashboard's (kil.periods).
    population = council_reader.populations(DATA)
    england = population.loc[population["type"] != "county", "population"].sum()
    years = demo.assets.CAT_FINANCIAL_YEARS
    assert years[0] == "2015/16" and years[-1] == periods.financial_year(periods.WINDOW_END)
    leeds = pd.read_csv(demo_dir / "assets" / "leeds.synthetic.csv", dtype=str)
    leeds_population = population.loc["E08000035", "population"]
    assert (leeds["status"] == "completed").sum() == round(350 * len(years) * leeds_population / england)
    sizing = provenance.read(demo_dir / "assets" / "leeds.synthetic.csv")["sizing"]
    assert f"{leeds_population:,} of England's {england:,}" in sizing and f"{len(years)} financial years" in sizing
    assert "Bradford's published figures" in provenance.read(demo_dir / "assets" / "bradford.synthetic.csv")["sizing"]


def test_completed_transfers_fall_in_the_asset_window(demo_dir):
    agreed = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)
                        for p in (demo_dir / "assets").glob("*.synthetic.csv")])["date_agreed"]
    agreed = pd.to_datetime(agreed[agreed != ""]).dt.date
    start, end = demo.assets.CAT_WINDOW
    assert demo.assets.BRISTOL_FROM <= agreed.min() and agreed.max() <= end
    last_year = periods.financial_year(periods.WINDOW_END)
    assert (agreed.map(periods.financial_year) == last_year).sum() > 0      # the window's last year holds some


def test_pilot_has_seven_organisations_and_six_metrics(demo_dir):
    df, _ = read_pilot_metrics(demo_dir.parent)
    orgs = df.drop_duplicates("organisation")["organisation_type"].value_counts().to_dict()
    assert orgs == {"community business": 4, "equalities organisation": 3}
    assert sorted(df["month"].dt.date.unique()) == _pilot_months() and df["metric"].nunique() == 6
    wemwbs = df[df["metric"] == "wellbeing_wemwbs"]
    assert wemwbs["value"].between(14, 70).all() and wemwbs["target"].between(14, 70).all()


def _execute_ddl() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute(DDL.read_text(encoding="utf-8"))
    return con


@pytest.mark.parametrize("reader,table", [(read_assets, "asset_transfers"), (read_pilot_metrics, "pilot_metrics")])
def test_readers_match_the_ddl_and_conserve_rows(demo_dir, generated, reader, table):
    df, loads = reader(demo_dir.parent)
    assert loads and all(load.synthetic and load.conserved() and load.rows_rejected == 0 for load in loads)
    assert sum(load.rows_loaded for load in loads) == len(df) == generated["a"][1][table]
    con = _execute_ddl()
    columns = [row[0] for row in con.execute(f"describe {table}").fetchall()]
    assert list(df.columns) == columns
    con.register("frame", df)
    con.execute(f"insert into {table} select * from frame")
    assert con.execute(f"select count(*), bool_and(synthetic), count(distinct source_file) from {table}").fetchone() \
        == (len(df), True, len(loads))


def _append_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def _first_row(path: Path) -> list[str]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1]


def test_readers_reject_bad_lines_with_reasons(demo_dir, tmp_path):
    shutil.copytree(demo_dir, tmp_path / "demo")
    assets = tmp_path / "demo" / "assets" / "york.synthetic.csv"
    n = len(pd.read_csv(assets, dtype=str)) + 1                 # lines in the file, header included
    good = _first_row(assets)
    _append_rows(assets, [
        good,                                                   # n+1: the same asset_id again
        [*good[:9], "2021-13-45", *good[10:]],                  # n+2: no such date
        [good[0] + "x", *good[1:8], "squatted", *good[9:]],     # n+3: unknown tenure
        ["a", "b"],                                             # n+4: too few fields
    ])
    (tmp_path / "demo" / "assets" / "atlantis.synthetic.csv").write_text(
        ",".join(demo.layout.ASSET_COLUMNS) + "\n", encoding="utf-8")
    df, loads = read_assets(tmp_path)
    york = next(load for load in loads if load.path == assets)
    assert york.conserved() and york.rows_read == n - 1 + 4
    assert (york.rows_duplicate, york.rows_rejected) == (1, 3)
    reasons = {r.row: r.reason for r in york.rejects}
    assert "not a date" in reasons[n + 2]
    assert "is not one of freehold" in reasons[n + 3]
    assert "2 fields where the header has 14" in reasons[n + 4]
    assert len(df) == sum(load.rows_loaded for load in loads)
    atlantis = next(load for load in loads if load.path.name == "atlantis.synthetic.csv")
    assert atlantis.status == "rejected" and "not a Keep it Local council" in atlantis.message

    pilot = tmp_path / "demo" / "pilot" / "make_it_local.synthetic.csv"
    row = _first_row(pilot)
    _append_rows(pilot, [[*row[:4], "2022-02-15", *row[5:]], [*row[:6], "lots", *row[7:]]])
    df, loads = read_pilot_metrics(tmp_path)
    assert loads[0].conserved() and loads[0].rows_rejected == 2
    assert "first day of a month" in loads[0].rejects[0].reason
    assert "'lots' is not a number" in loads[0].rejects[1].reason


def test_cli_writes_where_asked(tmp_path):
    assert demo.main(["--seed", "3", "--out", str(tmp_path / "out"), "--data-dir", str(DATA)]) == 0
    assert (tmp_path / "out" / "pilot" / "make_it_local.synthetic.csv.provenance.json").exists()
    meta = json.loads((tmp_path / "out" / "pilot" / "make_it_local.synthetic.csv.provenance.json").read_text())
    assert meta["seed"] == 3
