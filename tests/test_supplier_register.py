"""`python -m etl load suppliers`: a council's supplier register sets locality at the next build."""
from __future__ import annotations

import csv
import shutil

from etl.cli import main as cli

CALDERDALE = "E08000033"


def test_a_council_register_makes_its_suppliers_local(small_data, con, tmp_path):
    name = con.execute("""
        select s.supplier_name from spend s join suppliers p using (council_code, supplier_key)
        where s.council_code = $c and p.is_organisation and p.locality = 'unknown'
        group by 1 order by sum(s.amount) desc limit 1
    """, {"c": CALDERDALE}).fetchone()[0]
    postcode = con.execute("select postcode from postcodes where council_code = $c order by postcode limit 1",
                           {"c": CALDERDALE}).fetchone()[0]
    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    register = tmp_path / "calderdale suppliers.csv"
    with open(register, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([["supplier_name", "postcode"], [name, postcode]])
    target = tmp_path / "warehouse.duckdb"

    assert cli(["load", "suppliers", str(register), "--council", CALDERDALE, "--data", str(data),
                "--warehouse", str(target)]) == 0
    assert (data / "raw" / "supplier_registers" / f"{CALDERDALE}.csv").exists()

    from kil import warehouse

    c = warehouse.connect(target, read_only=True)
    try:
        row = c.execute("""
            select p.locality, p.locality_value from spend s join suppliers p using (council_code, supplier_key)
            where s.council_code = $c and s.supplier_name = $n limit 1
        """, {"c": CALDERDALE, "n": name}).fetchone()
    finally:
        c.close()
    assert row[0] == "local"
    assert postcode in row[1]


def test_a_register_without_postcodes_is_rejected_and_not_copied(tmp_path):
    register = tmp_path / "bad.csv"
    register.write_text("supplier_name,address\nACME,1 High St\n", encoding="utf-8")
    assert cli(["load", "suppliers", str(register), "--council", CALDERDALE, "--data", str(tmp_path / "data"),
                "--warehouse", str(tmp_path / "w.duckdb")]) == 1
    assert not (tmp_path / "data").exists()
    assert not (tmp_path / "w.duckdb").exists()
