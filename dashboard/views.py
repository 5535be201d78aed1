"""What each page shows, as data: a View of charts and tables built from queries, with no Streamlit layout.

Pages lay a View out on screen; exports (dashboard/export/) write the same View to files. So what leaves is what
was on screen: the same queries, the same filters, the same synthetic labels and the same protection of names.
Page-level choices (which ward indicator, which pilot metric...) are `options`, with defaults.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from dashboard import charts, db, methods, overview, pages, queries, sources
from dashboard.filters import GROUPS, Filters
from kil import classes, config, indicators, periods

# Views kept built: every page for 16 filter choices (a View pickles to 0.02-0.35 MB: Leeds, 10M lines).
VIEW_CACHE_ENTRIES = 128


@dataclass
class Item:
    """A chart (fig set) or a table (fig None), its data exactly as shown, and where the data came from:
    `datasets` are the warehouse tables it rests on (the ledger's datasets), `council` the council whose spend
    files it cites (None: every council's)."""
    id: str
    title: str
    data: pd.DataFrame
    datasets: tuple[str, ...]
    caption: str = ""
    fig: object | None = None
    synthetic: bool = False
    section: str = ""
    council: str | None = None


@dataclass
class View:
    page_id: str
    title: str
    intro: str
    filters: Filters
    council_name: str
    items: list[Item] = field(default_factory=list)
    tiles: list[dict] = field(default_factory=list)
    banner: str | None = None          # what is synthetic here, when anything is
    empty: str | None = None           # the page's empty state, when there is nothing to show
    notes: list[str] = field(default_factory=list)
    options: dict = field(default_factory=dict)
    text: str = ""                     # a long text in Markdown below the items (Data and methods: the methods)

    @property
    def synthetic(self) -> bool:
        return bool(self.banner) or any(i.synthetic for i in self.items) or any(t["synthetic"] for t in self.tiles)

    @property
    def datasets(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for item in self.items:
            seen.update(dict.fromkeys(item.datasets))
        return tuple(seen)


SPEND = ("spend", "registers", "postcodes")   # a council's spend, classified with the registers


def _any(df: pd.DataFrame, column: str = "synthetic") -> bool:
    return column in df and bool(df[column].fillna(False).astype(bool).any())


def _held(dataset: str) -> str:
    """'Bradford, Calderdale and Bristol (synthetic)': the network councils a dataset holds, from the data."""
    held = queries.councils_with(dataset)
    names = [n + (" (synthetic)" if s else "") for n, s in zip(held["name"], held["synthetic"])]
    if not names:
        return "no council yet"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ----------------------------------------------------------------------------------------------- pages

def overview_view(f: Filters, name: str, options: dict) -> View:
    v = View("overview", f"{name}: Keep it Local at a glance",
             "Is money moving from mega-outsourcing to local community organisations, are buildings passing into "
             "community hands, and are community-led services doing better? One tile per Keep it Local principle: "
             "the latest year with enough months (named when not the whole year), its change from the pre-Covid "
             f"baseline (FY{periods.BASELINE}) where both cover the same months, and the {GROUPS[f.group]} median"
             + (" and England's" if f.group != "england" else "") + ". Spend figures here are set against other "
             "councils, so they count "
             f"{indicators.BASES[indicators.CROSS_COUNCIL_BASIS]}, as every median does; each median says how many "
             "councils with data it rests on.", f, name)
    v.tiles = overview.tiles(f.council, f.group)
    v.items.append(Item("principles", "Keep it Local principles: headline indicators", overview.tiles_table(v.tiles),
                        ("spend", "social_care", "asset_transfers"), synthetic=any(t["synthetic"] for t in v.tiles),
                        council=f.council))
    cov = overview.coverage_summary(f.council)
    v.items.append(Item("coverage-summary", "What the figures rest on", cov, ("spend",),
                        "Datasets by coverage status and months.", synthetic=bool((cov["status"] == "synthetic").any()),
                        council=f.council))
    months = queries.coverage(f.council)
    spend = months[months["dataset"] == "spend"]
    if len(spend):
        synthetic = bool((spend["status"] == "synthetic").any())
        v.items.append(Item(
            "coverage", f"{name}: spend lines by payment month and coverage status", spend, SPEND,
            "Complete: a published file covers the month. Partial: lines dated in the month but no file for it. "
            "Missing: nothing published here. Months with no data are gaps, not zeros.",
            charts.coverage(spend, name), synthetic, council=f.council))
    if any(t["synthetic"] for t in v.tiles) or _any(spend.assign(synthetic=spend["status"] == "synthetic")):
        v.banner = "tiles and figures marked synthetic"
    return v


def local_spend_view(f: Filters, name: str, options: dict) -> View:
    v = View("local_spend", f"{name}: local spend",
             "Spend with suppliers by what they are and where they are based, "
             "by payment month. Public spend files rarely say either, so *unknown* is shown with its share, never "
             "hidden or guessed.", f, name)
    by_class = queries.spend_by(f.council, f.period, f.service, f.measure, "class")
    if by_class["amount"].isna().all():
        v.empty = (f"No spend data is loaded for {name}. Of the Keep it Local Network, the product holds "
                   f"{_held('spend')}. See Data and methods for what is missing and why.")
        return v
    ds = SPEND
    own = indicators.BASES[indicators.OWN_BASIS]
    syn = _any(by_class)
    if syn:
        v.banner = f"{name} spend"
    # the rows the share chart plots: each external class's share beside its amount and its base
    shares = by_class[by_class["category"].isin(classes.EXTERNAL_CLASSES)].reset_index(drop=True)
    v.items += [
        Item("spend-by-class", f"{name}: spend by supplier class", by_class, ds,
             "Net spend (credits negative) by payment month, grouped by the period filter.",
             charts.stacked_spend(by_class, "class", f.measure, name), syn, "By supplier class", f.council),
        Item("class-shares", f"{name}: share of external spend by supplier class ({own})", shares, ds,
             classes.EXTERNAL_SPEND + f" Counted on {own}: the base of the VCSE share on this council's own pages "
             f"(the overview, set against other councils, counts {indicators.BASES['comparable']}).",
             charts.shares(shares, name, own), syn, "By supplier class", f.council),
    ]
    cls = options.get("drill_class", "vcse")
    lines = queries.supplier_lines(f.council, cls, f.service)
    limit = queries.DRILL_LIMITS["class" if f.service is None else "service"]
    v.items.append(Item("drill-lines", f"{name}: largest lines, {classes.CLASS_LABELS[cls]}", lines, ds,
                        f"The {limit} largest lines of this class"
                        + ("" if f.service is None else " in this service area")
                        + ", each with the file and row it came from. Names of people are never shown.", None,
                        _any(lines), "By supplier class", f.council))
    months = queries.months_covered(f.council)
    year = options.get("year") if options.get("year") in months else default_spend_year(f.council)
    label = periods.year_label(year, months[year]) if year else "no year on file"
    chosen = "the financial year chosen above" if len(months) > 1 else "the only financial year on file"
    by_loc = queries.spend_by(f.council, f.period, f.service, f.measure, "locality")
    known = queries.classified_share(f.council, year) if year else pd.DataFrame()
    lk = known["locality_known"].iloc[0] if len(known) else None
    coverage = "n/a" if lk is None or pd.isna(lk) else "under 1%" if 0 < lk < 0.005 else f"{lk:.0%}"
    v.items.append(Item("spend-by-locality", f"{name}: spend by where the supplier is based", by_loc, ds,
                        f"Locality known for {coverage} of spend in {label}, {chosen}. It comes from a council's "
                        "own supplier register or a matched register postcode, which most published spend lacks.",
                        charts.stacked_spend(by_loc, "locality", f.measure, name), syn, "By locality", f.council))
    svc = queries.spend_by_service(f.council, f.period, f.measure)
    v.items.append(Item("spend-by-service", f"{name}: spend by service area", svc, ds,
                        "Service areas are the council's own names and are never compared across councils.",
                        charts.by_service(svc, f.measure, name), syn, "By service area", f.council))
    top = queries.top_suppliers(f.council, year) if year else pd.DataFrame(
        columns=["supplier", "supplier_class", "evidence", "amount", "lines", "synthetic"])
    by_year = "" if f.period == "fy" else " by financial year"
    top_title = f"{name}: largest suppliers{by_year}, {label}, card payments excluded"
    conc = (queries.concentration(f.council, indicators.OWN_BASIS)
            .pivot_table(index="financial_year", columns="indicator_id", values="value", aggfunc="first")
            .reindex(columns=list(queries.CONCENTRATION))
            .rename(columns=CONCENTRATION_COLUMNS)
            .reset_index())
    conc.columns.name = None
    conc["basis"] = own
    conc["synthetic"] = bool(by_class["synthetic"].any())
    v.items += [
        Item("top-suppliers", top_title, top, ds,
             f"Spend files' lines paid in {label}, {chosen}"
             + ("" if f.period == "fy" else f" (supplier totals are kept by financial year, not by {f.period})")
             + "; card payments excluded. "
             "Organisations are named only on positive evidence of being an organisation; individuals and "
             "suppliers without such evidence are grouped without names.",
             charts.top_suppliers(top, top_title) if len(top) else charts.empty(f"No spend lines in {label}."),
             _any(top), "Top suppliers", f.council),
        Item("concentration", f"{name}: supplier concentration by financial year ({own})", conc, ds,
             " ".join(i.definition for i in (indicators.TOP10_SHARE, indicators.HHI, indicators.UNATTRIBUTED_SHARE))
             + f" Counted on {own}.", None, _any(conc), "Top suppliers", f.council),
    ]
    grants = queries.spend_by(f.council, f.period, f.service, f.measure, "grant")
    v.items.append(Item("grants", f"{name}: grants and other payments", grants, ds,
                        "Grants are lines in the council's named grant categories; 'unknown' where a council "
                        "publishes no category column.", charts.stacked_spend(grants, "grant", f.measure, name), syn,
                        "Grants", f.council))
    v.options = {"drill_class": cls, "year": year}
    return v


def default_spend_year(council: str) -> str | None:
    """Local spend opens on the year a headline uses (kil/periods.headline_year), else the latest year on file."""
    months = queries.months_covered(council)
    return periods.headline_year(months) or (max(months) if months else None)


# The concentration table's columns: the indicators of queries.CONCENTRATION, each named with its base and unit.
CONCENTRATION_COLUMNS = {
    "top10_share": "top-10 suppliers' share of external spend (0-1)",
    "hhi": "HHI of external spend (0-10,000)",
    "unattributed_share": "not identifiable share of external + not identifiable spend (0-1)",
}

WARD_MEASURES = {"imd_score": "IMD 2019 score", "supplier_spend": "Spend with suppliers based in the ward (£)",
                 "transfers": "Completed community asset transfers"}


def neighbourhoods_view(f: Filters, name: str, options: dict) -> View:
    v = View("neighbourhoods", f"{name}: neighbourhoods",
             "Wards by deprivation (IMD 2019, an "
             "unofficial aggregation of LSOA scores to wards). Spend is placed where a supplier is *based*, not "
             "where its services are delivered, and only where the supplier's postcode is known.", f, name)
    wards = queries.wards(f.council)
    if wards.empty:
        v.empty = f"Ward boundaries are held for {_held('neighbourhoods')}; not for {name}."
        return v
    choice = options.get("ward_measure", "imd_score")
    if choice == "transfers":   # the register covers the whole council: a ward with none has zero, not unknown
        wards = wards.assign(transfers=wards["transfers"].fillna(0))
    # The item holds deprivation and the chosen measure only, each row saying whether its value is synthetic: the
    # deprivation view carries no synthetic spend or transfers (they are the other measures').
    synthetic = wards[f"{choice}_synthetic"] if f"{choice}_synthetic" in wards else pd.Series(False, wards.index)
    shown = wards[["ward_code", "ward_name", "imd_score", "imd_note"] + ([choice] if choice != "imd_score" else [])]
    shown = shown.assign(synthetic=synthetic.fillna(False).astype(bool))
    syn = bool(shown["synthetic"].any())
    if syn:
        v.banner = WARD_MEASURES[choice]
    datasets = ("neighbourhoods",) + {"supplier_spend": SPEND, "transfers": ("asset_transfers",)}.get(choice, ())
    known = int(wards[choice].notna().sum())
    caption = f"{known} of {len(wards)} wards have a value."
    if f.council == "E08000035":
        caption += " Two Leeds wards have new codes since 2019, so their IMD is missing, not zero."
    if known == 0:
        v.notes.append("No ward has data for this measure here: supplier locations are known only where a council "
                       "publishes a supplier register (Bristol's is synthetic).")
    v.items.append(Item(f"ward-map-{choice}", f"{name}: {WARD_MEASURES[choice]} by ward", shown, datasets, caption,
                        charts.choropleth(wards, choice, WARD_MEASURES[choice], name, syn), syn,
                        council=f.council))
    if choice != "imd_score":
        v.items.append(Item(f"ward-scatter-{choice}", f"{name}: {WARD_MEASURES[choice]} against deprivation", shown,
                            datasets, caption, charts.scatter_vs_deprivation(wards, choice, WARD_MEASURES[choice],
                                                                             name, syn), syn,
                            council=f.council))
    v.options = {"ward_measure": choice}
    return v


def asset_transfers_view(f: Filters, name: str, options: dict) -> View:
    v = View("asset_transfers", f"{name}: community asset transfers",
             "No council publishes its asset transfer register in a common "
             "form, so every figure on this page is synthetic, sized from published totals (Bradford: 36 completed "
             "since its 2015 policy and 63 in progress; Bristol: over 150 properties leased to voluntary and "
             "community organisations; England: about 350 transfers a year).", f, name,
             banner="asset transfer registers")
    assets = queries.assets(f.council)
    if assets.empty:
        v.empty = f"No asset transfer register (not even a synthetic one) for {name}."
        return v
    assets = assets.assign(year=pd.to_datetime(assets["date_agreed"]).dt.year)
    by_year = assets.groupby(["year", "status"], as_index=False).size().rename(columns={"size": "transfers"})
    by_tenure = assets.groupby(["tenure", "status"], as_index=False).size().rename(columns={"size": "transfers"})
    by_type = assets.groupby(["asset_type", "status"], as_index=False).size().rename(columns={"size": "transfers"})
    v.items += [
        Item("assets-by-year", f"{name}: transfers by year agreed and status", by_year, ("asset_transfers",), "",
             charts.counts(by_year, "year", "transfers", "status", f"{name}: transfers by year agreed and status",
                           True), True),
        Item("assets-by-tenure", f"{name}: transfers by tenure", by_tenure, ("asset_transfers",), "",
             charts.counts(by_tenure, "tenure", "transfers", "status", f"{name}: transfers by tenure", True), True),
        Item("assets-by-type", f"{name}: transfers by asset type", by_type, ("asset_transfers",), "",
             charts.counts(by_type, "asset_type", "transfers", "status", f"{name}: transfers by asset type", True),
             True),
    ]
    wards = queries.wards(f.council)
    if len(wards) and wards["transfers"].notna().any():
        wards = wards.assign(transfers=wards["transfers"].fillna(0))
        v.items.append(Item("assets-map", f"{name}: completed transfers by ward", wards.drop(
            columns=["geometry_geojson"]), ("asset_transfers", "neighbourhoods"), "",
            charts.choropleth(wards, "transfers", "Completed community asset transfers", name, True), True))
    v.items.append(Item("asset-register", f"{name}: asset transfer register", assets.drop(columns=["source_file"]),
                        ("asset_transfers",), "Search with the table's own search (magnifier).", None, True))
    return v


def social_care_view(f: Filters, name: str, options: dict) -> View:
    v = View("social_care", f"{name}: adult social care",
             "Oflog's adult social care measures by financial year: "
             f"the council, the {GROUPS[f.group]} median and the England median, each read by its measure's "
             "direction.", f, name)
    care = queries.social_care(f.council, f.group)
    responsible = care["responsible_code"].iloc[0] if len(care) else f.council
    if responsible != f.council:
        v.notes.append(f"{name} is a district: adult social care here is provided by "
                       f"{queries.council(responsible)['name']}, so its figures are shown.")
    for measure_id, m in care.groupby("measure_id", sort=True):
        first = m.iloc[0]
        better = {True: "higher is better", False: "lower is better"}.get(first["higher_is_better"],
                                                                           "the source gives no better direction")
        data = m.drop(columns=["responsible_code"])
        last = m.iloc[-1]
        in_group = 0 if pd.isna(last["group_median_councils"]) else last["group_median_councils"]
        rests = (f"Medians count each care authority once (a district takes its county's figure): in "
                 f"{last['financial_year']} the England median rests on {last['england_median_councils']:.0f}, the "
                 f"{GROUPS[f.group]} median on {in_group:.0f}.")
        v.items.append(Item(f"care-{measure_id}", f"{measure_id} {first['name']}", data, ("social_care",),
                            f"{first['unit']}; {better}. {rests}",
                            charts.lines(m, "financial_year", {"value": name,
                                                                "group_median": f"{GROUPS[f.group]} median",
                                                                "england_median": "England median"},
                                         f"{measure_id} {first['name']} ({first['unit']})", first["unit"],
                                         dash={"england_median": "dot"}), False, "Oflog measures"))
    if queries.council(f.council).get("make_it_local"):
        pilot = queries.pilot_metrics()
        metrics = sorted(pilot["metric"].unique())
        metric = options.get("pilot_metric", metrics[0] if metrics else "")
        shown = pilot[pilot["metric"] == metric]
        v.banner = "Make it Local pilot metrics: 7 fictional organisations"
        if len(shown):
            v.items.append(Item("pilot", f"Make it Local pilot, Bristol: {metric}", shown, ("pilot_metrics",),
                                "Each organisation against its target, by month; ward in the data.",
                                charts.pilot(shown, metric, shown["unit"].iloc[0]), True, "Make it Local pilot"))
        v.options = {"pilot_metric": metric}
    return v


def default_period(indicator_id: str) -> str:
    """Compare areas opens on the latest year with real data (a year of synthetic values alone compares nothing)."""
    return queries.latest_real_period(indicator_id) or queries.indicator_periods(indicator_id)[-1]


def with_median_labels(df: pd.DataFrame, group: str) -> pd.DataFrame:
    """Rows with their group median (queries.with_medians) gain `median_label`, what the median is the median of
    in that row's year (kil.indicators.median_label), and their `basis` in words (kil.indicators.BASES), so every
    exported value and median says both."""
    def label(r) -> str | None:
        if pd.isna(r["median_councils"]):
            return None
        size = None if pd.isna(r["group_councils"]) else int(r["group_councils"])
        return indicators.median_label(GROUPS[group], int(r["median_councils"]), size)

    words = {"basis": df["basis"].map(indicators.BASES), "median_basis": df["median_basis"].map(indicators.BASES)}
    return df.assign(**words, median_label=df.apply(label, axis=1) if len(df) else pd.Series(dtype="object"))


def compare_areas_view(f: Filters, name: str, options: dict) -> View:
    basis = indicators.CROSS_COUNCIL_BASIS
    v = View("compare_areas", "Compare the Keep it Local Network",
             "The 17 network councils side by side. Councils without data say so; synthetic values are marked and "
             "left out of every median. Councils publish from different thresholds (Rotherham every payment; "
             "Hackney, Lewisham and Newcastle from £250; the others from £500) and small payments are where VCSE "
             f"spend is, so spend figures here count {indicators.BASES[basis]}. Each median says how many councils "
             "with data it rests on that year, and a median trend breaks where those councils change.", f, name)
    indicator_id = options.get("indicator", "vcse_share")
    ind = indicators.INDICATORS[indicator_id]
    periods = queries.indicator_periods(indicator_id)
    if not periods:
        v.empty = "No council has data for this indicator yet."
        return v
    period = options.get("period") if options.get("period") in periods else default_period(indicator_id)
    df = with_median_labels(queries.with_medians(queries.compare_indicator(indicator_id, period, basis), f.council,
                                                 "network", basis), "network")
    trend = with_median_labels(queries.with_medians(queries.indicator_trends(indicator_id, basis), f.council,
                                                    "network", basis), "network")
    df, trend = (d.assign(indicator=ind.name) for d in (df, trend))   # every file says what it holds
    datasets = {"asc5_short_term_outcome": ("social_care",), "asset_transfers_completed": ("asset_transfers",)}.get(
        indicator_id, SPEND)
    on = indicators.basis_label(indicator_id, basis)
    suffix = f" ({on})" if on else ""
    syn = _any(df)
    if syn:
        v.banner = "values marked (synthetic)"
    v.items += [
        Item(f"compare-{indicator_id}", f"{ind.name}, {period}{suffix}", df, datasets,
             f"Principle: {ind.principle}. {ind.definition}" + (f" Counted on {on}." if on else ""),
             charts.indicator_bars(df, f"{ind.name}, {period}{suffix}", ind.unit, f.council), syn),
        Item(f"trends-{indicator_id}", f"{ind.name} by financial year{suffix}", trend, datasets,
             "One small chart per council with data; the dashed line is the median of real data, labelled with the "
             "number of councils it rests on each year, and broken where those councils change.",
             charts.small_multiples(trend, ind.name + suffix, ind.unit, f.council), _any(trend)),
    ]
    v.options = {"indicator": indicator_id, "period": period}
    return v


def covid_context_view(f: Filters, name: str, options: dict) -> View:
    v = View("covid_context", f"{name}: Covid context",
             "The pandemic is the backdrop to every recovery figure: "
             "weekly confirmed cases per 100,000 residents (UKHSA), on the same time axis as the council's monthly "
             "spend. Weeks an area did not report are gaps, not zeros; partial weeks are flagged in the data.", f, name)
    df = queries.covid(f.council, f.group)
    spend = queries.spend_by(f.council, "month", f.service, f.measure, "class")
    monthly = spend.groupby("period_start", as_index=False)["value"].sum(min_count=1)
    syn = _any(spend)
    v.items.append(Item("covid", f"{name}: weekly Covid-19 cases per 100,000 and monthly spend", df,
                        ("covid_cases", "councils") + SPEND,
                        "Top: cases per 100,000 against the group median and England. Bottom: the council's net "
                        "spend by payment month (gaps where none is published).",
                        charts.covid_and_spend(df, monthly, name, GROUPS[f.group], f.measure, syn), syn,
                        council=f.council))
    return v


def data_and_methods_view(f: Filters, name: str, options: dict) -> View:
    v = View("data_and_methods", "Data and methods",
             "How every number is made, where it comes from, and what is synthetic.", f, name)
    table = pd.DataFrame([{"principle": i.principle, "indicator": i.name, "definition": i.definition,
                           "unit": i.unit, "higher is better": i.higher_is_better,
                           "baseline": f"FY{periods.BASELINE} (pre-Covid) against FY{periods.RECOVERY} (recovery) "
                                       "where data allows",
                           "England figure": "median of councils with real data" if i.england else "n/a"}
                          for i in indicators.INDICATORS.values()])
    for p in indicators.PRINCIPLES:
        if p not in set(table["principle"]):
            table.loc[len(table)] = {"principle": p, "indicator": "no measure yet",
                                     "definition": indicators.NO_MEASURE.get(p, ""), "unit": "",
                                     "higher is better": None, "baseline": "", "England figure": "n/a"}
    src = pd.DataFrame(sources.describe(sources.EVERYTHING))
    v.items += [
        Item("indicators", "Indicators and the Keep it Local principles", table, ()),
        Item("sources", "Sources, licences and attribution", src, sources.EVERYTHING),
        Item("loads", "What was loaded (the ledger)", queries.ledger(), ()),
        Item("rejects", "Rejected rows by reason", queries.rejects_by_reason(), ()),
        Item("postcode-areas", "Postcode areas the postcode register does not cover, by council",
             queries.postcode_areas_not_covered(), (),
             "Code-Point Open is loaded for some postcode areas only: a supplier whose postcode lies in another area "
             "has locality unknown (not 'based elsewhere'), so the local share rests on the areas covered."),
    ]
    flags = queries.flag_disagreements()
    v.items.append(Item(
        "flag-disagreements", "Where a council's own VCSE flag and the product's class disagree", flags, SPEND,
        "Councils that publish a VCSE flag column in their spend files (judged from the files) only. Flag Y but not "
        "classed VCSE, or never flagged and classed VCSE: the council's reason and the product's rule and evidence "
        "side by side, spend lines in the product's window, largest first. A blank flag outweighs a match on a "
        "name alone (etl/classify.py rule 6).", synthetic=_any(flags)))
    v.text = methods.text()   # also METHODS.md in every bundle
    return v


BUILDERS = {"overview": overview_view, "local_spend": local_spend_view, "neighbourhoods": neighbourhoods_view,
            "asset_transfers": asset_transfers_view, "social_care": social_care_view,
            "compare_areas": compare_areas_view, "covid_context": covid_context_view,
            "data_and_methods": data_and_methods_view}


def build(page_id: str, f: Filters, options: dict | None = None) -> View:
    """The View of a page for these filters and options, built once per warehouse build: a rerun with nothing
    changed (a visitor opening an expander, switching back to a page) gets the same View, charts built, rather
    than spending most of the run remaking Plotly figures (bench/pages.py). Views are read-only once built:
    pages lay them out and exports copy what they change (dashboard/export/images.py)."""
    if page_id not in BUILDERS:
        raise ValueError(f"unknown page {page_id!r}; pages: {', '.join(pages.PAGE_IDS)}")
    return _built(db.build_id(), page_id, f, tuple(sorted((options or {}).items())))


@st.cache_resource(ttl=config.CACHE_TTL_SECONDS, max_entries=VIEW_CACHE_ENTRIES, show_spinner=False)
def _built(build_id: str, page_id: str, f: Filters, options: tuple) -> View:
    """`build` for one warehouse build (its id is part of the cache key, as the queries' is)."""
    council = queries.council(f.council)
    view = BUILDERS[page_id](f, council.get("name", f.council), dict(options))
    principle = pages.BY_ID[page_id].principle
    if principle:
        view.intro = f"Principle: **{principle}**. {view.intro}"
    return view
