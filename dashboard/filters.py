"""Shared filters: held in session state, written to the URL on every run, validated against fixed lists.

Streamlit clears query parameters when the page changes, so the frame writes them back on every run: any URL is
a permalink, and a view survives page switches. `Filters.service` is None for all service areas: the query layer
takes None for "all", and the label "All service areas" belongs to the screen only.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard import queries

GROUPS = {"network": "Keep it Local Network", "type": "Councils of the same type", "england": "England"}
PERIODS = {"fy": "Financial year", "quarter": "Quarter", "month": "Month"}
MEASURES = {"total": "Total (£)", "per_head": "Per head (£ per resident)"}
ALL_SERVICES = "All service areas"      # the label of service=None, on screen only
DEFAULT_COUNCIL = "E08000032"   # Bradford, a Keep it Local pilot with real spend data
KEYS = ("council", "group", "period", "service", "measure")
# A page option's URL name where its own name is a filter's (Compare areas' `period` is a financial year).
OPTION_PARAMS = {"period": "year"}


@dataclass(frozen=True)
class Filters:
    council: str
    group: str
    period: str
    service: str | None     # None: all service areas
    measure: str

    def as_params(self) -> dict[str, str]:
        """The URL parameters of these filters (no `service` for all service areas)."""
        return {k: getattr(self, k) for k in KEYS if getattr(self, k) is not None}

    def describe(self, council_name: str) -> str:
        service = self.service if self.service is not None else "all service areas"
        return (f"{council_name}; compared with {GROUPS[self.group]}; by {PERIODS[self.period].lower()}; "
                f"{service}; {MEASURES[self.measure].lower()}")


def _from_url(key: str, allowed, default: str, problems: list[str]) -> str:
    value = st.query_params.get(key)
    if value is None:
        return default
    if value in allowed:
        return value
    problems.append(f"“{value}” is not a {key} this dashboard knows, so it shows {default} instead.")
    return default


def sidebar() -> Filters:
    """Draw the shared filters in the sidebar and return them. Friendly messages for bad URL values."""
    councils = queries.council_options()
    codes = list(councils["code"])
    names = dict(zip(councils["code"], councils["label"]))
    problems: list[str] = []
    if "council" not in st.session_state:
        st.session_state.council = _from_url("council", codes, DEFAULT_COUNCIL, problems)
        st.session_state.group = _from_url("group", GROUPS, "network", problems)
        st.session_state.period = _from_url("period", PERIODS, "fy", problems)
        st.session_state.measure = _from_url("measure", MEASURES, "total", problems)
        st.session_state.service_from_url = st.query_params.get("service")
    for p in problems:
        st.warning(p, icon=":material/info:")

    with st.sidebar:
        st.selectbox("Council", codes, format_func=names.get, key="council",
                     help="Keep it Local Network councils first, then every other English council.")
        st.radio("Compare with", list(GROUPS), format_func=GROUPS.get, key="group")
        st.radio("Period", list(PERIODS), format_func=PERIODS.get, key="period", horizontal=True)
        services = [None, *queries.service_areas(st.session_state.council)]   # None: all service areas
        wanted = st.session_state.pop("service_from_url", None)
        if wanted is not None:
            if wanted in services:
                st.session_state.service = wanted
            else:
                st.warning(f"“{wanted}” is not a service area of this council, so all service areas are shown.")
                st.session_state.service = None
        if st.session_state.get("service") not in services:
            st.session_state.service = None
        st.selectbox("Service area", services, key="service", format_func=lambda s: ALL_SERVICES if s is None else s,
                     help="Within the selected council only: councils name their services differently, so "
                          "service areas are never compared across councils.")
        st.radio("Show", list(MEASURES), format_func=MEASURES.get, key="measure")

    f = Filters(**{k: st.session_state[k] for k in KEYS})
    st.query_params.from_dict(f.as_params())
    return f
