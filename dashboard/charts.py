"""Chart builders: DataFrame in, Plotly figure out. Synthetic data is labelled in the title of every chart."""
from __future__ import annotations

import json

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio

from kil.classes import CLASS_COLOURS, CLASS_LABELS, EXTERNAL_CLASSES, LOCALITY_COLOURS, LOCALITY_LABELS

SYNTHETIC_TAG = "SYNTHETIC DEMO DATA"
GRANT_COLOURS = {"true": "#009E73", "false": "#0072B2", "unknown": "#999999"}
GRANT_LABELS = {"true": "Grants", "false": "Other payments", "unknown": "Unknown (no category published)"}
# Dark text and ticks (WCAG AA on white). The title sits at the top of a tall top margin and the legend just
# above the plot, so neither covers the other nor the (possibly rotated) axis labels.
TEMPLATE = "plotly_white"
LAYOUT = dict(font=dict(family="sans-serif", size=13, color="#1a1a1a"),
              margin=dict(l=10, r=10, t=110, b=10),
              legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, title_text=""))
AXIS = dict(tickfont=dict(color="#333333"), title_font=dict(color="#1a1a1a"), automargin=True)


def title(text: str, synthetic: bool) -> str:
    return f"{text} — {SYNTHETIC_TAG}" if synthetic else text


def _template(fig: go.Figure) -> None:
    """Put TEMPLATE on a figure as Plotly puts its default template on one: a registered template is valid already,
    so it is not validated again (validating it was a third to a half of the time of building a chart: 680k ->
    430k Python calls for Overview's and Local spend's first charts, the same figure JSON)."""
    before = fig.layout._validate
    fig.layout._validate = False
    try:
        fig.layout.template = pio.templates[TEMPLATE]
    finally:
        fig.layout._validate = before


def _finish(fig: go.Figure, text: str, synthetic: bool, y_title: str = "") -> go.Figure:
    _template(fig)
    fig.update_layout(title=dict(text=title(text, synthetic), x=0, y=0.98, yref="container", yanchor="top", font=dict(size=16)), **LAYOUT)
    fig.update_yaxes(title_text=y_title, **AXIS)
    fig.update_xaxes(title_text="", **AXIS)
    return fig


def empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _finish(fig, "", False)


def money_axis(measure: str) -> str:
    return "£ per resident" if measure == "per_head" else "£"


def stacked_spend(df: pd.DataFrame, dimension: str, measure: str, council_name: str) -> go.Figure:
    """Spend by period, stacked by supplier class / locality / grant. Periods without data are gaps."""
    labels, colours = {"class": (CLASS_LABELS, CLASS_COLOURS), "locality": (LOCALITY_LABELS, LOCALITY_COLOURS),
                       "grant": (GRANT_LABELS, GRANT_COLOURS)}[dimension]
    # Periods without data keep their place on the axis (a row with no value): a gap, never a zero.
    data = df.assign(category=df["category"].fillna("unknown"))
    data["label"] = data["category"].map(labels).fillna(data["category"])
    fig = px.bar(data, x="period", y="value", color="category", color_discrete_map=colours,
                 category_orders={"category": list(colours)}, labels={"value": money_axis(measure)},
                 custom_data=["label"])
    fig.for_each_trace(lambda t: t.update(name=labels.get(t.name, t.name)))
    fig.update_traces(hovertemplate="%{x}<br>%{customdata[0]}: £%{y:,.0f}<extra></extra>")
    per_period = df.groupby("period", sort=False)["amount"].apply(lambda s: s.isna().all())
    missing = per_period[per_period].index
    for p in missing:
        fig.add_annotation(x=p, y=0, text="no data", showarrow=False, yshift=12, font=dict(color="#555"))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(df["period"].unique()))
    what = {"class": "supplier class", "locality": "where the supplier is based", "grant": "grants and other payments"}
    return _finish(fig, f"{council_name}: spend by {what[dimension]}", bool(df["synthetic"].any()),
                   money_axis(measure))


def shares(df: pd.DataFrame, council_name: str, basis: str) -> go.Figure:
    """Each external class's share of the period's external spend (the query's `share_of_external`), unknown
    always visible; `basis` names the lines counted (kil.indicators.BASES) in the title."""
    data = df[df["category"].isin(EXTERNAL_CLASSES)]
    fig = px.line(data, x="period", y="share_of_external", color="category", color_discrete_map=CLASS_COLOURS,
                  markers=True, category_orders={"category": list(EXTERNAL_CLASSES)})
    fig.for_each_trace(lambda t: t.update(name=CLASS_LABELS.get(t.name, t.name)))
    fig.update_yaxes(tickformat=".0%")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(df["period"].unique()))
    return _finish(fig, f"{council_name}: share of external spend by supplier class ({basis})",
                   bool(df["synthetic"].any()), "share of external spend")


def by_service(df: pd.DataFrame, measure: str, council_name: str, top: int = 10) -> go.Figure:
    totals = df.groupby("service_area")["amount"].sum().sort_values(ascending=False)
    keep = set(totals.index[:top])
    data = df.assign(service_area=df["service_area"].where(df["service_area"].isin(keep), "Other service areas"))
    data = data.groupby(["period", "period_start", "service_area"], as_index=False)[["value"]].sum()
    order = [*totals.index[:top], "Other service areas"]
    palette = dict(zip(order, px.colors.qualitative.Safe[:top] + ["#999999"]))
    fig = px.bar(data.sort_values("period_start"), x="period", y="value", color="service_area",
                 labels={"value": money_axis(measure)}, color_discrete_map=palette,
                 category_orders={"service_area": order})
    fig.update_layout(legend=dict(orientation="v", yanchor="top", y=1, x=1.02, xanchor="left"))
    return _finish(fig, f"{council_name}: spend by service area (top {top})", bool(df["synthetic"].any()),
                   money_axis(measure))


def top_suppliers(df: pd.DataFrame, title: str) -> go.Figure:
    data = df.sort_values("amount").assign(
        short=lambda d: d["supplier"].where(d["supplier"].str.len() <= 45, d["supplier"].str[:44] + "…"))
    fig = px.bar(data, x="amount", y="short", color="supplier_class", orientation="h", hover_name="supplier",
                 color_discrete_map=CLASS_COLOURS, labels={"amount": "£", "short": ""})
    fig.update_layout(height=max(420, 30 * len(data) + 160))
    fig.for_each_trace(lambda t: t.update(name=CLASS_LABELS.get(t.name, t.name)))
    return _finish(fig, title, bool(df["synthetic"].any()))


def indicator_bars(df: pd.DataFrame, name: str, unit: str, highlight: str | None) -> go.Figure:
    """Ranked bars, the selected council in orange, synthetic bars hatched, the median of real values dashed."""
    data = df.assign(synthetic=df["synthetic"].fillna(False).astype(bool))
    data["label"] = data["name"] + data["synthetic"].map({True: " (synthetic)", False: ""})
    colours = ["#D55E00" if c == highlight else "#0072B2" for c in data["code"]]
    fig = go.Figure(go.Bar(x=data["value"], y=data["label"], orientation="h", marker_color=colours,
                           marker_pattern_shape=["/" if s else "" for s in data["synthetic"]],
                           text=[("no data" if pd.isna(v) else "") for v in data["value"]], textposition="outside",
                           name="council"))
    # queries.indicator_medians: the one definition, exported with the chart with its label (views.with_median_labels)
    median = data.dropna(subset=["median"])
    if len(median):
        fig.add_vline(x=float(median["median"].iloc[0]), line_dash="dash", line_color="#333",
                      annotation_position="top", annotation_text=str(median["median_label"].iloc[0]))
    fig.update_yaxes(autorange="reversed")
    if unit in ("share",):
        fig.update_xaxes(tickformat=".0%")
    fig.update_layout(height=max(420, 28 * len(data) + 120), showlegend=False)
    return _finish(fig, f"{name}: Keep it Local Network councils", bool(data["synthetic"].any()))


def _view_of(features: list[dict]) -> dict:
    """Centre and zoom that fit a set of GeoJSON features in a map about 900 x 560 pixels."""
    import math

    from shapely.geometry import shape

    bounds = [shape(f["geometry"]).bounds for f in features]
    west, south = min(b[0] for b in bounds), min(b[1] for b in bounds)
    east, north = max(b[2] for b in bounds), max(b[3] for b in bounds)
    lat = (south + north) / 2
    # MapLibre's world is 512 * 2**zoom pixels wide; a degree of latitude is 1/cos(lat) degrees of longitude.
    zoom = min(math.log2(800 * 360 / (512 * max(east - west, 0.01))),
               math.log2(500 * 360 / (512 * max(north - south, 0.01) / math.cos(math.radians(lat)))))
    return {"center": {"lat": lat, "lon": (west + east) / 2}, "zoom": zoom}


def choropleth(df: pd.DataFrame, column: str, label: str, council_name: str, synthetic: bool) -> go.Figure:
    features = [{"type": "Feature", "id": r.ward_code, "properties": {"name": r.ward_name},
                 "geometry": json.loads(r.geometry_geojson)} for r in df.itertuples()]
    # MapLibre with a blank style: no tiles, no base-map download (this must work offline).
    fig = px.choropleth_map(df, geojson={"type": "FeatureCollection", "features": features}, locations="ward_code",
                            color=column, hover_name="ward_name", color_continuous_scale="Viridis",
                            labels={column: label}, map_style="white-bg", opacity=0.85, **_view_of(features))
    missing = df[df[column].isna()]
    if len(missing):   # wards without a value are drawn grey: missing, not zero and not absent
        fig.add_trace(go.Choroplethmap(geojson=fig.data[0].geojson, locations=missing["ward_code"],
                                       z=[0] * len(missing), colorscale=[[0, "#d9d9d9"], [1, "#d9d9d9"]],
                                       showscale=False, name="no data", text=missing["ward_name"],
                                       hovertemplate="%{text}: no data<extra></extra>", marker_opacity=0.85))
    fig.update_layout(height=560)
    return _finish(fig, f"{council_name}: {label} by ward", synthetic)


def scatter_vs_deprivation(df: pd.DataFrame, column: str, label: str, council_name: str,
                           synthetic: bool) -> go.Figure:
    fig = px.scatter(df, x="imd_score", y=column, hover_name="ward_name",
                     labels={"imd_score": "IMD 2019 score (ward, unofficial aggregation; higher = more deprived)",
                             column: label})
    return _finish(fig, f"{council_name}: {label} against deprivation", synthetic, label)


def lines(df: pd.DataFrame, x: str, series: dict[str, str], text: str, y_title: str, synthetic: bool = False,
          dash: dict[str, str] | None = None) -> go.Figure:
    fig = go.Figure()
    palette = ["#D55E00", "#0072B2", "#999999", "#009E73"]
    for (column, name), colour in zip(series.items(), palette):
        if column in df:
            fig.add_trace(go.Scatter(x=df[x], y=df[column], name=name, mode="lines+markers",
                                     line=dict(color=colour, dash=(dash or {}).get(column, "solid")),
                                     connectgaps=False))
    return _finish(fig, text, synthetic, y_title)


def counts(df: pd.DataFrame, x: str, y: str, colour: str | None, text: str, synthetic: bool) -> go.Figure:
    fig = px.bar(df, x=x, y=y, color=colour)
    return _finish(fig, text, synthetic, y)


def pilot(df: pd.DataFrame, metric: str, unit: str) -> go.Figure:
    fig = px.line(df, x="month", y="value", color="organisation", markers=False)
    target = df.groupby("month", as_index=False)["target"].mean()
    fig.add_trace(go.Scatter(x=target["month"], y=target["target"], name="Target (average)",
                             line=dict(color="#333", dash="dash")))
    return _finish(fig, f"Make it Local pilot, Bristol: {metric}", True, unit)


COVERAGE_COLOURS = {"complete": "#0072B2", "partial": "#E69F00", "missing": "#999999", "synthetic": "#CC79A7"}


def coverage(df: pd.DataFrame, council_name: str) -> go.Figure:
    fig = px.bar(df, x="month", y="lines", color="status", color_discrete_map=COVERAGE_COLOURS,
                 category_orders={"status": list(COVERAGE_COLOURS)})
    return _finish(fig, f"{council_name}: spend lines by payment month and coverage status",
                   bool((df["status"] == "synthetic").any()), "lines")


def small_multiples(df: pd.DataFrame, name: str, unit: str, highlight: str) -> go.Figure:
    """One small chart per council, the selected council in orange, the median of real data dashed in each."""
    if df.empty:
        return empty("No council has data for this indicator.")
    data = df.assign(series=df["name"] + df["synthetic"].map({True: " (synthetic)", False: ""}),
                     role=df["code"].eq(highlight).map({True: "selected council", False: "other councils"}))
    fig = px.line(data, x="period", y="value", facet_col="series", facet_col_wrap=4, markers=True, color="role",
                  color_discrete_map={"selected council": "#D55E00", "other councils": "#0072B2"},
                  category_orders={"period": sorted(data["period"].unique())})
    # The median, one line per run of years resting on the same councils (queries.indicator_medians'
    # median_segment): where the councils change, the line breaks, so it never draws a change of membership as a
    # trend. Each point says how many councils it rests on.
    med = df.dropna(subset=["median"]).drop_duplicates("period").sort_values("period")
    for _, segment in med.groupby("median_segment", sort=True):
        fig.add_trace(go.Scatter(x=segment["period"], y=segment["median"], mode="lines+markers+text",
                                 name="median of real data (councils with data that year)",
                                 legendgroup="median", text=[f"n={int(n)}" for n in segment["median_councils"]],
                                 textposition="top center", textfont=dict(size=10, color="#555"),
                                 customdata=segment[["median_label"]],
                                 hovertemplate="%{x}: %{y}<br>%{customdata[0]}<extra></extra>",
                                 marker=dict(size=5, color="#555"), line=dict(color="#555", dash="dash")),
                      row="all", col="all", exclude_empty_subplots=True)
    seen: set[str] = set()
    fig.for_each_trace(lambda t: t.update(showlegend=t.name not in seen and not seen.add(t.name)))
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=", 1)[-1]))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=sorted(data["period"].unique()),
                     tickangle=-45, title_text="")
    if unit == "share":
        fig.update_yaxes(tickformat=".0%")
    fig.update_layout(height=max(360, 230 * ((data["series"].nunique() + 3) // 4)))
    fig = _finish(fig, f"{name}: network councils by financial year", bool(df["synthetic"].any()))
    return fig.update_layout(legend=dict(y=0.92, yanchor="top", yref="container"), margin=dict(t=130))


def covid_and_spend(covid: pd.DataFrame, monthly: pd.DataFrame, council_name: str, group: str, measure: str,
                    synthetic: bool) -> go.Figure:
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.6, 0.4])
    for column, label, colour, dash in (("council_rate", council_name, "#D55E00", "solid"),
                                        ("group_median", f"{group} median", "#0072B2", "solid"),
                                        ("england_rate", "England", "#555555", "dot")):
        fig.add_trace(go.Scatter(x=covid["week_ending"], y=covid[column], name=label, mode="lines",
                                 line=dict(color=colour, dash=dash), connectgaps=False), row=1, col=1)
    fig.add_trace(go.Bar(x=monthly["period_start"], y=monthly["value"], name=f"{council_name} monthly spend",
                         marker_color="#009E73"), row=2, col=1)
    fig.update_yaxes(title_text="cases per 100,000", row=1, col=1)
    fig.update_yaxes(title_text=money_axis(measure), row=2, col=1)
    fig.update_layout(height=640)
    _template(fig)
    fig.update_layout(title=dict(text=title(f"{council_name}: Covid-19 cases and monthly spend", synthetic), x=0,
                                 y=0.98, yref="container", yanchor="top", font=dict(size=16)), **LAYOUT)
    return fig
