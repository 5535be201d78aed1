"""Neighbourhoods: wards by deprivation, supplier-base spend and asset transfers."""
import streamlit as st

from dashboard import frame, ui, views

f = frame.filters()
top = st.container()
measure = st.radio("Colour wards by", list(views.WARD_MEASURES), format_func=views.WARD_MEASURES.get,
                   horizontal=True, key="ward-indicator")
ui.render(views.build("neighbourhoods", f, {"ward_measure": measure}), top)
