"""Writing a demo file and the provenance beside it, byte for byte the same for the same content."""
from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

from kil import provenance

GENERATOR = "etl/demo"          # the package that writes every demo file
CODEPOINT_ATTRIBUTION = (
    "Contains OS data © Crown copyright and database right 2025. Contains Royal Mail data © Royal Mail copyright "
    "and database right 2025. Contains National Statistics data © Crown copyright and database right 2025 (OGL v3)."
)


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, gz: bool = False) -> None:
    """UTF-8 CSV with "\\n" line ends; gzip with no file name and mtime 0 when `gz`."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    if gz:   # no file name and mtime 0 in the gzip header, so the bytes depend only on the content
        out = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as f:
            f.write(data)
        data = out.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_provenance(path: Path, seed: int, sizing: str, inputs: list[dict], notes: str,
                     attribution: str = CODEPOINT_ATTRIBUTION) -> None:
    """`<file>.provenance.json` beside a written file: "synthetic": true, the seed, the generator, how the sizes
    were chosen (`sizing`) and the input files with their sha256; no date, so the bytes depend only on the data."""
    record = {
        "source": f"synthetic: {GENERATOR} generate(seed={seed}); not published by any council",
        "publisher": "Keep it Local dashboard (synthetic demo data)",
        "licence": "Synthetic data; real postcodes and ward codes from OS Code-Point Open under OGL v3",
        "attribution": attribution,
        "retrieved": "",        # generated, not retrieved; left blank so the bytes do not depend on the date
        "sha256": provenance.sha256(path),
        "notes": notes,
        "synthetic": True,
        "seed": seed,
        "generator": GENERATOR,
        "sizing": sizing,
        "inputs": inputs,
    }
    provenance.sidecar(path).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def money(x: float) -> str:
    """Pounds with two decimals, never "-0.00"."""
    s = f"{x:.2f}"
    return "0.00" if s == "-0.00" else s


def input_records(data_dir: Path, *rels: str) -> list[dict]:
    """Path and sha256 of each input file (relative to data_dir) that exists."""
    return [{"path": r, "sha256": provenance.sha256(Path(data_dir) / r)} for r in rels if (Path(data_dir) / r).exists()]
