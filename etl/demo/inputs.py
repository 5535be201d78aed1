"""What the demo reads from data/: the network councils with their populations, and real postcodes and ward names.

- `network_councils`: the 17 Keep it Local Network councils (kil.councils: code, folder name, name) with the type
  and population the councils table gives them (etl/readers/councils.py: ONS mid-2019 as carried by
  raw/covid/ltla_covid_cases_weekly_england.csv, a county the sum of its districts), and England's population
  (the sum over the 2019 LADs of the same figures);
- `load_postcodes`, `load_ward_names`: OS Code-Point Open postcodes, wards and ward names (raw/registers/).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from etl.readers import councils as council_reader
from etl.readers.covid import COVID_FILE
from etl.readers.geography import LAD_FILE, TOPO_FILE
from kil import councils

CODEPOINT = "raw/registers/codepoint_open_2025-10_postcodes_selected_areas.csv.gz"
AREA_NAMES = "raw/registers/codepoint_open_2025-10_area_codes_names.csv"
# What the populations are read from (relative to data/), for the provenance of files sized by population.
POPULATION_FILES = tuple(f"raw/{rel}" for rel in (COVID_FILE, LAD_FILE, TOPO_FILE))


@dataclass(frozen=True)
class NetworkCouncils:
    """The network councils in kil.councils order: a frame indexed by code (slug, name, type, population)."""
    councils: pd.DataFrame
    england_population: int

    def counties(self) -> list[str]:
        return list(self.councils.index[self.councils["type"] == "county"])


def network_councils(data_dir: Path) -> NetworkCouncils:
    everyone = council_reader.populations(data_dir)
    network = everyone.loc[list(councils.NETWORK), ["type", "population"]]
    if network["population"].isna().any():
        missing = list(network.index[network["population"].isna()])
        raise ValueError(f"no population for network councils {missing} in {COVID_FILE}; the asset registers "
                         "are sized by population")
    network.insert(0, "slug", [councils.slug(code) for code in network.index])
    network.insert(1, "name", [councils.NETWORK[code] for code in network.index])
    network["population"] = network["population"].astype(int)
    england = int(everyone.loc[everyone["type"] != "county", "population"].sum())
    return NetworkCouncils(network, england)


def load_postcodes(data_dir: Path, counties: list[str]) -> pd.DataFrame:
    """Code-Point postcodes (sorted) with their ward, and the council code each network council uses: a county's
    postcodes carry a district lad_code and the county in county_code, so they take the county's code."""
    path = Path(data_dir) / CODEPOINT
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: the Code-Point Open postcode file is needed to give demo rows real postcodes. "
            "It ships in data/raw/registers/ with its provenance file; restore it there and run again.")
    cols = ["postcode", "postcode_area", "positional_quality", "county_code", "lad_code", "ward_code"]
    df = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=cols)
    df = df[(df["positional_quality"] != "90") & (df["lad_code"] != "") & (df["ward_code"] != "")]
    df = df.assign(council_code=np.where(df["county_code"].isin(counties), df["county_code"], df["lad_code"]))
    return df.sort_values("postcode", kind="stable").reset_index(drop=True)


def load_ward_names(data_dir: Path) -> dict[str, str]:
    """OS ward names by code (" Ward" dropped); empty when the code list is absent."""
    path = Path(data_dir) / AREA_NAMES
    if not path.exists():
        return {}
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {c: n.removesuffix(" Ward") for c, n in zip(df["code"], df["name"]) if c.startswith("E05")}
