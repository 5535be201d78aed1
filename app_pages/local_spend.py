"""Local spend: who the council pays, by supplier class and locality, with unknown always visible."""
import streamlit as st

from dashboard import frame, queries, ui, views

f = frame.filters()
top = st.container()
drill = st.selectbox("Drill through to the lines of a supplier class", list(queries.CLASS_LABELS),
                     format_func=queries.CLASS_LABELS.get, key="drill-class")
ui.render(views.build("local_spend", f, {"drill_class": drill}), top)
