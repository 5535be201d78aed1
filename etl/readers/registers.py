"""Read the registers in data/raw/registers/ (scripts/snapshot.py says where each file comes from).

Every reader returns a DataFrame with our column names and identifiers normalised the one way the classifier
compares them: charity numbers as digits, company numbers as 8 characters ('02644726', 'SC114142'), postcodes as
'BD1 1AF'. Registers without a field give it as missing, never as a guess.

- charities: one row per (charity number, name): registered names from the UK-CAT samples, working and previous
  names from the Charity Commission's `charity_other_names`, status from UK-CAT's July 2021 list.
- CICs: company numbers only (the list has no names or postcodes).
- co-ops: Co-operatives UK open data, with name, postcode, company number, legal form and ownership.
- postcodes: Code-Point Open postcode -> council (LAD) and ward, October 2025 codes, for the postcode areas
  covered_areas() names only (17 areas: not N or BR, say).
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.ledger import SourceLoad
from kil import provenance

CHARITY_OTHER_NAMES = "ccew_charity_other_names_2024-09-10.csv.gz"
CHARITY_STATUS = "ukcat_uk_charities_status_icnptso_2021-07.csv.gz"
CHARITY_SAMPLE = "ukcat_manually_classified_charities_sample.csv.gz"
CHARITY_TOP2000 = "ukcat_manually_classified_charities_top2000.csv.gz"
CICS = "ukcat_cics_icnptso.csv.gz"
COOPS = "coops_uk_open_data_2023q2_standard.csv.gz"
POSTCODES = "codepoint_open_2025-10_postcodes_selected_areas.csv.gz"
AREA_NAMES = "codepoint_open_2025-10_area_codes_names.csv"
POSTCODE_SECTORS = "postcode_sector_to_lad_2025-10.csv"
POSTCODE_DISTRICTS = "postcode_district_to_lad_2025-10.csv"
POSTCODE_VINTAGE = "codepoint-2025-10"

POSTCODE_PATTERN = r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"
COMPANY_PREFIXES = ("SC", "NI", "OC", "SO", "NC", "NL", "NF", "IP", "SP", "RS", "NP", "NO", "R0", "FC", "GE")


def registers_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "raw" / "registers"


# ---- identifiers -----------------------------------------------------------------------------------------------

def normalise_postcodes(values: pd.Series) -> pd.Series:
    """'bd11af', ' BD1  1AF ' -> 'BD1 1AF'; anything that is not a full UK postcode -> missing."""
    s = values.astype("str").str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    s = s.str[:-3] + " " + s.str[-3:]
    return s.where(s.str.match(POSTCODE_PATTERN).fillna(False).astype(bool) & values.notna())


def normalise_company_numbers(values: pd.Series) -> pd.Series:
    """Companies House numbers as 8 characters: '4497153' -> '04497153', 'sc114142' -> 'SC114142'.

    Anything else (blank, 'N/A', a National Insurance number such as 'JN393272A') -> missing, so it is never
    repeated as evidence.
    """
    s = values.astype("str").str.upper().str.replace(r"\s", "", regex=True)
    digits = s.str.fullmatch(r"[0-9]{1,8}").fillna(False).astype(bool)
    prefixed = s.str.fullmatch(r"(" + "|".join(COMPANY_PREFIXES) + r")[0-9]{1,6}").fillna(False).astype(bool)
    out = pd.Series(pd.NA, index=values.index, dtype="str")
    out[digits] = s[digits].str.zfill(8)
    out[prefixed] = s[prefixed].str[:2] + s[prefixed].str[2:].str.zfill(6)
    return out.where(out != "00000000")


def normalise_charity_numbers(values: pd.Series) -> pd.Series:
    """Registered charity numbers as digits ('1025961', 'SC012345' for OSCR); 'N/A', 'EXEMPT', blank -> missing."""
    s = values.astype("str").str.upper().str.replace(r"\s", "", regex=True)
    s = s.str.replace(r"^(\d{6,7})(-\d+)?$", r"\1", regex=True)  # '1025961-1' is a subsidiary of 1025961
    ok = s.str.fullmatch(r"\d{6,7}|SC\d{6}|NIC?\d{5,6}").fillna(False).astype(bool)
    return s.where(ok & values.notna())


# ---- charities -------------------------------------------------------------------------------------------------

def read_charity_status(data_dir: Path) -> pd.DataFrame:
    """charity_number, regulator, status ('active' | 'removed') as at July 2021 (UK-CAT)."""
    df = pd.read_csv(registers_dir(data_dir) / CHARITY_STATUS, dtype="str",
                     usecols=["regulator", "charity_number", "status_2021_07"])
    df["charity_number"] = normalise_charity_numbers(df["charity_number"])
    df["status"] = df["status_2021_07"].map({"active": "active", "inactive": "removed"})
    return df.dropna(subset=["charity_number"]).drop_duplicates("charity_number")[
        ["charity_number", "regulator", "status"]].reset_index(drop=True)


def read_charities(data_dir: Path) -> pd.DataFrame:
    """One row per (charity_number, name): charity_number, regulator, name, name_type ('registered name' |
    'working name' | 'previous name'), status ('active' | 'removed' | missing), postcode, source (file name)."""
    folder = registers_dir(data_dir)
    other = pd.read_csv(folder / CHARITY_OTHER_NAMES, dtype="str",
                        usecols=["registered_charity_number", "linked_charity_number", "charity_name_type",
                                 "charity_name"])
    other = other[other["linked_charity_number"].fillna("0") == "0"]  # names of subsidiaries share the number
    other = pd.DataFrame({
        "charity_number": normalise_charity_numbers(other["registered_charity_number"]),
        "regulator": "ccew",
        "name": other["charity_name"],
        "name_type": other["charity_name_type"].str.lower(),
        "postcode": pd.Series(pd.NA, index=other.index, dtype="str"),
        "active": pd.Series(pd.NA, index=other.index, dtype="str"),
        "source": CHARITY_OTHER_NAMES,
    })
    samples = []
    for name in (CHARITY_TOP2000, CHARITY_SAMPLE):
        df = pd.read_csv(folder / name, dtype="str", usecols=["reg_number", "name", "postcode", "active", "source"])
        samples.append(pd.DataFrame({
            "charity_number": normalise_charity_numbers(df["reg_number"]),
            "regulator": df["source"].str.lower(),
            "name": df["name"],
            "name_type": "registered name",
            "postcode": normalise_postcodes(df["postcode"]),
            "active": df["active"],
            "source": name,
        }))
    df = pd.concat([other, *samples], ignore_index=True).dropna(subset=["charity_number", "name"])
    df["name"] = df["name"].str.strip()
    status = read_charity_status(data_dir)[["charity_number", "status"]]
    df = df.merge(status, on="charity_number", how="left")
    fallback = df["active"].map({"True": "active", "False": "removed"})
    df["status"] = df["status"].fillna(fallback)
    df = df.drop_duplicates(["charity_number", "name", "name_type"])
    # The postcode a charity has anywhere (the samples) is its postcode on every name row.
    postcode = df.dropna(subset=["postcode"]).drop_duplicates("charity_number").set_index("charity_number")["postcode"]
    df["postcode"] = df["charity_number"].map(postcode)
    return df[["charity_number", "regulator", "name", "name_type", "status", "postcode", "source"]].reset_index(
        drop=True)


# ---- CICs and co-ops -------------------------------------------------------------------------------------------

def read_cics(data_dir: Path) -> pd.DataFrame:
    """company_number of every Community Interest Company in UK-CAT's list; name and postcode are not given."""
    df = pd.read_csv(registers_dir(data_dir) / CICS, dtype="str", usecols=["org_id"])
    numbers = normalise_company_numbers(df["org_id"].str.removeprefix("GB-COH-"))
    out = pd.DataFrame({"company_number": numbers, "name": pd.Series(pd.NA, index=df.index, dtype="str"),
                        "postcode": pd.Series(pd.NA, index=df.index, dtype="str"), "source": CICS})
    return out.dropna(subset=["company_number"]).drop_duplicates("company_number").reset_index(drop=True)


def read_coops(data_dir: Path) -> pd.DataFrame:
    """coop_id, name, postcode, company_number, legal_form, ownership (Co-operatives UK, Q2 2023)."""
    df = pd.read_csv(registers_dir(data_dir) / COOPS, dtype="str",
                     usecols=["Identifier", "Name", "Postcode", "Companies House Number", "Legal Form",
                              "Ownership Classification"])
    return pd.DataFrame({
        "coop_id": df["Identifier"],
        "name": df["Name"].str.strip(),
        "postcode": normalise_postcodes(df["Postcode"]),
        "company_number": normalise_company_numbers(df["Companies House Number"]),
        "legal_form": df["Legal Form"],
        "ownership": df["Ownership Classification"],
        "source": COOPS,
    }).dropna(subset=["name"]).reset_index(drop=True)


@dataclass
class Registers:
    """The registers the classifier reads, loaded once."""
    charities: pd.DataFrame
    cics: pd.DataFrame
    coops: pd.DataFrame


def load_registers(data_dir: Path) -> Registers:
    return Registers(read_charities(data_dir), read_cics(data_dir), read_coops(data_dir))


# ---- postcodes -------------------------------------------------------------------------------------------------

def read_postcodes(data_dir: Path) -> pd.DataFrame:
    """postcode ('BD1 1AF'), council_code (LAD), ward_code, vintage. Units without coordinates have no codes."""
    df = pd.read_csv(registers_dir(data_dir) / POSTCODES, dtype="str", usecols=["postcode", "lad_code", "ward_code"])
    return pd.DataFrame({
        "postcode": normalise_postcodes(df["postcode"]),
        "council_code": df["lad_code"],
        "ward_code": df["ward_code"],
        "vintage": POSTCODE_VINTAGE,
    }).dropna(subset=["postcode"]).drop_duplicates("postcode").reset_index(drop=True)


def postcode_area(postcodes: pd.Series) -> pd.Series:
    """The postcode area, the letters before the first digit: 'N16 7UX' -> 'N', 'BD1 1AF' -> 'BD'."""
    return postcodes.astype("str").str.extract(r"^([A-Z]{1,2})[0-9]", expand=False)


def covered_areas(postcodes: pd.DataFrame) -> frozenset[str]:
    """The postcode areas the register holds (read_postcodes' frame): Code-Point Open is loaded for some areas only
    (see POSTCODES' provenance), so a postcode outside them says nothing about where a supplier is."""
    return frozenset(postcode_area(postcodes["postcode"]).dropna().unique())


def read_postcode_areas(data_dir: Path) -> pd.DataFrame:
    """For postcodes missing from Code-Point (terminated since): sectors and districts that lie wholly in one
    council. Columns: prefix ('BD1 1' or 'BD1'), level ('sector' | 'district'), council_code."""
    folder, frames = registers_dir(data_dir), []
    for level, name, column in (("sector", POSTCODE_SECTORS, "postcode_sector"),
                                ("district", POSTCODE_DISTRICTS, "postcode_district")):
        df = pd.read_csv(folder / name, dtype="str", usecols=[column, "lad_code", "n_lads"])
        df = df[(df["n_lads"] == "1") & df["lad_code"].notna()]
        frames.append(pd.DataFrame({"prefix": df[column].str.upper(), "level": level,
                                    "council_code": df["lad_code"]}))
    return pd.concat(frames, ignore_index=True)


CLASSIFICATION_FILES = (CHARITY_STATUS, CHARITY_OTHER_NAMES, CHARITY_TOP2000, CHARITY_SAMPLE, CICS, COOPS,
                        POSTCODE_SECTORS, POSTCODE_DISTRICTS)


def _records(path: Path) -> int:
    """Data records of a CSV (or gzipped CSV): its lines less the header."""
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as f:
        return max(sum(1 for _ in f) - 1, 0)


def ledger_entries(data_dir: Path) -> list[SourceLoad]:
    """Ledger rows for the register files supplier classification reads (etl/classify.py), which fill no table
    of their own, and for councils' supplier registers (synthetic ones flagged), so their publishers, licences
    and attributions are in the ledger like every other source's."""
    from kil import councils

    from etl.readers import supplier_register

    loads = []
    for name in CLASSIFICATION_FILES:
        path = registers_dir(data_dir) / name
        if path.exists():
            n = _records(path)
            loads.append(SourceLoad(path=path, dataset="registers", rows_read=n, rows_loaded=n,
                                    message="read by supplier classification (etl/classify.py)"))
    own = [(p, p.stem, False) for p in sorted(supplier_register.folder(data_dir).glob("*.csv"))]
    demo = Path(data_dir) / "demo" / "suppliers"
    own += [(p, councils.code_of(p.parent.name), True) for p in sorted(demo.glob("*/*.csv"))]
    for path, code, synthetic in own:
        n = _records(path)
        loads.append(SourceLoad(path=path, dataset="registers", rows_read=n, rows_loaded=n, council_code=code,
                                synthetic=synthetic, message="the council's supplier register"))
    return loads


def postcodes_load(data_dir: Path) -> tuple[pd.DataFrame, list[SourceLoad]]:
    """The `postcodes` table (etl/sql/registers.sql) and its ledger entry."""
    path = registers_dir(data_dir) / POSTCODES
    df = pd.read_csv(path, dtype="str", usecols=["postcode"])
    out = read_postcodes(data_dir)
    load = SourceLoad(path=path, dataset="postcodes", rows_read=len(df), rows_loaded=len(out))
    load.rows_rejected = int(normalise_postcodes(df["postcode"]).isna().sum())
    load.rows_duplicate = load.rows_read - load.rows_loaded - load.rows_rejected
    load.message = f"Code-Point Open postcodes ({POSTCODE_VINTAGE}); sha256 {provenance.read(path).get('sha256', '?')}"
    return out, [load]
