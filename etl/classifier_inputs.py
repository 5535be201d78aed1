"""What the classifier reads besides the spend, read once per set of register files and kept as Parquet.

Reading the registers (charities, CICs, co-ops), the postcode register and building the classifier's name index
take several seconds; a load of one monthly file should not pay them each time. So the first classification after
the register files (or the classifier's code) change writes them under `<data folder>/.cache/classifier/<key>/`,
and every later one reads them back in a fraction of a second. The key is a hash of the register files' names,
sizes and modification times and of the source of etl/classify.py, etl/readers/registers.py and this module, so a
changed register, rule or cache format is never read from an old cache. Arrow IPC files, uncompressed and
memory-mapped when read (0.02 s for all of them, where Parquet took 0.3-0.4 s of a one-file load); not pickle: a
cache file is data, never code.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
from pyarrow import feather

from etl import classify
from etl.readers import registers

CODE = (Path(classify.__file__), Path(registers.__file__), Path(__file__))
FRAMES = ("charities", "cics", "coops", "postcodes", "index_unique", "index_counts", "common", "forenames",
          "covered_areas")


@dataclass
class Inputs:
    registers: registers.Registers
    postcodes: pd.DataFrame
    postcode_areas: pd.DataFrame


def _key(data_dir: Path) -> str:
    h = hashlib.sha256()
    folder = registers.registers_dir(data_dir)
    for path in sorted(folder.glob("*")) if folder.is_dir() else ():
        st = path.stat()
        h.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    for path in CODE:
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def load(data_dir: Path) -> Inputs:
    """The registers, postcodes and postcode areas of a data folder, with the classifier's name index ready."""
    data_dir = Path(data_dir)
    cache = data_dir / ".cache" / "classifier" / _key(data_dir)
    areas = registers.read_postcode_areas(data_dir)
    if all((cache / f"{name}.arrow").exists() for name in FRAMES):
        f = {name: feather.read_table(cache / f"{name}.arrow", memory_map=True).to_pandas() for name in FRAMES}
        regs = registers.Registers(f["charities"], f["cics"], f["coops"])
        classify.prime_name_index(regs, (f["index_unique"], f["index_counts"], frozenset(f["forenames"]["word"]),
                                         frozenset(f["common"]["word"])))
        classify.prime_covered_areas(f["postcodes"], frozenset(f["covered_areas"]["area"]))
        return Inputs(regs, f["postcodes"], areas)
    regs, postcodes = registers.load_registers(data_dir), registers.read_postcodes(data_dir)
    unique, counts, forenames, common = classify.name_index(regs)
    frames = {"charities": regs.charities, "cics": regs.cics, "coops": regs.coops, "postcodes": postcodes,
              "index_unique": unique, "index_counts": counts,
              "common": pd.DataFrame({"word": sorted(common)}, dtype="str"),
              "forenames": pd.DataFrame({"word": sorted(forenames)}, dtype="str"),
              "covered_areas": pd.DataFrame({"area": sorted(registers.covered_areas(postcodes))}, dtype="str")}
    _write(cache, frames)
    return Inputs(regs, postcodes, areas)


def _write(cache: Path, frames: dict[str, pd.DataFrame]) -> None:
    """Write the frames to a folder of their own and rename it into place, so a reader never sees half of it;
    older caches of the same data folder go."""
    try:
        tmp = cache.with_name(cache.name + f".tmp-{os.getpid()}")
        tmp.mkdir(parents=True, exist_ok=True)
        for name, df in frames.items():
            feather.write_feather(pa.Table.from_pandas(df, preserve_index=False), tmp / f"{name}.arrow",
                                  compression="uncompressed")
        for old in cache.parent.iterdir():
            if old.name != tmp.name and not old.name.endswith(f".tmp-{os.getpid()}"):
                shutil.rmtree(old, ignore_errors=True)
        os.replace(tmp, cache)
    except OSError:        # a read-only data folder: classify without a cache
        shutil.rmtree(cache.with_name(cache.name + f".tmp-{os.getpid()}"), ignore_errors=True)
