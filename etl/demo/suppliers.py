"""The fictional Bristol suppliers (400), written as a supplier register, synthetic.

Writes `suppliers/bristol/suppliers.synthetic.csv`. The same suppliers, with how often each is paid, its typical
payment and its usual service area, feed the synthetic Bristol spend (etl/demo/spend.py).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from etl.demo.files import write_csv, write_provenance
from etl.demo.layout import SUPPLIER_COLUMNS
from etl.demo.names import PRIVATE_KINDS, PUBLIC_KINDS, VCSE_KINDS, Names
from etl.demo.pilot import PILOT_ORGS
from etl.demo.spend import PRIVATE_AREAS, SERVICES, VCSE_AREAS
from kil.councils import BRISTOL

SUPPLIERS_FILE = "suppliers/bristol/suppliers.synthetic.csv"
COUNTS = {"vcse": 133, "public_body": 30, "private": 230}      # + the 7 pilot organisations (vcse) = 400
LOCAL_SHARE = {"vcse": 0.85, "public_body": 0.75, "private": 0.60}


def write_suppliers(out_dir: Path, seed: int, suppliers: pd.DataFrame, inputs: list[dict]) -> int:
    """Write the register and its provenance; return the rows written."""
    path = out_dir / SUPPLIERS_FILE
    write_csv(path, SUPPLIER_COLUMNS, suppliers[SUPPLIER_COLUMNS].values.tolist())
    n_local = int(suppliers["local"].sum())
    write_provenance(path, seed, inputs=inputs, sizing=(
        f"{len(suppliers)} suppliers ({COUNTS['vcse']} vcse + {len(PILOT_ORGS)} Make it Local pilot organisations, "
        f"{COUNTS['public_body']} public_body, {COUNTS['private']} private), about the number of distinct suppliers "
        f"a mid-size council pays in a month; {n_local} have a Bristol postcode ("
        + ", ".join(f"{cls} {share:.0%}" for cls, share in LOCAL_SHARE.items())
        + f"; {n_local / len(suppliers):.0%} overall)."), notes=(
        "SYNTHETIC. Every name is invented ('<invented place> <kind> (demo)') and matches no organisation; charity "
        "and company numbers are blank on purpose. Postcodes are real live postcodes from Code-Point Open, drawn "
        f"at random (Bristol ones from {BRISTOL}, others from the other areas in that file)."))
    return len(suppliers)


def build_suppliers(rng: np.random.Generator, postcodes: pd.DataFrame) -> pd.DataFrame:
    """About 400 fictional Bristol suppliers. ~70% have a Bristol postcode (VCSE more often than private firms)."""
    taken = {name for name, _ in PILOT_ORGS}
    bristol = postcodes[postcodes["council_code"] == BRISTOL]
    elsewhere = postcodes[postcodes["council_code"] != BRISTOL]
    rows = []
    for cls, kinds in (("vcse", VCSE_KINDS), ("public_body", PUBLIC_KINDS), ("private", PRIVATE_KINDS)):
        names = Names(rng, kinds, taken)
        for _ in range(COUNTS[cls]):
            rows.append({"supplier_name": names.take(), "class": cls,
                         "local": bool(rng.random() < LOCAL_SHARE[cls])})
    # The pilot organisations are local VCSE suppliers in seven different Bristol wards.
    wards = sorted(bristol["ward_code"].unique())
    pilot_wards = [wards[i] for i in rng.choice(len(wards), size=len(PILOT_ORGS), replace=False)]
    df = pd.DataFrame(rows)
    n_local = int(df["local"].sum())
    local_pc = bristol["postcode"].to_numpy()[rng.choice(len(bristol), size=n_local, replace=False)]
    away_pc = elsewhere["postcode"].to_numpy()[rng.choice(len(elsewhere), size=len(df) - n_local, replace=False)]
    df.loc[df["local"], "postcode"] = local_pc
    df.loc[~df["local"], "postcode"] = away_pc
    pilot_rows = []
    for (name, _), ward in zip(PILOT_ORGS, pilot_wards):
        in_ward = bristol[bristol["ward_code"] == ward]["postcode"].to_numpy()
        pilot_rows.append({"supplier_name": name, "class": "vcse", "local": True,
                           "postcode": in_ward[rng.integers(len(in_ward))]})
    df = pd.concat([df, pd.DataFrame(pilot_rows)], ignore_index=True)
    df = df.sort_values("supplier_name", kind="stable").reset_index(drop=True)
    df["supplier_id"] = [f"DEMO-S{i + 1:04d}" for i in range(len(df))]
    df["charity_number"] = ""
    df["company_number"] = ""
    # How often each supplier is paid (heavy-tailed) and its typical payment size, by class.
    df["weight"] = rng.pareto(1.2, size=len(df)) + 0.2
    median = df["class"].map({"vcse": 1_200.0, "public_body": 6_000.0, "private": 2_500.0}).to_numpy()
    df["scale"] = median * rng.lognormal(0.0, 0.8, size=len(df))
    areas = []
    for cls in df["class"]:
        pool = VCSE_AREAS if cls == "vcse" else PRIVATE_AREAS if cls == "private" else list(SERVICES)
        areas.append(pool[rng.integers(len(pool))])
    df["area"] = areas
    return df
