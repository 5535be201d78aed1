"""Everything computed from loaded data, rebuilt after every build or load: suppliers, marts and coverage."""
from __future__ import annotations

import time
from pathlib import Path

from etl import classify
from etl.reference_loads import insert_frame
from etl.readers import registers, supplier_register

SQL_DIR = Path(__file__).parent / "sql"
WINDOW = ("2019-04-01", "2023-03-01")   # the product's months: FY2019/20 (pre-Covid) to FY2022/23
MARTS = ("mart_spend_monthly", "mart_spend_ward", "mart_supplier_totals")


def council_registers(data_dir: Path):
    """Supplier registers councils supplied (data/raw/supplier_registers/<code>.csv) and the synthetic Bristol one."""
    import pandas as pd
    from kil import councils

    frames = [supplier_register.read_supplier_registers(supplier_register.folder(data_dir))]
    demo = data_dir / "demo" / "suppliers"
    for folder in sorted(demo.iterdir()) if demo.is_dir() else ():
        for path in sorted(folder.glob("*.csv")):
            frames.append(supplier_register.read_supplier_register(path, councils.SLUGS.get(folder.name, folder.name)))
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else None


def classify_suppliers(con, data_dir: Path, log) -> None:
    t = time.perf_counter()
    names = con.execute(classify.SUPPLIER_INPUT_SQL).df()
    names["supplier_key"] = classify.normalise_names(names["supplier_name"])
    insert_frame(con, "supplier_names", names[["council_code", "supplier_name", "supplier_key"]], replace=True)
    con.execute("""
        update spend set supplier_key = n.supplier_key from supplier_names n
        where n.council_code = spend.council_code and n.supplier_name is not distinct from spend.supplier_name
    """)
    corrections_file = data_dir / "corrections" / "supplier_corrections.csv"
    suppliers = classify.classify_suppliers(
        names, registers.load_registers(data_dir), registers.read_postcodes(data_dir), council_registers(data_dir),
        classify.read_corrections(corrections_file) if corrections_file.exists() else None,
        postcode_areas=registers.read_postcode_areas(data_dir))
    con.execute("delete from suppliers")
    insert_frame(con, "suppliers", suppliers[classify.OUTPUT_COLUMNS])
    log(f"  {len(suppliers)} suppliers classified in {time.perf_counter() - t:.1f}s")


def run(con, data_dir: Path, log=print) -> None:
    classify_suppliers(con, data_dir, log)
    for mart in MARTS:
        sql = (SQL_DIR / f"{mart}.sql").read_text(encoding="utf-8")
        con.execute(f"create or replace table {mart} as {sql}")
    con.execute((SQL_DIR / "coverage.sql").read_text(encoding="utf-8"), {"start": WINDOW[0], "end": WINDOW[1]})
    con.execute((SQL_DIR / "comparison_groups.sql").read_text(encoding="utf-8"))
    from etl import indicator_mart

    indicator_mart.build(con)
