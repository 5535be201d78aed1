"""What the demo reads from data/: real postcodes and ward names (OS Code-Point Open)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

CODEPOINT = "raw/registers/codepoint_open_2025-10_postcodes_selected_areas.csv.gz"
AREA_NAMES = "raw/registers/codepoint_open_2025-10_area_codes_names.csv"


def load_postcodes(data_dir: Path) -> pd.DataFrame:
    """Code-Point postcodes (sorted) with their ward, and the council code each network council uses."""
    path = Path(data_dir) / CODEPOINT
    if not path.exists():
        raise FileNotFoundError(
            f"{path}: the Code-Point Open postcode file is needed to give demo rows real postcodes. "
            "It ships in data/raw/registers/ with its provenance file; restore it there and run again.")
    cols = ["postcode", "postcode_area", "positional_quality", "county_code", "lad_code", "ward_code"]
    df = pd.read_csv(path, dtype=str, keep_default_na=False, usecols=cols)
    df = df[(df["positional_quality"] != "90") & (df["lad_code"] != "") & (df["ward_code"] != "")]
    # East Sussex is a county: its postcodes carry a district lad_code and the county in county_code.
    df = df.assign(council_code=np.where(df["county_code"] == "E10000011", "E10000011", df["lad_code"]))
    return df.sort_values("postcode", kind="stable").reset_index(drop=True)


def load_ward_names(data_dir: Path) -> dict[str, str]:
    """OS ward names by code (" Ward" dropped); empty when the code list is absent."""
    path = Path(data_dir) / AREA_NAMES
    if not path.exists():
        return {}
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {c: n.removesuffix(" Ward") for c, n in zip(df["code"], df["name"]) if c.startswith("E05")}

