"""Parametrised queries against the marts. Values are always bound; identifiers come only from fixed lists here.

Every function is cached per warehouse build, so a new build or load shows at once and nothing is stale.
Supplier names come only from `display_name`, which the build fills only for suppliers with positive evidence
of being an organisation: no query here can return an individual's name.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from kil import config

# Fixed expressions for the period filter (never built from input).
PERIOD_SQL = {
    "month": "strftime(month, '%Y-%m')",
    "quarter": "financial_quarter(month)",   # macros defined in etl/sql/schema.sql
    "fy": "financial_year(month)",
}
WINDOW = ("2019-04-01", "2023-03-01")
CLASSES = ("vcse", "private", "public_body", "individual", "unknown")
CLASS_LABELS = {"vcse": "VCSE (voluntary, community, social enterprise)", "private": "Private sector",
                "public_body": "Public bodies", "individual": "Individuals (names withheld)",
                "unknown": "Unknown"}
LOCALITY_LABELS = {"local": "Based in the council", "non_local": "Based elsewhere", "unknown": "Unknown"}


def _cached(fn):
    """Cache a query function per warehouse build (the build id is part of the cache key)."""
    def by_build(build: str, *args, **kwargs):
        return fn(*args, **kwargs)

    # st.cache_data keys its cache on the function's name: give each wrapper the name of what it wraps.
    by_build.__qualname__ = by_build.__name__ = f"{fn.__name__}_by_build"
    inner = st.cache_data(ttl=config.CACHE_TTL_SECONDS, show_spinner=False)(by_build)

    def wrapper(*args, **kwargs):
        return inner(db.build_id(), *args, **kwargs)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    wrapper.uncached = fn
    return wrapper


def _service(service: str | None) -> str | None:
    from dashboard.filters import ALL_SERVICES

    return None if not service or service == ALL_SERVICES else service


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
def service_areas(code: str) -> list[str]:
    df = db.query("""
        select service_area from mart_spend_monthly where council_code = :code and service_area is not null
        group by 1 order by sum(abs(amount)) desc limit 200
    """, {"code": code})
    return list(df["service_area"])


# ---------------------------------------------------------------------------------------------- spend

def _grain(period: str) -> str:
    return PERIOD_SQL[period]


@_cached
def spend_by(council: str, period: str, service: str | None, measure: str, dimension: str) -> pd.DataFrame:
    """Spend by period and supplier class or locality. Periods with no data are rows with a null amount."""
    column = {"class": "supplier_class", "locality": "locality", "grant": "is_grant"}[dimension]
    grain = _grain(period)
    return db.query(f"""
        with months as (
            select month, bool_or(status = 'synthetic') as synthetic,
                   bool_and(status in ('missing')) as missing
            from coverage where council_code = :council and dataset = 'spend'
            group by month
        ),
        amounts as (
            select month, {column}::varchar as category, sum(amount) as amount, sum(lines) as lines
            from mart_spend_monthly
            where council_code = :council and kind = 'spend' and month between :start and :end
              and (:service is null or service_area = :service)
            group by all
        ),
        per_period as (
            select {grain} as period, min(m.month) as period_start, a.category,
                   sum(a.amount) as amount, sum(a.lines) as lines,
                   bool_or(m.synthetic) as synthetic, count(distinct m.month) filter (m.missing) as months_missing,
                   count(distinct m.month) as months
            from months m left join amounts a using (month)
            group by all
        )
        select p.*, c.population,
               case when :measure = 'per_head' then p.amount / c.population else p.amount end as value
        from per_period p, councils c
        where c.code = :council
        order by period_start, category
    """, {"council": council, "service": _service(service), "measure": measure,
          "start": WINDOW[0], "end": WINDOW[1]})


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
        group by all order by period_start, amount desc
    """, {"council": council, "measure": measure, "start": WINDOW[0], "end": WINDOW[1]})


@_cached
def top_suppliers(council: str, limit: int = 15) -> pd.DataFrame:
    """Largest suppliers over the whole window. Names only for organisations; others grouped and unnamed."""
    return db.query("""
        select coalesce(display_name, case supplier_class when 'individual' then 'Individuals (names withheld)'
                                       else 'Unnamed suppliers (no evidence of an organisation)' end) as supplier,
               supplier_class, any_value(class_value) as evidence, sum(amount) as amount, sum(lines) as lines,
               bool_or(synthetic) as synthetic
        from mart_supplier_totals
        where council_code = :council
        group by all order by amount desc limit :limit
    """, {"council": council, "limit": limit})


@_cached
def supplier_lines(council: str, supplier_class: str, service: str | None, limit: int = 500) -> pd.DataFrame:
    """Drill-through: the largest lines of one supplier class, each with its source file and row."""
    return db.query("""
        select s.payment_date, s.amount,
               case when sup.is_organisation then sup.display_name
                    when sup.class = 'individual' then 'Individual (name withheld)'
                    else 'Supplier not named (no evidence of an organisation)' end as supplier,
               s.service_area, s.expense_type, s.source_file, s.source_row, s.synthetic
        from spend s
        join suppliers sup on sup.council_code = s.council_code and sup.supplier_key = s.supplier_key
        where s.council_code = :council and s.kind = 'spend' and sup.class = :class
          and s.month between :start and :end and (:service is null or s.service_area = :service)
        order by abs(s.amount) desc limit :limit
    """, {"council": council, "class": supplier_class, "service": _service(service), "limit": limit,
          "start": WINDOW[0], "end": WINDOW[1]})


@_cached
def coverage(council: str) -> pd.DataFrame:
    return db.query("""
        select month, dataset, status, lines, amount from coverage where council_code = :council order by month
    """, {"council": council})


@_cached
def classified_share(council: str) -> pd.DataFrame:
    """How much of the council's spend has a known class and a known locality."""
    return db.query("""
        select sum(amount) filter (supplier_class <> 'unknown') / nullif(sum(amount), 0) as class_known,
               sum(amount) filter (locality <> 'unknown') / nullif(sum(amount), 0) as locality_known,
               sum(amount) as amount, bool_or(synthetic) as synthetic
        from mart_spend_monthly where council_code = :council and kind = 'spend'
    """, {"council": council})


# ---------------------------------------------------------------------------------------------- indicators

@_cached
def indicator_values(council: str) -> pd.DataFrame:
    return db.query("""
        select * from mart_indicators where council_code = :council order by indicator_id, period
    """, {"council": council})


@_cached
def indicator_groups(council: str, group: str) -> pd.DataFrame:
    """Median of each indicator and period over the comparison group, real data only (synthetic left out)."""
    return db.query("""
        with members as (
            select member_code as code from comparison_groups where council_code = :council and group_id = :group
        )
        select indicator_id, period, median(value) as group_median, count(*) as councils
        from mart_indicators i join members m on m.code = i.council_code
        where not i.synthetic and i.value is not null
        group by all
    """, {"council": council, "group": group})


@_cached
def compare_indicator(indicator_id: str, period: str) -> pd.DataFrame:
    """One indicator for the 17 network councils side by side (missing ones say so)."""
    return db.query("""
        select c.code, c.name, c.type, i.value, i.synthetic, i.note
        from councils c left join mart_indicators i
          on i.council_code = c.code and i.indicator_id = :indicator and i.period = :period
        where c.keep_it_local_network order by i.value desc nulls last, c.name
    """, {"indicator": indicator_id, "period": period})


@_cached
def indicator_periods(indicator_id: str) -> list[str]:
    df = db.query("select distinct period from mart_indicators where indicator_id = :i order by 1",
                  {"i": indicator_id})
    return list(df["period"])


# ---------------------------------------------------------------------------------------------- places

@_cached
def wards(council: str) -> pd.DataFrame:
    return db.query("""
        select w.ward_code, w.ward_name, w.geometry_geojson, w.centroid_lon, w.centroid_lat, w.imd_score, w.imd_note,
               s.amount as supplier_spend, s.synthetic as spend_synthetic,
               a.transfers, p.pilot_organisations
        from neighbourhoods w
        left join (select supplier_ward_code, sum(amount) as amount, bool_or(synthetic) as synthetic
                   from mart_spend_ward where council_code = :council group by 1) s
               on s.supplier_ward_code = w.ward_code
        left join (select ward_code, count(*) as transfers from asset_transfers
                   where council_code = :council and status = 'completed' group by 1) a
               on a.ward_code = w.ward_code
        left join (select ward_code, count(distinct organisation) as pilot_organisations from pilot_metrics
                   group by 1) p on p.ward_code = w.ward_code
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
    and England's median."""
    return db.query("""
        with responsible as (select social_care_council_code as code from councils where code = :council),
        members as (
            select member_code as code from comparison_groups where council_code = :council and group_id = :group
        ),
        mine as (
            select measure_id, financial_year, value, note from social_care
            where council_code = (select code from responsible)
        ),
        grp as (
            select measure_id, financial_year, median(value) as group_median from social_care
            where council_code in (select distinct social_care_council_code from councils
                                   where code in (select code from members))
            group by all
        ),
        eng as (
            select measure_id, financial_year, median(value) as england_median from social_care group by all
        )
        select m.measure_id, m.name, m.unit, m.higher_is_better, e.financial_year,
               mine.value, mine.note, grp.group_median, e.england_median,
               (select code from responsible) as responsible_code
        from social_care_measures m
        join eng e using (measure_id)
        left join mine using (measure_id, financial_year)
        left join grp using (measure_id, financial_year)
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

@_cached
def sources(datasets: tuple[str, ...]) -> pd.DataFrame:
    """Publisher, licence and attribution of the files behind some datasets, from the load ledger."""
    return db.query("""
        select dataset, provenance->>'publisher' as publisher, provenance->>'licence' as licence,
               provenance->>'attribution' as attribution, bool_or(synthetic) as synthetic, count(*) as files
        from loads where dataset in (select unnest(:datasets)) and status <> 'rejected'
        group by all order by dataset, publisher
    """, {"datasets": list(datasets)})


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
        select l.dataset, regexp_replace(r.reason, '''.*''', '''…''') as reason, count(*) as rows
        from rejects r join loads l using (load_id) group by all order by rows desc
    """)


@_cached
def concentration(council: str) -> pd.DataFrame:
    """Top-10 share and HHI of external spend by financial year (from the indicator mart)."""
    return db.query("""
        select period as financial_year, indicator_id, value, synthetic, note from mart_indicators
        where council_code = :council and indicator_id in ('top10_share', 'hhi') order by 1, 2
    """, {"council": council})


@_cached
def indicator_trends(indicator_id: str) -> pd.DataFrame:
    """One indicator by financial year for the network councils with data, and the median of real values."""
    return db.query("""
        with v as (
            select c.code, c.name, i.period, i.value, i.synthetic
            from mart_indicators i join councils c on c.code = i.council_code
            where c.keep_it_local_network and i.indicator_id = :indicator and i.value is not null
        )
        select v.*, m.network_median
        from v left join (select period, median(value) as network_median from v where not synthetic group by 1) m
          using (period)
        order by name, period
    """, {"indicator": indicator_id})
