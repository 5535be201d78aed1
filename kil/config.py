"""The one place that reads configuration. Every setting has a working default and an environment override."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("KIL_DATA_DIR", ROOT / "data"))


def default_warehouse() -> Path:
    """`data/warehouse.duckdb`: the warehouse a build of DATA_DIR makes when nothing says otherwise."""
    return DATA_DIR / "warehouse.duckdb"


def warehouse_path(override: str | os.PathLike | None = None) -> Path:
    """`--warehouse PATH`, else `KIL_WAREHOUSE`, else `data/warehouse.duckdb`."""
    if override:
        return Path(override)
    return Path(os.environ.get("KIL_WAREHOUSE", default_warehouse()))


# DuckDB's memory for the ETL's own connection (a build, a load): past it DuckDB writes to disk (the warehouse file,
# or spills to <warehouse>.tmp) instead of holding more. Its default, 80% of the machine, let a 10M-line build reach
# 4.1 GB; the app's connections keep DuckDB's default.
ETL_MEMORY_LIMIT = os.environ.get("KIL_ETL_MEMORY_LIMIT", "1GB")
CACHE_TTL_SECONDS = int(os.environ.get("KIL_CACHE_TTL", "600"))
# The app's public address, the base of every permalink and citation. Unset, a page cites the address it was served
# from (Streamlit's st.context.url), and the command line, which serves nothing, the local app's LOCAL_URL.
LOCAL_URL = "http://localhost:8501"
PUBLISHER = os.environ.get("KIL_PUBLISHER", "Locality, Keep it Local campaign")   # who a citation names


def public_url() -> str | None:
    """KIL_BASE_URL, read when asked (a test or a deployment may set it after import); None when unset."""
    return os.environ.get("KIL_BASE_URL") or None
# Bumped whenever the warehouse schema changes; `make run` rebuilds an older warehouse.
SCHEMA_VERSION = 5   # 5: mart_postcode_areas; 4: the ledger says who loaded a file and what copy it stored; 3: bases, figure_of, council flags
