"""Parametrised queries against the marts. Values are always bound; identifiers come only from fixed lists here.

The read connection (kil/warehouse.py) sees only the marts and named reference tables, never line-level tables.
Every function is cached per warehouse build, so a new build or load shows at once and nothing is stale.
Supplier names come only from `display_name` / `supplier`, which the build fills only for suppliers with positive
evidence of being an organisation: no query here can return an individual's name. A service of None means all
service areas. One module of over 400 lines because it is one job: every query the read side runs is here, so
what the pages read (and can leak) is read in one place.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import db
from kil import classes, config, indicators, periods

# Fixed expressions for the period filter (never built from input).
PERIOD_SQL = {
    "month": "strftime(month, '%Y-%m')",
    "quarter": "financial_quarter(month)",   # macros in etl/sql/macros.sql
    "fy": "financial_year(month)",
}
DRILL_LIMITS = {"class": 500, "service": 100}   # the lines mart_largest_lines keeps (etl/sql/mart_largest_lines.sql)


QUERIES: dict = {}   # name -> the uncached query function: every query the read side runs (bench/pages.py)
_listeners: list = []   # called with (name, args, kwargs) on every query call (bench/pages.py records page runs)


def per_build(fn):
    """Cache a function of the warehouse's contents per warehouse build (the build id is part of the cache key).
    The wrapper's `uncached` is the function itself."""
    def by_build(build: str, *args, **kwargs):
        return fn(*args, **kwargs)

    # st.cache_data keys its cache on the function's name: give each wrapper the name of what it wraps.
    by_build.__qualname__ = by_build.__name__ = f"{fn.__module__.rsplit('.', 1)[-1]}_{fn.__name__}_by_build"
    inner = st.cache_data(ttl=config.CACHE_TTL_SECONDS, show_spinner=False)(by_build)

    def wrapper(*args, **kwargs):
        return inner(db.build_id(), *args, **kwargs)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.uncached = fn
    return wrapper


def _cached(fn):
    """A query: cached per warehouse build (`per_build`), listed in QUERIES, and its calls told to listeners, so a
    benchmark times the queries a page really runs rather than a list of its own that could drift from them."""
    cached = per_build(fn)
    QUERIES[fn.__name__] = fn

    def wrapper(*args, **kwargs):
        for listen in _listeners:
            listen(fn.__name__, args, kwargs)
        return cached(*args, **kwargs)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.uncached = fn
    return wrapper


# ---------------------------------------------------------------------------------------------- councils

@_cached
def council_options() -> pd.DataFrame:
    """Network councils first (by name), then every other English council."""
    return db.query("""
        select code, name || case when keep_it_local_network then ' (Keep it Local Network)' else '' end as label,
               keep_it_local_network
        from councils order by not keep_it_local_network, name
    """)


@_cached
def council(code: str) -> dict:
    df = db.query("select * from councils where code = :code", {"code": code})
    return df.iloc[0].to_dict() if len(df) else {}


@_cached
def network() -> pd.DataFrame:
    return db.query("select code, name, type, population from councils where keep_it_local_network order by name")


@_cached
def councils_with(dataset: str) -> pd.DataFrame:
    """The network councils that have rows of a dataset ('spend' or 'neighbourhoods'), with whether every file
    behind them is synthetic."""
    table = {"spend": "mart_spend_monthly", "neighbourhoods": "neighbourhoods"}[dataset]   # fixed identifiers
    flag = "bool_and(t.synthetic)" if dataset == "spend" else "false"
    return db.query(f"""
        select c.code, c.name, {flag} as synthetic
        from councils c join {table} t on t.council_code = c.code
        where c.keep_it_local_network group by all order by c.name
    """)


@_cached
def service_areas(code: str) -> list[str]:
    df = db.query("""
        select service_area from mart_spend_monthly where council_code = :code and service_area is not null
        group by 1 order by sum(abs(amount)) desc limit 200
    """, {"code": code})
    return list(df["service_area"])


# ---------------------------------------------------------------------------------------------- spend

def _grain(period: str) -> str:
    return PERIOD_SQL[period]


def _window(**params) -> dict:
    return params | periods.window_params()


SPEND_DIMENSIONS = {"class": "supplier_class", "locality": "locality", "grant": "is_grant"}   # fixed identifiers


@per_build
def spend_by(council: str, period: str, service: str | None, measure: str, dimension: str) -> pd.DataFrame:
    """Spend by period and supplier class, locality or grant. Periods with no data are rows with a null amount.

    Every row carries its period's external spend (`external_amount`, the base of every share: kil/classes.py);
    for supplier classes in external spend, `share_of_external` is the class's share of it. One dimension of
    `spend_by_dimensions`, which reads all three at once (Local spend shows all three).
    """
    if dimension not in SPEND_DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; dimensions: {', '.join(SPEND_DIMENSIONS)}")
    df = spend_by_dimensions(council, period, service, measure)
    df = df[df["dimension"] == dimension].drop(columns="dimension").reset_index(drop=True)
    if df["category"].isna().all():    # typed as its own query's frame would be: text all null is object None
        df["category"] = pd.Series([None] * len(df), dtype=object)
    return df


@_cached
def spend_by_dimensions(council: str, period: str, service: str | None, measure: str) -> pd.DataFrame:
    """`spend_by` for every dimension, told apart by a `dimension` column: one query where a page asks three
    (a query's fixed cost, binding and planning, is most of a query's time on a mart of this size)."""
    grain = _grain(period)
    amounts = "\n            union all\n".join(
        f"""            select '{name}' as dimension, month, {column}::varchar as category, sum(amount) as amount,
                   sum(lines) as lines
            from spend group by all""" for name, column in SPEND_DIMENSIONS.items())
    return db.query(f"""
        with months as (
            select month, bool_or(status = 'synthetic') as synthetic,
                   bool_and(status in ('missing')) as missing
            from coverage where council_code = :council and dataset = 'spend'
            group by month
        ),
        spend as (
            select * from mart_spend_monthly
            where council_code = :council and kind = 'spend' and month between :start and :end
              and (cast(:service as varchar) is null or service_area = :service)
        ),
        amounts as (
{amounts}
        ),
        dimensions as (select unnest(:dimensions) as dimension),
        external as (
            select month, sum(amount) as amount from spend
            where list_contains(:external, supplier_class) group by all
        ),
        -- a month is one row of a (dimension, category): months and amounts are grouped by month, so count(*)
        -- counts distinct months without a distinct aggregate's own grouping and join
        per_period as (
            select dimension, {grain} as period, min(m.month) as period_start, a.category,
                   sum(a.amount) as amount, sum(a.lines) as lines,
                   bool_or(m.synthetic) as synthetic, count(*) filter (m.missing) as months_missing,
                   count(*) as months
            from (select * from months cross join dimensions) m left join amounts a using (month, dimension)
            group by all
        ),
        external_per_period as (
            select {grain} as period, sum(e.amount) as external_amount
            from months m join external e using (month) group by all
        )
        select p.*, x.external_amount,
               case when p.dimension = 'class' and list_contains(:external, p.category)
                    then p.amount / nullif(x.external_amount, 0) end as share_of_external,
               c.population,
               case when :measure = 'per_head' then p.amount / c.population else p.amount end as value
        from per_period p left join external_per_period x using (period), councils c
        where c.code = :council
        order by p.dimension, period_start, category
    """, _window(council=council, service=service, measure=measure, dimensions=list(SPEND_DIMENSIONS),
                 external=list(classes.EXTERNAL_CLASSES)))


@_cached
def spend_by_service(council: str, period: str, measure: str) -> pd.DataFrame:
    grain = _grain(period)
    return db.query(f"""
        select {grain} as period, min(month) as period_start, coalesce(service_area, 'Not stated') as service_area,
               sum(amount) as amount, bool_or(synthetic) as synthetic,
               case when :measure = 'per_head' then sum(amount) / any_value(c.population) else sum(amount) end
                   as value
        from mart_spend_monthly m join councils c on c.code = m.council_code
        where council_code = :council and kind = 'spend' and month between :start and :end
        group by all order by period_start, amount desc, service_area
    """, _window(council=council, measure=measure))


@_cached
def top_suppliers(council: str, year: str, limit: int = 15) -> pd.DataFrame:
    """Largest suppliers of one financial year of the window (none outside it), spend files only (card payments
    excluded). Names only for organisations; others grouped and unnamed."""
    return db.query("""
        select coalesce(display_name, case supplier_class when 'individual' then 'Individuals (names withheld)'
                                       when 'unattributed' then 'Not identifiable (redacted, blank or a payment run)'
                                       else 'Unnamed suppliers (no evidence of an organisation)' end) as supplier,
               supplier_class, any_value(class_value) as evidence, sum(amount) as amount, sum(lines) as lines,
               bool_or(synthetic) as synthetic
        from mart_supplier_totals
        where council_code = :council and kind = 'spend' and financial_year = :year
          and list_contains(:years, financial_year)
        group by all order by amount desc limit :limit
    """, {"council": council, "year": year, "years": periods.window_years(), "limit": limit})


@_cached
def supplier_lines(council: str, supplier_class: str, service: str | None) -> pd.DataFrame:
    """Drill-through: the largest lines of one supplier class (of one service area, when given), each with its
    source file and row, from mart_largest_lines (names only for organisations)."""
    return db.query("""
        select payment_date, amount, supplier, service_area, expense_type, source_file, source_row, synthetic
        from mart_largest_lines
        where council_code = :council and supplier_class = :class
          and case when cast(:service as varchar) is null then rank_in_class <= :class_limit
                   else service_area = :service and rank_in_service <= :service_limit end
        order by abs(amount) desc, source_file, source_row
    """, {"council": council, "class": supplier_class, "service": service,
          "class_limit": DRILL_LIMITS["class"], "service_limit": DRILL_LIMITS["service"]})


@_cached
def coverage(council: str) -> pd.DataFrame:
    return db.query("""
        select month, dataset, status, lines, amount from coverage where council_code = :council order by month
    """, {"council": council})


@_cached
def classified_share(council: str, year: str) -> pd.DataFrame:
    """How much of the council's spend (card excluded) in one financial year has a known class and a known
    locality: the base of the figures shown for that year."""
    return db.query("""
        select sum(amount) filter (supplier_class <> 'unknown') / nullif(sum(amount), 0) as class_known,
               sum(amount) filter (locality <> 'unknown') / nullif(sum(amount), 0) as locality_known,
               sum(amount) as amount, bool_or(synthetic) as synthetic
        from mart_spend_monthly
        where council_code = :council and kind = 'spend' and financial_year(month) = :year
          and month between :start and :end
    """, _window(council=council, year=year))


@per_build
def months_covered(council: str) -> dict[str, list[dt.date]]:
    """Financial year -> the months of the window a spend file of the council covers (coverage status complete or
    synthetic: etl/sql/coverage.sql), the months a spend figure of that year rests on (kil/periods.headline_year).
    From `coverage`, which the Overview reads too: one query rather than two."""
    df = coverage(council)
    df = df[(df["dataset"] == "spend") & df["status"].isin(list(periods.COVERED_STATUSES))]
    by_year: dict[str, list[dt.date]] = {}
    for month in sorted(pd.to_datetime(df["month"]).dt.date):
        by_year.setdefault(periods.financial_year(month), []).append(month)
    return dict(sorted(by_year.items()))


# ---------------------------------------------------------------------------------------------- indicators

def _basis(basis: str) -> str:
    """A basis of mart_indicators (kil.indicators.BASES), checked: a value from a fixed list only."""
    if basis not in indicators.BASES:
        raise ValueError(f"unknown basis {basis!r}; bases: {', '.join(indicators.BASES)}")
    return basis


@per_build
def indicator_values(council: str, basis: str = indicators.OWN_BASIS) -> pd.DataFrame:
    """A council's indicators on one basis (spend indicators; those with no basis, ASC5 and assets, always), from
    `indicator_values_all` (the Overview reads both bases: one query rather than two)."""
    df = indicator_values_all(council)
    return df[(df["basis"] == _basis(basis)) | df["basis"].isna()].reset_index(drop=True)


@_cached
def indicator_values_all(council: str) -> pd.DataFrame:
    """A council's indicators on every basis (`indicator_values` picks one)."""
    return db.query("""
        select * from mart_indicators where council_code = :council order by indicator_id, period, basis
    """, {"council": council})


@_cached
def indicator_medians_of(council: str, groups: tuple[str, ...],
                         basis: str = indicators.CROSS_COUNCIL_BASIS) -> pd.DataFrame:
    """The one definition of a group median: per indicator and period, the median of the real values (synthetic
    left out) of the council's comparison group on one basis (the comparable one unless told), each figure once: a
    district shows its county's social care figure (ASC5), and the county counts once however many of its
    districts the group holds, so the median is over care authorities, as on Social care (`social_care`). With
    how many figures it rests on that year (`median_councils`), how many the group could hold (`group_councils`:
    members, or their care authorities), and `median_segment`, a number that changes where the set of councils it
    rests on changes from one period to the next, so that a median trend breaks there rather than measure who is
    in it. For several groups at once, told apart by `group_id` (the Overview shows its group's and England's:
    one query rather than two, since a query's fixed cost is most of its time here)."""
    return db.query("""
        with members as (
            select g.group_id, g.member_code as code, c.social_care_council_code as care_code
            from comparison_groups g join councils c on c.code = g.member_code
            where g.council_code = :council and list_contains(:groups, g.group_id)
        ),
        sizes as (
            select group_id, count(*) as councils, count(distinct care_code) as care_authorities
            from members group by group_id
        ),
        figures as (
            select distinct m.group_id, i.indicator_id, i.period, i.basis, i.figure_of, i.value
            from mart_indicators i join members m on m.code = i.council_code
            where not i.synthetic and i.value is not null and (i.basis = :basis or i.basis is null)
        ),
        by_care_authority as (      -- indicators a council may show another's figure of (ASC5: its county's)
            select indicator_id, bool_or(figure_of <> council_code) as by_care from mart_indicators group by all
        ),
        medians as (
            select f.group_id, f.indicator_id, f.period, any_value(f.basis) as median_basis,
                   median(f.value) as median, count(*) as median_councils,
                   string_agg(f.figure_of, ' ' order by f.figure_of) as member_set
            from figures f
            group by f.group_id, f.indicator_id, f.period
        ),
        changes as (
            select m.*,
                   case when b.by_care then s.care_authorities else s.councils end as group_councils,
                   member_set is distinct from lag(member_set) over (partition by m.group_id, m.indicator_id
                                                                     order by period) as changed
            from medians m join sizes s using (group_id) left join by_care_authority b using (indicator_id)
        )
        select group_id, indicator_id, period, median, median_councils, group_councils, median_basis,
               sum(changed::int) over (partition by group_id, indicator_id order by period) as median_segment
        from changes order by group_id, indicator_id, period
    """, {"council": council, "groups": list(groups), "basis": _basis(basis)})


@per_build
def indicator_medians(council: str, group: str, basis: str = indicators.CROSS_COUNCIL_BASIS) -> pd.DataFrame:
    """One group's medians (`indicator_medians_of`, the one definition), without `group_id`."""
    df = indicator_medians_of(council, (group,), basis)
    return df.drop(columns="group_id").reset_index(drop=True)


def with_medians(df: pd.DataFrame, council: str, group: str,
                 basis: str = indicators.CROSS_COUNCIL_BASIS) -> pd.DataFrame:
    """Rows of indicators (indicator_id, period) with their group's median beside them, to draw and export."""
    return df.merge(indicator_medians(council, group, basis), on=["indicator_id", "period"], how="left")


@_cached
def compare_indicator(indicator_id: str, period: str, basis: str = indicators.CROSS_COUNCIL_BASIS) -> pd.DataFrame:
    """One indicator for the 17 network councils side by side, on one basis (missing ones say so)."""
    return db.query("""
        select c.code, c.name, c.type, :indicator as indicator_id, :period as period, i.basis, i.value, i.synthetic,
               i.note
        from councils c left join mart_indicators i
          on i.council_code = c.code and i.indicator_id = :indicator and i.period = :period
             and (i.basis = :basis or i.basis is null)
        where c.keep_it_local_network order by i.value desc nulls last, c.name
    """, {"indicator": indicator_id, "period": period, "basis": _basis(basis)})


@_cached
def indicator_periods(indicator_id: str) -> list[str]:
    df = db.query("select distinct period from mart_indicators where indicator_id = :i order by 1",
                  {"i": indicator_id})
    return list(df["period"])


@_cached
def latest_real_period(indicator_id: str) -> str | None:
    """The latest period in which some council has a real (not synthetic) value of the indicator (on any basis:
    both bases of a spend indicator cover the same periods)."""
    df = db.query("""
        select max(period) as period from mart_indicators
        where indicator_id = :i and not synthetic and value is not null
    """, {"i": indicator_id})
    return df["period"].iloc[0] if len(df) and isinstance(df["period"].iloc[0], str) else None


# ---------------------------------------------------------------------------------------------- places

@_cached
def wards(council: str) -> pd.DataFrame:
    """Each ward with its deprivation, the spend with suppliers based in it and its completed asset transfers, each
    measure with whether it is synthetic (from the data: the spend's files, the asset register's)."""
    return db.query("""
        select w.ward_code, w.ward_name, w.geometry_geojson, w.centroid_lon, w.centroid_lat, w.imd_score, w.imd_note,
               s.amount as supplier_spend, coalesce(s.synthetic, false) as supplier_spend_synthetic,
               a.transfers,
               (select coalesce(bool_or(synthetic), false) from asset_transfers where council_code = :council)
                   as transfers_synthetic
        from neighbourhoods w
        left join (select supplier_ward_code, sum(amount) as amount, bool_or(synthetic) as synthetic
                   from mart_spend_ward where council_code = :council group by 1) s
               on s.supplier_ward_code = w.ward_code
        left join (select ward_code, count(*) as transfers from asset_transfers
                   where council_code = :council and status = 'completed' group by 1) a
               on a.ward_code = w.ward_code
        where w.council_code = :council
        order by w.ward_name
    """, {"council": council})


@_cached
def assets(council: str) -> pd.DataFrame:
    return db.query("""
        select a.*, w.ward_name as ward from asset_transfers a left join neighbourhoods w using (ward_code)
        where a.council_code = :council order by date_agreed
    """, {"council": council})


@_cached
def assets_network() -> pd.DataFrame:
    return db.query("""
        select c.name, a.status, count(*) as transfers, bool_or(a.synthetic) as synthetic
        from asset_transfers a join councils c on c.code = a.council_code group by all order by c.name
    """)


# ---------------------------------------------------------------------------------------------- care, Covid

@_cached
def social_care(council: str, group: str) -> pd.DataFrame:
    """Each headline measure by year: the council (or the council responsible for its care), the group median
    and England's median, each with the care authorities it rests on.

    The one rule for a social care median: over the care authorities of the group's members, each once (a
    district's figure is its county's, so a county with twelve districts counts once, not twelve times). The
    Overview's ASC5 median follows it too (indicator_medians, over mart_indicators' figure_of)."""
    return db.query("""
        with responsible as (select social_care_council_code as code from councils where code = :council),
        care as (
            select g.group_id, c.social_care_council_code as code
            from comparison_groups g join councils c on c.code = g.member_code
            where g.council_code = :council and g.group_id in (:group, 'england')
            group by all
        ),
        medians as (
            select care.group_id, s.measure_id, s.financial_year, median(s.value) as median,
                   count(s.value) as councils
            from social_care s join care on care.code = s.council_code
            group by all
        ),
        mine as (
            select measure_id, financial_year, value, note from social_care
            where council_code = (select code from responsible)
        )
        select m.measure_id, m.name, m.unit, m.higher_is_better, e.financial_year,
               mine.value, mine.note, grp.median as group_median, grp.councils as group_median_councils,
               e.median as england_median, e.councils as england_median_councils,
               (select code from responsible) as responsible_code
        from social_care_measures m
        join medians e on e.measure_id = m.measure_id and e.group_id = 'england'
        left join mine on mine.measure_id = m.measure_id and mine.financial_year = e.financial_year
        left join medians grp on grp.measure_id = m.measure_id and grp.financial_year = e.financial_year
                              and grp.group_id = :group
        where m.in_headlines
        order by m.measure_id, e.financial_year
    """, {"council": council, "group": group})


@_cached
def pilot_metrics() -> pd.DataFrame:
    return db.query("""
        select p.*, w.ward_name from pilot_metrics p left join neighbourhoods w using (ward_code)
        order by organisation, metric, month
    """)


@_cached
def covid(council: str, group: str) -> pd.DataFrame:
    return db.query("""
        with members as (
            select member_code as code from comparison_groups where council_code = :council and group_id = :group
        )
        select w.week_ending, w.rate_per_100k as council_rate, w.cases, w.is_partial_week,
               g.group_median, e.england_rate
        from covid_cases w
        left join (select week_ending, median(rate_per_100k) as group_median from covid_cases
                   where council_code in (select code from members) group by 1) g using (week_ending)
        left join (select week_ending, sum(cases) * 100000.0 / sum(covid_cases.population) as england_rate
                   from covid_cases join councils on code = council_code where type <> 'county'
                   group by 1) e using (week_ending)
        where w.council_code = :council
        order by w.week_ending
    """, {"council": council, "group": group})


# ---------------------------------------------------------------------------------------------- sources

@per_build
def sources(datasets: tuple[str, ...], council: str | None = None) -> pd.DataFrame:
    """Who published the files behind some datasets (warehouse tables), their licence and attribution, from the
    load ledger (each file's provenance). With a council, a council's own files (spend, its supplier register,
    its asset register) are that council's only. From `ledger_sources`, read once a build: a page asks this for
    every chart's caption, and the ledger is small."""
    df = ledger_sources()
    keep = df["dataset"].isin(list(datasets))
    if council is not None:
        keep &= df["council_code"].isna() | (df["council_code"] == council)
    keys = ["dataset", "publisher", "licence", "attribution"]
    out = (df[keep].groupby(keys, dropna=False, sort=False)
           .agg(synthetic=("synthetic", "any"), files=("files", "sum"), retrieved=("retrieved", "min"))
           .reset_index().sort_values(keys, kind="stable", ignore_index=True))
    return out.astype({"synthetic": bool, "files": "int64"})


@_cached
def ledger_files() -> pd.DataFrame:
    """The ledger's files in the warehouse by dataset, council (null: not one council's; `council` its name),
    publisher, licence and attribution: whether any is synthetic, how many, how many synthetic, first retrieved.
    The frame reads it on every page run (the footer's sources and synthetic data): `ledger_sources` and
    `synthetic_datasets` are two views of it, one query rather than two."""
    return db.query("""
        with files as (
            select l.dataset, l.council_code, l.synthetic,
                   json_extract_string(l.provenance, ['$.publisher', '$.licence', '$.attribution', '$.retrieved'])
                       as p                                   -- each file's provenance parsed once, not four times
            from loads l where in_warehouse(l.status)
        )
        select f.dataset, f.council_code, c.name as council, f.p[1] as publisher, f.p[2] as licence,
               f.p[3] as attribution, bool_or(f.synthetic) as synthetic, count(*) as files,
               count(*) filter (f.synthetic) as synthetic_files, min(f.p[4]) as retrieved
        from files f left join councils c on c.code = f.council_code
        group by all order by dataset, council_code, publisher, licence, attribution
    """)


@_cached
def source_origins() -> pd.DataFrame:
    """Every file in the warehouse by where it came from: dataset, publisher, the provenance's `source` (a link, or
    a repository @ commit and path), licence, retrieved (first and last), files: the methods text's sources."""
    return db.query("""
        select dataset, provenance->>'publisher' as publisher, provenance->>'source' as source,
               provenance->>'licence' as licence, provenance->>'attribution' as attribution,
               min(provenance->>'retrieved') as retrieved, max(provenance->>'retrieved') as retrieved_last,
               bool_or(synthetic) as synthetic, count(*) as files
        from loads
        where in_warehouse(status) and provenance->>'publisher' is not null
        group by all order by dataset, publisher, source
    """)


@_cached
def spend_months() -> pd.DataFrame:
    """Per council with spend: first and last month a spend file covers, and how many months (coverage statuses
    kil.periods.COVERED_STATUSES), synthetic or not: the months a council's figures rest on."""
    return db.query("""
        select c.code as council_code, c.name as council, min(v.month) as first_month, max(v.month) as last_month,
               count(distinct v.month) as months, bool_or(v.status = 'synthetic') as synthetic
        from coverage v join councils c on c.code = v.council_code
        where v.dataset = 'spend' and list_contains(:covered, v.status)
        group by all order by c.name
    """, {"covered": list(periods.COVERED_STATUSES)})


@per_build
def ledger_sources() -> pd.DataFrame:
    """The ledger's files with a publisher by dataset, council (null: not one council's), publisher, licence and
    attribution: whether any is synthetic, how many, first retrieved (`sources` reads it)."""
    df = ledger_files()
    columns = ["dataset", "council_code", "publisher", "licence", "attribution", "synthetic", "files", "retrieved"]
    return df.loc[df["publisher"].notna(), columns].reset_index(drop=True)


@per_build
def synthetic_datasets() -> pd.DataFrame:
    """Which datasets hold synthetic files, and for which councils (a blank name: not one council's)."""
    df = ledger_files()
    df = df[df["synthetic_files"] > 0]
    out = pd.DataFrame([{"dataset": dataset,
                         "councils": ", ".join(sorted(set(g["council"].dropna()))) or None,
                         "files": int(g["synthetic_files"].sum())}
                        for dataset, g in df.groupby("dataset", sort=True)],
                       columns=["dataset", "councils", "files"])
    return out


@_cached
def ledger() -> pd.DataFrame:
    return db.query("""
        select dataset, council_code, kind, count(*) as files, sum(rows_read) as rows_read,
               sum(rows_loaded) as rows_loaded, sum(rows_rejected) as rows_rejected,
               sum(rows_duplicate) as rows_duplicate, bool_or(synthetic) as synthetic
        from loads group by all order by dataset, council_code, kind
    """)


@_cached
def rejects_by_reason() -> pd.DataFrame:
    return db.query("""
        select dataset, reason, sum(rows) as rows from mart_rejects group by all order by rows desc, dataset, reason
    """)


@_cached
def postcode_areas_not_covered() -> pd.DataFrame:
    """(council_code, council, postcode_area, suppliers, amount): the postcode areas a council's suppliers' postcodes
    are in that the postcode register (Code-Point Open as loaded) lacks, so those suppliers' locality is unknown
    (etl/sql/mart_postcode_areas.sql reads the area from the locality evidence etl/classify.py writes)."""
    return db.query("""
        select a.council_code, c.name as council, a.postcode_area, a.suppliers, a.amount, a.synthetic
        from mart_postcode_areas a join councils c on c.code = a.council_code
        order by council, postcode_area
    """)


CONCENTRATION = ("top10_share", "hhi", "unattributed_share")   # the indicators of the concentration table


@_cached
def concentration(council: str, basis: str = indicators.OWN_BASIS) -> pd.DataFrame:
    """Top-10 share and HHI of external spend by financial year, with the share of spend of no identifiable
    supplier beside them (what concentration leaves out), on one basis (from the indicator mart)."""
    return db.query("""
        select period as financial_year, indicator_id, basis, value, synthetic, note from mart_indicators
        where council_code = :council and list_contains(:ids, indicator_id) and basis = :basis order by 1, 2
    """, {"council": council, "ids": list(CONCENTRATION), "basis": _basis(basis)})



@_cached
def indicator_trends(indicator_id: str, basis: str = indicators.CROSS_COUNCIL_BASIS) -> pd.DataFrame:
    """One indicator by financial year for the network councils with data, on one basis."""
    return db.query("""
        select c.code, c.name, i.indicator_id, i.period, i.basis, i.value, i.synthetic
        from mart_indicators i join councils c on c.code = i.council_code
        where c.keep_it_local_network and i.indicator_id = :indicator and i.value is not null
          and (i.basis = :basis or i.basis is null)
        order by c.name, i.period
    """, {"indicator": indicator_id, "basis": _basis(basis)})


@_cached
def flag_disagreements() -> pd.DataFrame:
    """For councils that publish their own VCSE flag: the suppliers where that flag and the product's class disagree,
    with both reasons, largest first (mart_flag_disagreements). Names only of organisations (display_name)."""
    return db.query("""
        select c.name as council, coalesce(d.display_name, 'Supplier not named (no evidence of an organisation)')
               as supplier, d.council_flag, d.council_reason, d.supplier_class, d.class_rule, d.class_value,
               d.lines, d.amount, d.synthetic
        from mart_flag_disagreements d join councils c on c.code = d.council_code
        order by c.name, abs(d.amount) desc, d.supplier_key
    """)


# ---------------------------------------------------------------------------------------------- uploads

@_cached
def council_names() -> dict[str, str]:
    df = db.query("select code, name from councils")
    return dict(zip(df["code"], df["name"]))


@_cached
def loads_by(who: str) -> pd.DataFrame:
    """The spend loads one officer made that are still in the warehouse (the upload page's undo list)."""
    return db.query("""
        select l.load_id, l.council_code, c.name as council, l.kind, l.period, l.rows_loaded, l.loaded_at
        from loads l left join councils c on c.code = l.council_code
        where l.dataset = 'spend' and l.loaded_by = :who and l.status = 'loaded'
        order by l.load_id desc
    """, {"who": who})
