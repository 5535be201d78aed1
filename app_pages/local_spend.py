"""Local spend: who the council pays, by supplier class and locality, with unknown always visible."""
import streamlit as st

from dashboard import frame, queries, ui, views
from kil import classes

f = frame.filters()
top = st.container()
drill = st.selectbox("Drill through to the lines of a supplier class", list(classes.CLASS_LABELS),
                     format_func=classes.CLASS_LABELS.get, key="drill-class")
options = {"drill_class": drill}
years = list(queries.months_covered(f.council))
if len(years) > 1:
    options["year"] = st.select_slider("Financial year of the top suppliers and the locality known",
                                       years, value=views.default_spend_year(f.council), key="spend-year")
ui.render(views.build("local_spend", f, options), top)
