"""A mapping when detection cannot decide: `--map` on check and load, saved as the council's layout profile when
the file is kept, applied to the next file of the same header (and by the build), reported when it no longer fits."""
from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest

from etl.cli import main as cli
from kil import config

KIRKLEES = "E08000034"
HEADER = ["Payment Date", "Supplier Name", "Amount Paid", "Amount Due", "Service"]


def write(path: Path, header=HEADER, n: int = 40) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i in range(n):
            w.writerow(["2023-05-%02d" % (i % 28 + 1), f"SUPPLIER {i} LTD", f"{100 + i}.00", f"{200 + i}.50",
                        "Highways"] + [""] * (len(header) - 5))
    return path


def run(*args) -> tuple[int, dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli([str(a) for a in args])
    return code, json.loads(out.getvalue())


@pytest.fixture()
def data_dir(tmp_path, monkeypatch, small_data):
    """A data folder of the test's own (so kept files and profiles land there), built once into a warehouse."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(small_data, data)
    monkeypatch.setattr(config, "DATA_DIR", data)
    return data


def test_a_tie_is_refused_naming_both_then_mapped_saved_and_reused(data_dir, warehouse_file, tmp_path):
    import shutil

    wh = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse_file, wh)
    first = write(tmp_path / "2023-05.csv")
    code, out = run("check", first, "--council", KIRKLEES, "--json")
    assert code == 1 and "'Amount Paid'" in out["message"] and "'Amount Due'" in out["message"]
    assert "--map" in out["message"]

    code, out = run("check", first, "--council", KIRKLEES, "--json", "--map", "amount=Amount Paid")
    assert code == 0 and out["columns"]["amount"] == "Amount Paid"
    assert "mapped by hand" in out["evidence"]["amount"]["evidence"]
    assert out["amount_loaded"] == pytest.approx(sum(100 + i for i in range(40)))

    code, out = run("load", "spend", first, "--council", KIRKLEES, "--warehouse", wh, "--keep", "--json",
                    "--map", "amount=Amount Paid")
    assert code == 0 and out["status"] == "loaded"
    profile = json.loads((data_dir / "profiles" / "kirklees.json").read_text())["profiles"]
    assert profile[0]["columns"] == {"amount": "Amount Paid"}
    assert profile[0]["source"] == "raw/spend/kirklees/spend/2023-05.csv"

    # the next month, same header, no --map: the profile decides, and says so
    code, out = run("load", "spend", write(tmp_path / "2023-06.csv"), "--council", KIRKLEES, "--warehouse", wh,
                    "--json")
    assert code == 0 and out["columns"]["amount"] == "Amount Paid"
    assert "layout profile saved from raw/spend/kirklees/spend/2023-05.csv" in out["evidence"]["amount"]["evidence"]

    # a new layout: the profile does not fit, is not applied, and the message says so
    code, out = run("check", write(tmp_path / "2023-07.csv", HEADER + ["Extra"]), "--council", KIRKLEES, "--json")
    assert code == 1 and "saved layout profiles do not fit" in out["message"]


def test_a_mapping_that_names_a_missing_column_is_refused(tmp_path):
    code, out = run("check", write(tmp_path / "2023-05.csv"), "--council", KIRKLEES, "--json",
                    "--map", "amount=Net Amount")
    assert code == 1 and "'Net Amount'" in out["message"] and "lacks" in out["message"]


def test_a_bad_map_argument_is_a_usage_error(tmp_path, capsys):
    assert cli(["check", str(write(tmp_path / "2023-05.csv")), "--map", "colour=red"]) == 2
    assert "FIELD=HEADER" in capsys.readouterr().err


def test_the_build_applies_a_saved_profile(data_dir, tmp_path):
    from etl import profiles
    from etl.build import build
    from kil import warehouse

    folder = data_dir / "raw" / "spend" / "kirklees" / "spend"
    folder.mkdir(parents=True)
    write(folder / "2023-05.csv")
    profiles.save(data_dir, KIRKLEES, HEADER, {"amount": "Amount Paid"}, "raw/spend/kirklees/spend/2023-05.csv")
    target = tmp_path / "built.duckdb"
    build(target, data_dir)
    con = warehouse.connect(target, read_only=True)
    try:
        status, amount = con.execute("select status, amount_loaded from loads where council_code = $c "
                                     "and dataset = 'spend'",
                                     {"c": KIRKLEES}).fetchone()
    finally:
        con.close()
    assert status == "loaded" and float(amount) == pytest.approx(sum(100 + i for i in range(40)))
