"""Local spend: who the council pays, by supplier class and locality, with unknown always visible."""
import streamlit as st

from dashboard import frame, ui, views
from kil import classes

f = frame.filters()
top = st.container()
drill = st.selectbox("Drill through to the lines of a supplier class", list(classes.CLASS_LABELS),
                     format_func=classes.CLASS_LABELS.get, key="drill-class")
ui.render(views.build("local_spend", f, {"drill_class": drill}), top)
