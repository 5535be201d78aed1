"""Chart builders: DataFrame in, Plotly figure out. Synthetic data is labelled in the title of every chart."""
from __future__ import annotations

import json

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard.queries import CLASS_LABELS, LOCALITY_LABELS

SYNTHETIC_TAG = "SYNTHETIC DEMO DATA"
# Colour-blind-safe (Okabe-Ito); "unknown" is always grey so it is visible but never mistaken for a class.
CLASS_COLOURS = {"vcse": "#009E73", "private": "#0072B2", "public_body": "#CC79A7", "individual": "#E69F00",
                 "unknown": "#999999"}
LOCALITY_COLOURS = {"local": "#009E73", "non_local": "#0072B2", "unknown": "#999999"}
GRANT_COLOURS = {"true": "#009E73", "false": "#0072B2", "unknown": "#999999"}
GRANT_LABELS = {"true": "Grants", "false": "Other payments", "unknown": "Unknown (no category published)"}
LAYOUT = dict(template="plotly_white", font=dict(family="sans-serif", size=13), margin=dict(l=10, r=10, t=60, b=10),
              legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, title_text=""))


def title(text: str, synthetic: bool) -> str:
    return f"{text} — {SYNTHETIC_TAG}" if synthetic else text


def _finish(fig: go.Figure, text: str, synthetic: bool, y_title: str = "") -> go.Figure:
    fig.update_layout(title=dict(text=title(text, synthetic), x=0, font=dict(size=16)), **LAYOUT)
    fig.update_yaxes(title_text=y_title)
    fig.update_xaxes(title_text="")
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
    missing = df[df["months_missing"] == df["months"]]["period"].unique()
    for p in missing:
        fig.add_annotation(x=p, y=0, text="no data", showarrow=False, yshift=12, font=dict(color="#555"))
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(df["period"].unique()))
    what = {"class": "supplier class", "locality": "where the supplier is based", "grant": "grants and other payments"}
    return _finish(fig, f"{council_name}: spend by {what[dimension]}", bool(df["synthetic"].any()),
                   money_axis(measure))


def shares(df: pd.DataFrame, dimension: str, council_name: str) -> go.Figure:
    """Each category's share of the period's spend, unknown always visible."""
    labels, colours = {"class": (CLASS_LABELS, CLASS_COLOURS),
                       "locality": (LOCALITY_LABELS, LOCALITY_COLOURS)}[dimension]
    data = df.assign(category=df["category"].fillna("unknown"))
    totals = data.groupby("period")["amount"].transform("sum")
    data["share"] = data["amount"] / totals
    fig = px.line(data, x="period", y="share", color="category", color_discrete_map=colours, markers=True,
                  category_orders={"category": list(colours)})
    fig.for_each_trace(lambda t: t.update(name=labels.get(t.name, t.name)))
    fig.update_yaxes(tickformat=".0%")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(df["period"].unique()))
    return _finish(fig, f"{council_name}: share of spend by {'supplier class' if dimension == 'class' else 'locality'}",
                   bool(df["synthetic"].any()), "share of spend")


def by_service(df: pd.DataFrame, measure: str, council_name: str, top: int = 12) -> go.Figure:
    totals = df.groupby("service_area")["amount"].sum().sort_values(ascending=False)
    keep = set(totals.index[:top])
    data = df.assign(service_area=df["service_area"].where(df["service_area"].isin(keep), "Other service areas"))
    data = data.groupby(["period", "period_start", "service_area"], as_index=False)[["value"]].sum()
    fig = px.bar(data.sort_values("period_start"), x="period", y="value", color="service_area",
                 labels={"value": money_axis(measure)})
    return _finish(fig, f"{council_name}: spend by service area (top {top})", bool(df["synthetic"].any()),
                   money_axis(measure))


def top_suppliers(df: pd.DataFrame, council_name: str) -> go.Figure:
    data = df.sort_values("amount")
    fig = px.bar(data, x="amount", y="supplier", color="supplier_class", orientation="h",
                 color_discrete_map=CLASS_COLOURS, labels={"amount": "£", "supplier": ""})
    fig.for_each_trace(lambda t: t.update(name=CLASS_LABELS.get(t.name, t.name)))
    return _finish(fig, f"{council_name}: largest suppliers, April 2019 – March 2023", bool(df["synthetic"].any()))


def indicator_bars(df: pd.DataFrame, name: str, unit: str, highlight: str | None) -> go.Figure:
    data = df.copy()
    data["shown"] = data["value"]
    data["label"] = data["name"] + data["synthetic"].fillna(False).map({True: " (synthetic)", False: ""})
    colours = ["#D55E00" if c == highlight else "#0072B2" for c in data["code"]]
    fig = go.Figure(go.Bar(x=data["shown"], y=data["label"], orientation="h", marker_color=colours,
                           text=[("no data" if pd.isna(v) else "") for v in data["shown"]], textposition="outside"))
    fig.update_yaxes(autorange="reversed")
    if unit == "share":
        fig.update_xaxes(tickformat=".0%")
    return _finish(fig, f"{name}: Keep it Local Network councils", bool(data["synthetic"].fillna(False).any()))


def choropleth(df: pd.DataFrame, column: str, label: str, council_name: str, synthetic: bool) -> go.Figure:
    features = [{"type": "Feature", "id": r.ward_code, "properties": {"name": r.ward_name},
                 "geometry": json.loads(r.geometry_geojson)} for r in df.itertuples()]
    # MapLibre with a blank style: no tiles, no base-map download (this must work offline).
    fig = px.choropleth_map(df, geojson={"type": "FeatureCollection", "features": features}, locations="ward_code",
                            color=column, hover_name="ward_name", color_continuous_scale="Viridis",
                            labels={column: label}, map_style="white-bg", opacity=0.85, zoom=9.3,
                            center={"lat": float(df["centroid_lat"].mean()), "lon": float(df["centroid_lon"].mean())})
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
