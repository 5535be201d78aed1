"""Reference tables read from the shipped raw files (data/raw): councils, wards, MSOAs, Covid, social care."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from etl.readers import councils as council_reader, reference, social_care
from kil import councils as kil_councils, provenance

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
SQL = ROOT / "etl" / "sql" / "reference.sql"

BRADFORD, BRISTOL, HACKNEY, EAST_SUSSEX = "E08000032", "E06000023", "E09000012", "E10000011"
EAST_SUSSEX_DISTRICTS = {"E07000061", "E07000062", "E07000063", "E07000064", "E07000065"}
NEW_LEEDS_WARDS = {"E05013830", "E05013831"}


@pytest.fixture(scope="module")
def tables():
    return reference.read_all(DATA_DIR)


def test_tables_come_in_load_order(tables):
    assert tuple(tables) == reference.TABLES and reference.TABLES[0] == "councils"


@pytest.fixture(scope="module")
def councils(tables):
    return tables["councils"][0]


@pytest.fixture(scope="module")
def covid(tables):
    df = tables["covid_cases"][0]
    return df.assign(week_start=pd.to_datetime(df["week_start"]))


# --- raw files --------------------------------------------------------------------------------------------------

def test_every_raw_file_used_has_provenance_with_matching_sha256(tables):
    paths = {load.path for _, loads in tables.values() for load in loads}
    for path in paths:
        meta = provenance.read(path)
        assert meta, f"{path}: no provenance sidecar"
        assert meta["sha256"] == provenance.sha256(path), f"{path}: file changed since it was vendored"
        assert meta["source"] and meta["licence"] and meta["attribution"]


# --- ledger -----------------------------------------------------------------------------------------------------

def test_every_source_load_is_conserved_and_absolute(tables):
    for table, (_, loads) in tables.items():
        assert loads, f"{table}: no SourceLoad"
        for load in loads:
            assert load.dataset == table
            assert load.path.is_absolute() and load.path.exists()
            assert load.conserved(), f"{table} {load.path.name}: {load}"
            assert len(load.rejects) == load.rows_rejected
            assert all(r.reason for r in load.rejects)


def test_rows_loaded_match_the_tables_where_one_row_makes_one_row(tables):
    neighbourhoods, loads = tables["neighbourhoods"]
    ward_files = [load for load in loads if load.path.name.startswith("wards20")]
    assert sum(load.rows_loaded for load in ward_files) == len(neighbourhoods)
    social_care, (load,) = tables["social_care"]
    assert load.rows_loaded == len(social_care)


# --- councils ---------------------------------------------------------------------------------------------------

def test_councils_are_the_317_lads_of_2019_plus_the_2019_counties(councils):
    assert councils["code"].is_unique
    assert (councils["type"] != "county").sum() == 317
    counties = councils[councils["type"] == "county"]
    assert len(counties) == 26                      # the cty layer less Dorset (abolished April 2019)
    assert "E10000009" not in set(councils["code"])
    assert councils["type"].value_counts().to_dict() == {
        "district": 192, "unitary": 56, "metropolitan borough": 36, "London borough": 33, "county": 26,
    }


def test_each_network_council_has_name_type_and_population(councils):
    network = councils[councils["keep_it_local_network"]].set_index("code")
    assert set(network.index) == set(kil_councils.NETWORK) and len(network) == 17
    assert network["name"].notna().all() and network["type"].notna().all()
    assert network["population"].notna().all() and (network["population"] > 0).all()
    assert network.loc[BRADFORD, "population"] == 539_776
    assert network.loc[EAST_SUSSEX, "type"] == "county"
    assert network.loc["E07000235", "type"] == "district"        # Malvern Hills


def test_populations_on_their_own_are_the_councils_tables(councils):
    alone = council_reader.populations(DATA_DIR)
    by_code = councils.set_index("code")
    assert alone["population"].equals(by_code["population"].reindex(alone.index))
    assert alone["type"].equals(by_code["type"].reindex(alone.index))


def test_pilot_and_make_it_local_flags(councils):
    assert set(councils.loc[councils["keep_it_local_pilot"], "code"]) == {BRADFORD, BRISTOL}
    assert set(councils.loc[councils["make_it_local"], "code"]) == {BRISTOL}


def test_county_population_is_the_sum_of_its_districts(councils):
    by_code = councils.set_index("code")
    assert by_code.loc[EAST_SUSSEX, "population"] == by_code.loc[list(EAST_SUSSEX_DISTRICTS), "population"].sum()
    assert "sum of its districts" in by_code.loc[EAST_SUSSEX, "population_source"]


def test_social_care_council(councils):
    by_code = councils.set_index("code")
    assert by_code.loc["E07000235", "social_care_council_code"] == "E10000034"     # Malvern Hills -> Worcestershire
    assert set(by_code.index[by_code["social_care_council_code"] == EAST_SUSSEX]) == EAST_SUSSEX_DISTRICTS | {EAST_SUSSEX}
    not_districts = by_code[by_code["type"] != "district"]
    assert (not_districts["social_care_council_code"] == not_districts.index).all()
    districts = by_code[by_code["type"] == "district"]
    assert districts["social_care_council_code"].str.startswith("E10").all()


def test_imd_published_for_lads_not_counties(councils):
    lads = councils[councils["type"] != "county"]
    counties = councils[councils["type"] == "county"]
    assert lads["imd_score"].notna().all()
    assert counties["imd_score"].isna().all() and (counties["imd_note"] == "not published here").all()
    bradford = councils.set_index("code").loc[BRADFORD]
    assert bradford["imd_score"] == pytest.approx(34.666) and bradford["imd_rank"] == 13


def test_every_council_has_a_region(councils):
    assert councils["region"].notna().all()
    assert councils.set_index("code").loc[BRISTOL, "region"] == "South West"


# --- neighbourhoods ---------------------------------------------------------------------------------------------

def test_161_wards_each_with_a_council(tables, councils):
    wards = tables["neighbourhoods"][0]
    assert len(wards) == 161 and wards["ward_code"].is_unique
    assert wards["council_code"].isin(councils["code"]).all()
    assert wards.groupby("council_code").size().to_dict() == {
        BRISTOL: 34, "E08000021": 26, BRADFORD: 30, "E08000033": 17, "E08000035": 33, "E08000036": 21,
    }


def test_ward_imd_complete_except_the_two_new_leeds_codes(tables):
    wards = tables["neighbourhoods"][0].set_index("ward_code")
    missing = set(wards.index[wards["imd_score"].isna()])
    assert missing == NEW_LEEDS_WARDS
    assert wards.loc[list(NEW_LEEDS_WARDS), "income_score"].isna().all()       # null, not 0
    assert wards.loc[list(NEW_LEEDS_WARDS), "imd_note"].str.contains("new code since 2019").all()
    assert wards["imd_note"].drop(list(NEW_LEEDS_WARDS)).str.contains("unofficial").all()


def test_ward_geometry_is_geojson_and_small(tables):
    wards = tables["neighbourhoods"][0]
    for text in wards["geometry_geojson"]:
        assert json.loads(text)["type"] in {"Polygon", "MultiPolygon"}
    assert wards.groupby("council_code")["geometry_geojson"].apply(lambda s: s.str.len().sum()).max() < 300_000
    assert wards["centroid_lat"].between(51, 56).all() and wards["centroid_lon"].between(-3, -1).all()


def test_msoas_of_bradford_and_bristol_with_commons_library_names(tables):
    msoas = tables["msoas"][0].set_index("msoa_code")
    assert msoas.groupby("council_code").size().to_dict() == {BRISTOL: 55, BRADFORD: 61}
    assert msoas.loc["E02002183", "msoa_name"] == "Addingham & Ilkley Moor"
    assert msoas.loc["E02002183", "msoa_ons_name"] == "Bradford 001"
    assert msoas["imd_score"].notna().all()


# --- covid_cases ------------------------------------------------------------------------------------------------

def test_covid_zero_before_first_case(covid):
    bradford = covid[covid["council_code"] == BRADFORD]
    before = bradford[bradford["week_start"] < "2020-03-09"]       # Bradford's first row in the source
    assert len(before) == 6
    assert (before["cases"] == 0).all()


def test_covid_hackney_october_2020_is_null_not_zero(covid):
    hackney = covid[covid["council_code"] == HACKNEY].set_index("week_start")
    missing = pd.to_datetime(["2020-10-05", "2020-10-12", "2020-10-19"])
    assert hackney.loc[missing, "cases"].isna().all()
    assert hackney.loc[missing, "rate_per_100k"].isna().all()
    assert hackney.loc[pd.to_datetime(["2020-09-28", "2020-10-26"]), "is_partial_week"].all()
    assert hackney.loc[pd.Timestamp("2020-11-02"), "cases"] == 384


def test_covid_last_week_is_partial(covid):
    last = covid["week_start"].max()
    assert last == pd.Timestamp("2023-12-11")
    assert covid.loc[covid["week_start"] == last, "is_partial_week"].all()
    bradford = covid[covid["council_code"] == BRADFORD]
    assert bradford["is_partial_week"].sum() == 1
    assert bradford["week_ending"].iloc[-1] == date(2023, 12, 17)


def test_covid_totals_and_rates(covid):
    lads = covid[~covid["council_code"].str.startswith("E10")]
    assert lads["cases"].sum() == 20_825_034                      # England total in SOURCES.md
    assert covid.loc[covid["council_code"] == BRADFORD, "cases"].sum() == 189_830
    row = covid[(covid["council_code"] == BRADFORD) & (covid["week_start"] == "2020-11-02")].iloc[0]
    assert row["rate_per_100k"] == pytest.approx(row["cases"] / 539_776 * 100_000)


def test_covid_east_sussex_is_the_sum_of_its_districts(covid):
    week = covid[covid["week_start"] == "2021-01-04"].set_index("council_code")
    assert week.loc[EAST_SUSSEX, "cases"] == week.loc[list(EAST_SUSSEX_DISTRICTS), "cases"].sum()
    assert week.loc[EAST_SUSSEX, "population"] == 557_229
    assert week.loc[EAST_SUSSEX, "cases"] > 0


def test_covid_has_every_week_for_every_council(covid, councils):
    assert set(covid["council_code"]) == set(councils["code"])
    assert covid.groupby("council_code").size().eq(203).all()


# --- social care ------------------------------------------------------------------------------------------------

def test_social_care_measures_rank_order_normalised(tables):
    measures = tables["social_care_measures"][0].set_index("measure_id")
    assert measures.loc[["ASC1", "ASC2", "ASC3", "ASC4", "ASC5"], "higher_is_better"].eq(True).all()  # desc and DESC
    assert measures.loc[["ASC6", "ASC7"], "higher_is_better"].isna().all()
    assert not measures.loc["ASC7", "in_headlines"]
    assert measures.drop("ASC7")["in_headlines"].all()


def test_social_care_zeros_that_mean_missing_are_null(tables):
    care = tables["social_care"][0]
    asc2 = care[(care["measure_id"] == "ASC2") & (care["financial_year"] == "2019-20")].set_index("council_code")
    for code in ["E06000041", "E09000001", "E10000016", "E06000053", "E08000009"]:
        assert pd.isna(asc2.loc[code, "value"]) and "stands for missing" in asc2.loc[code, "note"]
    assert not (care.loc[care["measure_id"] == "ASC2", "value"] == 0).any()


def test_social_care_codes_are_2019_councils(tables, councils):
    care, (load,) = tables["social_care"]
    assert care["council_code"].isin(councils["code"]).all()
    bucks = care[care["source_council_code"] == "E06000060"]
    assert len(bucks) > 0 and (bucks["council_code"] == "E10000002").all()
    assert not care[["council_code", "measure_id", "financial_year"]].duplicated().any()
    assert load.rows_rejected == 90
    assert {r.raw.split(",")[1] for r in load.rejects} == set(social_care.UNMAPPABLE_CODES)


# --- DDL ----------------------------------------------------------------------------------------------------------

def test_every_dataframe_loads_into_its_ddl(tables):
    con = duckdb.connect(":memory:")
    con.execute(SQL.read_text()).fetchall()
    for table, (df, _) in tables.items():
        con.register("frame", df)
        con.execute(f"insert into {table} select * from frame").fetchall()
        con.unregister("frame")
        assert con.execute(f"select count(*) from {table}").fetchone()[0] == len(df)
        ddl_columns = [row[0] for row in con.execute(f"describe {table}").fetchall()]
        assert ddl_columns == list(df.columns)
    assert con.execute("select count(*) from covid_cases where cases is null").fetchone()[0] > 0
    con.close()
