"""Social care: Oflog adult social care measures, and Bristol's Make it Local pilot (synthetic)."""
import streamlit as st

from dashboard import frame, queries, ui, views

f = frame.filters()
top = st.container()
options = {}
if queries.council(f.council).get("make_it_local"):
    metrics = sorted(queries.pilot_metrics()["metric"].unique())
    options["pilot_metric"] = st.selectbox("Make it Local pilot metric", metrics, key="pilot-metric")
ui.render(views.build("social_care", f, options), top)
