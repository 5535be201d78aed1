"""Sources, licences and attributions, read from the load ledger: every raw file's provenance file is copied into
the ledger (`loads.provenance`) when it is loaded, so nothing here is typed twice.

Items name the warehouse tables they rest on (`Item.datasets`: 'spend', 'neighbourhoods', ...), which are the
ledger's `dataset` values; a council's charts cite that council's spend files only.
"""
from __future__ import annotations

import pandas as pd

from dashboard import queries

EVERYTHING = ("spend", "registers", "postcodes", "councils", "neighbourhoods", "msoas", "covid_cases",
              "social_care", "social_care_measures", "asset_transfers", "pilot_metrics")


def describe(datasets: tuple[str, ...], council: str | None = None) -> list[dict]:
    """One row per dataset and publisher: licence, attribution, whether synthetic, files, first retrieved."""
    df = queries.sources(tuple(datasets), council)
    return df.astype(object).where(df.notna(), None).to_dict("records")


def _unique(values) -> list[str]:
    return list(dict.fromkeys(v for v in values if isinstance(v, str) and v))


def line(datasets: tuple[str, ...], council: str | None = None) -> str:
    """One caption line: who published what a chart rests on, and under which licence."""
    df = queries.sources(tuple(datasets), council)
    if df.empty:
        return ""
    parts = [f"{p} ({'; '.join(_unique(g['licence']))})" for p, g in df.groupby("publisher", sort=False)]
    return "Source: " + "; ".join(parts) + "."


def licences(datasets: tuple[str, ...], council: str | None = None) -> list[str]:
    return _unique(queries.sources(tuple(datasets), council)["licence"])


def attributions(datasets: tuple[str, ...] = EVERYTHING, council: str | None = None) -> list[str]:
    """The attribution each licence asks for, once each (the footer shows them for the whole warehouse)."""
    df: pd.DataFrame = queries.sources(tuple(datasets), council)
    return [a if a.endswith(".") else a + "." for a in _unique(df["attribution"])]
