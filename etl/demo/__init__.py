"""Synthetic demo data for what no council publishes, written so that nobody can mistake it for fact.

`python -m etl demo [--seed N] [--out DIR]` writes, under `data/demo/` by default:

    spend/bristol/spend/YYYY-MM.synthetic.csv.gz   Bristol spend, every month of the dashboard's window (kil.periods,
                                                  2019-04..2024-03), Calderdale's 23-column LGA layout   spend.py
    suppliers/bristol/suppliers.synthetic.csv     the fictional Bristol suppliers, real Bristol postcodes  suppliers.py
    assets/<council>.synthetic.csv                community asset transfer registers, the 17 Keep it Local
                                                  Network councils of kil.councils                        assets.py
    pilot/make_it_local.synthetic.csv             Make it Local pilot (Bristol) monthly metrics, 2021-01 to
                                                  the window's end                                        pilot.py

The other modules: names.py (invented words), inputs.py (what is read: the network councils' populations from
the councils reader, Code-Point postcodes and ward names), files.py (CSV and provenance writing), layout.py
(columns and allowed values, shared with etl/readers/demo.py).

How it is marked as synthetic, everywhere:
- every file name contains SYNTHETIC (`.synthetic.csv`), and every file has a `<file>.provenance.json` beside it
  with "synthetic": true, the seed, the generator and how the sizes were chosen;
- every organisation, supplier and asset name is invented and ends in " (demo)"; no registration numbers;
- Bristol spend says "Bristol City Council (SYNTHETIC DEMO DATA)" as its Organisation Name on every line.
Only the postcodes and ward codes are real (OS Code-Point Open), so locality and ward views work end to end.

The same seed and inputs give byte-identical files: one numpy Generator drawn in a fixed order, sorted rows, fixed
number formats, "\\n" line ends, gzip with no name and mtime 0, and no timestamps in the provenance.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from etl.demo.assets import write_assets
from etl.demo.files import input_records
from etl.demo.inputs import AREA_NAMES, CODEPOINT, POPULATION_FILES, load_postcodes, load_ward_names, network_councils
from etl.demo.pilot import write_pilot
from etl.demo.spend import write_spend
from etl.demo.suppliers import build_suppliers, write_suppliers
from kil import config

DEFAULT_SEED = 2020


def generate(seed: int = DEFAULT_SEED, out_dir: Path | None = None, data_dir: Path | None = None) -> dict[str, int]:
    """Write every demo file under out_dir (default data/demo) and return the rows written per dataset.

    One generator, drawn in a fixed order: suppliers, pilot, spend, then asset registers in network order."""
    data_dir = Path(data_dir) if data_dir else config.DATA_DIR
    out_dir = Path(out_dir) if out_dir else data_dir / "demo"
    rng = np.random.default_rng(seed)
    network = network_councils(data_dir)
    postcodes = load_postcodes(data_dir, network.counties())
    ward_names = load_ward_names(data_dir)
    codepoint = input_records(data_dir, CODEPOINT, AREA_NAMES)

    suppliers = build_suppliers(rng, postcodes)
    ward_of_postcode = dict(zip(postcodes["postcode"], postcodes["ward_code"]))
    pilot_rows, pilot_pay = write_pilot(rng, out_dir, seed, suppliers, ward_of_postcode, codepoint)
    counts = {"pilot_metrics": pilot_rows, "suppliers": write_suppliers(out_dir, seed, suppliers, codepoint)}
    counts["spend"] = write_spend(rng, out_dir, seed, suppliers, pilot_pay, codepoint)
    bristol_vcse = sorted(suppliers.loc[(suppliers["class"] == "vcse") & suppliers["local"], "supplier_name"])
    counts["asset_transfers"] = write_assets(rng, out_dir, seed, network, postcodes, ward_names, bristol_vcse,
                                             codepoint + input_records(data_dir, *POPULATION_FILES))
    return {k: counts[k] for k in ("spend", "suppliers", "asset_transfers", "pilot_metrics")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl demo", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default data/demo)")
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder holding raw/ (default data)")
    args = parser.parse_args(argv)
    counts = generate(args.seed, args.out, args.data_dir)
    out = args.out or (args.data_dir or config.DATA_DIR) / "demo"
    print(f"Synthetic demo data (seed {args.seed}) written to {out}:")
    for dataset, n in counts.items():
        print(f"  {dataset}: {n:,} rows")
    return 0
