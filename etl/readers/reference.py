"""Every reference table, read in load order: the one entry point the build uses (etl/reference_loads.py).

`read_all(data_dir)` reads the 2019 boundaries once (etl/readers/geography.py) and hands them to the readers that
need them, then returns `{table: (DataFrame, [SourceLoad, ...])}` in load order, councils first (the others refer
to its codes). Each DataFrame has exactly the columns of its table in etl/sql/reference.sql, in order.

    councils                              etl/readers/councils.py      types, population, IMD, network flags
    neighbourhoods, msoas                 etl/readers/geography.py     wards and MSOAs with boundaries and IMD
    covid_cases                           etl/readers/covid.py         weekly cases, counties summed
    social_care_measures, social_care     etl/readers/social_care.py   Oflog adult social care
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.ledger import SourceLoad
from etl.readers import councils, covid, geography, social_care

TABLES = ("councils", "neighbourhoods", "msoas", "covid_cases", "social_care_measures", "social_care")


def read_all(data_dir: Path) -> dict[str, tuple[pd.DataFrame, list[SourceLoad]]]:
    """Every reference table, in load order (`TABLES`)."""
    data_dir = Path(data_dir)
    geo = geography.read_geographies(data_dir)
    tables = {
        "councils": councils.read_councils(data_dir, geo),
        "neighbourhoods": geography.read_neighbourhoods(data_dir),
        "msoas": geography.read_msoas(data_dir),
        "covid_cases": covid.read_covid_cases(data_dir, geo),
        **social_care.read_social_care(data_dir, geo.council_codes()),
    }
    return {table: tables[table] for table in TABLES}
