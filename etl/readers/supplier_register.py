"""Read a council's own supplier register: where each supplier is, and what the council says it is.

No council in the pilot publishes one yet; this is the format we ask for. One CSV per council, saved as
`data/raw/supplier_registers/<council_code>.csv` (UTF-8, with a provenance file beside it), with a header row:

    supplier_name     required  the name exactly as it appears in the council's spend files
    postcode          required  the supplier's address postcode ('BD1 1AF'; any spacing or case)
    class             optional  an id of kil.classes.CLASSES (the council's own view)
    charity_number    optional  registered charity number
    company_number    optional  Companies House number ('02644726' or '2644726')

Example:

    supplier_name,postcode,class,charity_number,company_number
    AGE UK BRADFORD & DISTRICT,BD1 3DA,vcse,1025961,
    COLAS LTD,RH6 0QW,private,,02644726

The classifier takes the postcode first for locality, the class as the council's own word (after corrections and
the people rules), and the numbers as registered numbers. Rows are keyed by council_code and supplier_key
(etl.classify.normalise_name of supplier_name); a repeated key keeps its first row.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.classify import normalise_names
from etl.readers.registers import normalise_charity_numbers, normalise_company_numbers, normalise_postcodes
from kil.classes import CLASSES

REQUIRED = ("supplier_name", "postcode")
OPTIONAL = ("class", "charity_number", "company_number")
COLUMNS = ["council_code", "supplier_name", "supplier_key", "postcode", "class", "charity_number", "company_number"]


def read_supplier_register(path: Path, council_code: str) -> pd.DataFrame:
    """One council's register as COLUMNS. A missing required column is an error that names what was found."""
    df = pd.read_csv(path, dtype="str", keep_default_na=False, encoding="utf-8-sig")
    df.columns = [c.strip().lower() for c in df.columns]
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: no {', '.join(missing)} column. Expected {REQUIRED + OPTIONAL}; "
                         f"found {list(df.columns)}")
    for column in OPTIONAL:
        if column not in df.columns:
            df[column] = ""
    cls = df["class"].str.strip().str.lower()
    bad = df[(cls != "") & ~cls.isin(CLASSES)]
    if len(bad):
        raise ValueError(f"{path} line {int(bad.index[0]) + 2}: class {bad['class'].iloc[0]!r} is not one of "
                         f"{CLASSES}")
    out = pd.DataFrame({
        "council_code": council_code,
        "supplier_name": df["supplier_name"],
        "supplier_key": normalise_names(df["supplier_name"]),
        "postcode": normalise_postcodes(df["postcode"].replace("", None)),
        "class": cls.where(cls != ""),
        "charity_number": normalise_charity_numbers(df["charity_number"].replace("", None)),
        "company_number": normalise_company_numbers(df["company_number"].replace("", None)),
    })
    return out.drop_duplicates(["council_code", "supplier_key"]).reset_index(drop=True)


def keep_copy(path: Path, council_code: str, data_dir: Path) -> Path:
    """Validate a council's register and copy it, with its provenance, to data/raw/supplier_registers/<code>.csv,
    where the next build reads it. Raises ValueError (naming what is wrong) before copying anything."""
    import datetime as dt

    from kil.provenance import copy_with_provenance

    read_supplier_register(path, council_code)
    return copy_with_provenance(
        path, folder(data_dir) / f"{council_code}.csv", source=f"supplied by the council as {path.name}",
        publisher=council_code, licence="as supplied by the council", retrieved=dt.date.today().isoformat(),
        notes="copied by `python -m etl load suppliers`")


def folder(data_dir: Path) -> Path:
    return Path(data_dir) / "raw" / "supplier_registers"


def read_supplier_registers(folder: Path) -> pd.DataFrame:
    """Every `<council_code>.csv` in a folder, stacked; an empty frame with COLUMNS when there are none."""
    frames = [read_supplier_register(path, path.stem) for path in sorted(Path(folder).glob("*.csv"))]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS, dtype="str")
