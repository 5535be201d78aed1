"""The dashboard end to end with Streamlit's AppTest: every page, the shared URL filters, and privacy of names.

Runs against the small real warehouse from conftest.py (`warehouse_file`), located through KIL_WAREHOUSE.
"""
from __future__ import annotations

import inspect
import os
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from kil.classes import CLASSES

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
from dashboard.pages import PAGE_IDS as PAGES
BRADFORD, BRISTOL, HACKNEY, MALVERN = "E08000032", "E06000023", "E09000012", "E07000235"
# Pages on which Bristol's synthetic spend, asset registers or pilot figures appear, so each must say so.
BRISTOL_SYNTHETIC_PAGES = {"overview", "local_spend", "asset_transfers", "social_care"}
SPEND_COUNCILS = {"Bradford": BRADFORD, "Calderdale": "E08000033", "Leeds": "E08000035",
                  "Newcastle": "E08000021", "Wakefield": "E08000036", "Bristol": BRISTOL}


@pytest.fixture(scope="module", autouse=True)
def warehouse_env(warehouse_file):
    """Point the app at the test warehouse for this module, and restore the environment afterwards."""
    mp = pytest.MonkeyPatch()
    mp.setenv("KIL_WAREHOUSE", str(warehouse_file))
    yield warehouse_file
    mp.undo()


def run_page(page: str, council: str | None = None, **params: str) -> AppTest:
    """Run the app once (with URL parameters), switch to a page and run it again."""
    at = AppTest.from_file(APP, default_timeout=60)
    if council is not None:
        at.query_params["council"] = council
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page(f"app_pages/{page}.py").run()
    return at


def texts(at: AppTest) -> str:
    """All the visible text of a run: markdown, alerts, titles, headers, captions."""
    parts = []
    for kind in ("markdown", "warning", "info", "error", "success", "title", "header", "subheader", "caption"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def ok(at: AppTest) -> None:
    assert not at.exception, "\n\n".join(f"{e.message}\n{''.join(e.stack_trace)}" for e in at.exception)


# ---------------------------------------------------------------------------------------------- pages

@pytest.mark.parametrize("page", PAGES)
def test_page_renders_for_default_council(page):
    at = run_page(page)
    ok(at)
    assert len(at.title) >= 1 and at.title[0].value.strip()
    assert at.selectbox(key="council").value == BRADFORD
    if page not in ("compare_areas", "data_and_methods"):
        assert at.title[0].value.startswith("Bradford")


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_for_bristol_and_labels_synthetic(page):
    at = run_page(page, BRISTOL)
    ok(at)
    assert at.selectbox(key="council").value == BRISTOL
    assert at.title and at.title[0].value.strip()
    if page in BRISTOL_SYNTHETIC_PAGES:
        shown = "\n".join(str(w.value) for w in at.warning) + "\n" + "\n".join(str(m.value) for m in at.markdown)
        assert "Synthetic" in shown or "SYNTHETIC" in shown, shown


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_for_hackney(page):
    """Hackney: network council with no spend data loaded."""
    at = run_page(page, HACKNEY)
    ok(at)
    assert at.selectbox(key="council").value == HACKNEY
    assert at.title and at.title[0].value.strip()
    if page == "local_spend":
        assert any("No spend data is loaded for Hackney" in i.value for i in at.info), [i.value for i in at.info]


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_for_malvern_hills(page):
    """Malvern Hills: a district whose adult social care is Worcestershire's."""
    at = run_page(page, MALVERN)
    ok(at)
    assert at.selectbox(key="council").value == MALVERN
    assert at.title and at.title[0].value.strip()
    if page == "social_care":
        assert any("Worcestershire" in i.value and "provided by" in i.value for i in at.info), \
            [i.value for i in at.info]


def test_sidebar_selectbox_changes_council():
    at = run_page("local_spend")
    ok(at)
    at.selectbox(key="council").set_value(HACKNEY).run()
    ok(at)
    assert at.title[0].value.startswith("Hackney")
    assert at.query_params["council"] == [HACKNEY] or at.query_params["council"] == HACKNEY
    assert any("No spend data" in i.value for i in at.info)


def test_local_spend_drill_through_every_class():
    at = run_page("local_spend", BRADFORD)
    ok(at)
    for cls in CLASSES:
        at.selectbox(key="drill-class").set_value(cls).run()
        ok(at)


# ---------------------------------------------------------------------------------------------- URL

def qp(at: AppTest, key: str) -> str:
    """One query parameter's value (AppTest may hold a list)."""
    v = at.query_params[key]
    return v[0] if isinstance(v, list) else v


@pytest.mark.parametrize("bad", ["E99999999", "<script>alert(1)</script>"])
def test_bad_council_in_url_warns_and_falls_back(bad):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["council"] = bad
    at.run()
    ok(at)
    assert any(bad in w.value and "council" in w.value for w in at.warning), [w.value for w in at.warning]
    assert at.selectbox(key="council").value == BRADFORD
    assert qp(at, "council") == BRADFORD
    assert at.title[0].value.startswith("Bradford")


def test_bad_values_of_other_filters_fall_back():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"group": "mars", "period": "decade", "measure": "x", "service": "Nope"})
    at.run()
    ok(at)
    warned = " ".join(w.value for w in at.warning)
    for bad in ("mars", "decade", "Nope"):
        assert bad in warned, warned
    assert (qp(at, "group"), qp(at, "period"), qp(at, "measure")) == ("network", "fy", "total")


def test_query_params_hold_all_filters_after_a_run():
    at = run_page("local_spend", BRADFORD)
    ok(at)
    assert {k: qp(at, k) for k in ("council", "group", "period", "measure")} == {
        "council": BRADFORD, "group": "network", "period": "fy", "measure": "total"}
    assert "service" not in at.query_params   # all service areas: no parameter


def test_service_area_in_the_url_is_a_value_not_a_label():
    from dashboard import queries

    service = queries.service_areas(BRADFORD)[0]
    at = run_page("local_spend", BRADFORD, service=service)
    ok(at)
    assert qp(at, "service") == service
    assert at.selectbox(key="service").value == service


def test_permalink_restores_filters():
    at = run_page("local_spend", "E08000035", group="type", period="quarter", measure="per_head")
    ok(at)
    assert at.title[0].value.startswith("Leeds")
    assert (qp(at, "council"), qp(at, "group"), qp(at, "period"), qp(at, "measure")) == (
        "E08000035", "type", "quarter", "per_head")
    assert at.radio(key="group").value == "type"
    assert not at.warning or not any("is not a" in w.value for w in at.warning)


def test_group_radio_changes_query_params():
    at = run_page("social_care", BRADFORD)
    ok(at)
    assert qp(at, "group") == "network"
    at.radio(key="group").set_value("england").run()
    ok(at)
    assert qp(at, "group") == "england"
    assert qp(at, "council") == BRADFORD


# ---------------------------------------------------------------------------------------------- privacy

def _column(sql: str) -> list:
    """First column of a query through the app's read side."""
    from dashboard import db

    return list(db.query(sql).iloc[:, 0])


def _args_for(fn, council: str, classes) -> list[dict]:
    """Argument sets to call one query function with, from its signature."""
    params = inspect.signature(fn).parameters
    choices = {
        "council": [council], "code": [council], "period": ["fy", "month"], "service": [None],
        "measure": ["total"], "dimension": ["class", "locality", "grant"], "supplier_class": list(classes),
        "group": ["network", "england"], "groups": [("network", "england")], "dataset": ["spend", "neighbourhoods"],
        "year": ["2019/20", "2021/22"], "who": ["build", "cli:someone"],
    }
    combos = [{}]
    for name, p in params.items():
        if name in choices:
            combos = [c | {name: v} for c in combos for v in choices[name]]
        elif name == "indicator_id" or name == "datasets" or p.default is not inspect.Parameter.empty:
            continue
        else:
            raise AssertionError(f"{fn.__name__}: no test value for argument {name!r}")
    return combos


def _all_query_frames() -> list[tuple[str, pd.DataFrame]]:
    from dashboard import queries

    datasets = tuple(_column("select distinct dataset from loads"))
    indicators = _column("select distinct indicator_id from mart_indicators")
    out = []
    for name, fn in inspect.getmembers(queries, inspect.isfunction):
        if name.startswith("_") or not hasattr(fn, "uncached"):
            continue
        raw = fn.uncached
        params = inspect.signature(raw).parameters
        if "indicator_id" in params:
            for ind in indicators:
                for period in raw.__globals__["indicator_periods"].uncached(ind) if "period" in params else [None]:
                    kw = {"indicator_id": ind} | ({"period": period} if period else {})
                    out.append((f"{name}{kw}", raw(**kw)))
            continue
        if "datasets" in params:
            out.append((name, raw(datasets)))
            continue
        for council in SPEND_COUNCILS.values():
            for kw in _args_for(raw, council, CLASSES):
                out.append((f"{name}{kw}", raw(**kw)))
            if not any(p in params for p in ("council", "code")):
                break
    return out


def test_privacy_no_individual_name_in_any_query(native):
    names = {n for (n,) in native.execute("""
        select distinct s.supplier_name from spend s join suppliers p using (council_code, supplier_key)
        where p.class = 'individual' and s.supplier_name is not null and upper(s.supplier_name) not like '%REDACT%'
    """).fetchall()}
    # The same name may also be a supplier with evidence of being an organisation elsewhere: not a person.
    orgs = {n for (n,) in native.execute("""
        select distinct s.supplier_name from spend s join suppliers p using (council_code, supplier_key)
        where p.is_organisation
    """).fetchall()}
    names -= orgs
    assert len(names) >= 5, "the test warehouse should hold suppliers classed as individuals"
    frames = [(label, df) for label, df in _all_query_frames() if isinstance(df, pd.DataFrame)]
    assert len(frames) > 50
    leaks = []
    for label, df in frames:
        for col in df.columns:
            if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
                hits = set(df[col].dropna().astype(str)) & names
                if hits:
                    leaks.append((label, col, len(hits), sorted(hits)[:3]))
    assert not leaks, f"{len(leaks)} query results name individuals:\n" + "\n".join(map(str, leaks[:15]))


def test_compare_areas_opens_on_the_latest_year_with_real_data(native):
    """Bristol's synthetic spend runs a year past every real council's: the page must not open on a year that
    compares only synthetic values."""
    latest_real = native.execute("""
        select max(period) from mart_indicators where indicator_id = 'vcse_share' and not synthetic
          and value is not null""").fetchone()[0]
    latest_any = native.execute(
        "select max(period) from mart_indicators where indicator_id = 'vcse_share'").fetchone()[0]
    assert latest_any > latest_real                 # the case this test is about
    at = run_page("compare_areas", BRADFORD)
    ok(at)
    assert at.select_slider(key="compare-period").value == latest_real


@pytest.mark.parametrize("council", [HACKNEY, "E08000034", "E09000023", "E08000018"])
def test_neighbourhoods_says_plainly_there_are_no_ward_boundaries(council):
    """Hackney, Kirklees, Lewisham, Rotherham: spend is loaded, but no ward boundaries are shipped for them."""
    at = run_page("neighbourhoods", council)
    ok(at)
    name = at.title[0].value.split(":")[0]
    shown = " ".join(i.value for i in at.info)
    assert f"not for {name}" in shown and "Ward boundaries are held for" in shown, shown
    assert not at.get("plotly_chart")


# ---------------------------------------------------------------------------------------------- periods

CALDERDALE, LEEDS = "E08000033", "E08000035"
SPEND_TILES = ("think about the whole system", "increase local spend", "commission simply and collaboratively")


def test_overview_headline_uses_a_year_of_six_months_or_more_and_names_its_months():
    """The session warehouse holds two months of Calderdale's spend in 2019/20 (June, December) and one in 2021/22:
    no headline (it used to show 2021/22 against 2019/20); Bradford's April to December 2019 is named as such, and it is the
    baseline, so no change; Bristol's (synthetic) full years give 2023/24 against 2019/20."""
    from dashboard import overview

    calderdale = {t["principle"]: t for t in overview.tiles(CALDERDALE, "network")}
    for principle in SPEND_TILES:
        tile = calderdale[principle]
        assert tile["value"] == "too few months" and tile["delta"] is None and not tile["period"], tile
        assert "(the most: Jun–Dec 2019, 2 months)" in tile["sentence"], tile["sentence"]
    care = calderdale["focus on early intervention"]       # annual (Oflog): whole years, so a change is shown
    assert care["period"] and care["delta"] and "since 2019/20" in care["delta"]

    bradford = {t["principle"]: t for t in overview.tiles(BRADFORD, "network")}
    tile = bradford["increase local spend"]
    assert tile["period"] == "Apr–Dec 2019" and tile["delta"] is None and "in Apr–Dec 2019" in tile["sentence"]

    bristol = {t["principle"]: t for t in overview.tiles(BRISTOL, "network")}
    tile = bristol["increase local spend"]
    assert tile["period"] == "2023/24" and tile["delta"].endswith("since 2019/20")


def test_overview_tiles_show_their_period_on_screen():
    at = run_page("overview", BRADFORD)
    ok(at)
    labels = {m.label: m for m in at.metric}
    local = [m for label, m in labels.items() if label.startswith("Increase local spend")]
    assert local and "Apr–Dec 2019" in local[0].label, list(labels)
    assert not local[0].delta


def chart_titles(at: AppTest) -> list[str]:
    import json

    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_local_spend_top_suppliers_name_their_year_and_leave_out_card():
    """Leeds here: one month of 2019/20 and one of 2020/21, so the page opens on the latest, June 2020; the chart
    says which year it sums, that card payments are excluded, and (by month) that its totals are by year."""
    at = run_page("local_spend", LEEDS, period="month")
    ok(at)
    assert at.select_slider(key="spend-year").value == "2020/21"
    title = "Leeds: largest suppliers by financial year, 2020/21 (Jun 2020 on file), card payments excluded"
    assert title in chart_titles(at), chart_titles(at)
    shown = texts(at)
    assert "supplier totals are kept by financial year, not by month); card payments excluded" in shown, shown
    assert "Locality known for under 1% of spend in 2020/21 (Jun 2020 on file)" in shown, shown
    at.select_slider(key="spend-year").set_value("2019/20").run()
    ok(at)
    assert "Leeds: largest suppliers by financial year, 2019/20 (Dec 2019 on file), card payments excluded" in \
        chart_titles(at), chart_titles(at)


def test_local_spend_locality_known_is_the_chosen_years(native):
    """Leeds here: locality is known for more of June 2020's spend than of all its lines together, so a caption
    over every year misstates the year's."""
    from dashboard import queries

    def known(where: str, params: dict) -> float:
        return native.execute(f"""
            select coalesce(sum(s.amount) filter (coalesce(p.locality, 'unknown') <> 'unknown'), 0) / sum(s.amount)
            from spend s left join suppliers p using (council_code, supplier_key)
            where s.council_code = $c and s.kind = 'spend' {where}""", params).fetchone()[0]   # fixed SQL text

    year = known("and financial_year(s.month) = $y", {"c": LEEDS, "y": "2020/21"})
    every = known("", {"c": LEEDS})
    assert year > 0 and abs(year - every) > 1e-4
    got = queries.classified_share.uncached(LEEDS, "2020/21")["locality_known"].iloc[0]
    assert got == pytest.approx(year, abs=1e-9)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_can_be_cited(page, monkeypatch):
    """"Cite this view": the bundle's citation (publisher, year, version, access date), its address the configured
    public one when there is one (AppTest serves no URL), carrying the page's filters."""
    from dashboard.pages import BY_ID
    from kil import config

    monkeypatch.setenv("KIL_BASE_URL", "https://kil.example.org")
    at = run_page(page, BRADFORD)
    ok(at)
    cites = [c.value for c in at.code if c.value.startswith(config.PUBLISHER)]
    assert len(cites) == 1, [c.value for c in at.code]
    assert f"https://kil.example.org/{BY_ID[page].url_path}?council={BRADFORD}&" in cites[0]
    assert "version " in cites[0] and "(accessed " in cites[0] and "localhost" not in cites[0]


def test_data_and_methods_shows_the_methods():
    """The methods text on the page: the order of evidence (etl/classify.py's docstring), thresholds, months per
    council and sources with links."""
    from dashboard import methods

    at = run_page("data_and_methods", BRADFORD)
    ok(at)
    shown = texts(at)
    assert methods.TITLE in shown and methods.rules_markdown() in shown
    assert "- **2b. not identifiable**: a blank name" in shown and "```" not in shown   # a list, not a <pre> block
    assert "## Months per council" in shown and "| Bradford | E08000032 |" in shown
    assert "https://github.com/odileeds/council-spending-data/tree/" in shown
