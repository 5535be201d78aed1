"""The benchmark's generator (bench/generate.py): its files load through the real ETL, and a seed fixes its bytes."""
from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import duckdb

from etl import build

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
generate = importlib.util.module_from_spec(_spec)
sys.modules["bench_generate"] = generate     # dataclasses look their module up
_spec.loader.exec_module(generate)

SEED = 9        # two councils in the 'titled' (title lines, cp1252, '£1,234.56', a Total row) and 'leeds' layouts


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted((folder / "raw" / "spend").rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_generated_spend_loads_through_the_real_etl_and_is_deterministic(tmp_path):
    data = tmp_path / "data"
    summary = generate.generate(20_000, data, SEED, count=2)
    assert summary["rows"] == 20_000 and summary["councils"] == 2
    layouts = {p.read_text(encoding="utf-8").split('"layout": "')[1].split('"')[0]
               for p in (data / "raw" / "spend").rglob("*.provenance.json")}
    assert layouts == {"titled", "leeds"}
    assert not (data / "demo" / "spend").exists()

    again = generate.generate(20_000, tmp_path / "again", SEED, count=2)
    assert again["rows"] == summary["rows"]
    assert _digest(data) == _digest(tmp_path / "again")

    result = build.build(tmp_path / "w.duckdb", data)
    spend = [s for s in result["spend"] if s["kind"] == "spend"]
    assert sum(s["rows_loaded"] for s in spend) == 20_000
    assert sum(s["rows_rejected"] for s in spend) == summary["intended_rejects"] > 0
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        reasons = con.execute("select distinct reason from mart_rejects where dataset = 'spend'").fetchall()
        councils = con.execute("select count(distinct council_code) from spend").fetchone()[0]
    finally:
        con.close()
    assert reasons == [("totals row",)] and councils == 2
