"""Compare areas: the 17 Keep it Local Network councils side by side, one indicator at a time."""
import streamlit as st

from dashboard import frame, charts, queries, ui
from kil import indicators

f = frame.filters()
st.title("Compare the Keep it Local Network")
st.write("The 17 network councils side by side. Councils without data say so; synthetic values are marked and "
         "left out of every median. Comparisons use amounts and shares, never line counts, because councils "
         "publish from different thresholds (Newcastle from £250, Calderdale from £0).")
ids = list(indicators.INDICATORS)
indicator_id = st.selectbox("Indicator", ids, format_func=lambda i: indicators.INDICATORS[i].name,
                            key="compare-indicator")
ind = indicators.INDICATORS[indicator_id]
periods = queries.indicator_periods(indicator_id)
if not periods:
    st.info("No council has data for this indicator yet.")
    st.stop()
period = st.select_slider("Financial year", periods, value=periods[-1], key="compare-period")
st.caption(f"Principle: {ind.principle}. {ind.definition}")
df = queries.compare_indicator(indicator_id, period)
if df["synthetic"].fillna(False).any():
    ui.synthetic_banner("values marked (synthetic)")
ui.chart(charts.indicator_bars(df, f"{ind.name}, {period}", ind.unit, f.council), df,
         f"compare-{indicator_id}")
