"""A social care median is defined once: over the care authorities of a group, each once (a district takes its
county's figure, and the county counts once). The Overview's ASC5 tile and the Social care page agree."""
from __future__ import annotations

import pytest

BRADFORD, BURNLEY = "E08000032", "E07000117"     # a metropolitan borough (its own care) and a district (Lancashire's)


@pytest.fixture(autouse=True)
def env(warehouse_file, monkeypatch):
    monkeypatch.setenv("KIL_WAREHOUSE", str(warehouse_file))
    from dashboard.export import quiet_streamlit
    quiet_streamlit()


@pytest.mark.parametrize("council", [BRADFORD, BURNLEY])
@pytest.mark.parametrize("group", ["england", "network", "type"])
def test_asc5_medians_are_one_definition_on_every_page(council, group):
    from dashboard import queries

    care = queries.social_care.uncached(council, group)
    care = care[care["measure_id"] == "ASC5"].set_index("financial_year")
    tiles = queries.indicator_medians.uncached(council, group)
    tiles = tiles[tiles["indicator_id"] == "asc5_short_term_outcome"].set_index("period")
    assert len(care) and len(tiles)
    for year, row in care.iterrows():
        mine = tiles.loc[year.replace("-", "/")]
        median = row["group_median"] if group != "england" else row["england_median"]
        rests = row["group_median_councils"] if group != "england" else row["england_median_councils"]
        assert mine["median"] == pytest.approx(median) and mine["median_councils"] == rests, year


def test_the_england_asc5_median_counts_each_care_authority_once():
    """About 150 care authorities in England, not the 300-odd councils whose tiles show a figure."""
    from dashboard import queries

    m = queries.indicator_medians.uncached(BURNLEY, "england")
    m = m[m["indicator_id"] == "asc5_short_term_outcome"]
    assert m["median_councils"].between(140, 155).all() and m["group_councils"].between(140, 155).all()
