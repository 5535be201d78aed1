"""Compare areas: the 17 Keep it Local Network councils side by side, one indicator at a time."""
import streamlit as st

from dashboard import frame, queries, ui, views
from kil import indicators

f = frame.filters()
top = st.container()
indicator = st.selectbox("Indicator", list(indicators.INDICATORS),
                         format_func=lambda i: indicators.INDICATORS[i].name, key="compare-indicator")
periods = queries.indicator_periods(indicator)
options = {"indicator": indicator}
if len(periods) > 1:
    options["period"] = st.select_slider("Financial year", periods, value=views.default_period(indicator),
                                         key="compare-period")
ui.render(views.build("compare_areas", f, options), top)
