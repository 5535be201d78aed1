"""The benchmark: the product at scale on one machine, every figure in one JSON object (printed last).

    python -m bench [--rows N] [--json] [--results] [--no-browser] [--folder DIR] [--rebuild] [--quick]

In order, on a data folder of N generated lines (bench/generate.py; 10M by default), made once and kept under
bench/.scale/<N>/ (not in git; --rebuild makes it again):
1. the ETL against its baselines, and the whole build with its peak memory (bench/etl_scale.py);
2. one 5,000-line month loaded into (a copy of) the built warehouse, against `etl check` of the same file, for the
   council with most lines (bench/load_one.py);
3. each page's queries past the query cache, and each page's AppTest run warm and cold, for the three councils with
   most lines (bench/pages.py);
4. unless --no-browser: every page in Chromium for three councils, and the app's memory (bench/browser.py).
Each figure is checked against its goal (GOALS; TARGETS are wishes, not requirements) and the verdicts are in the
output. --results writes bench/RESULTS.md: machine, date, every figure. `make bench` runs it at 10M with
--results; `make test` runs a 50k smoke run without the browser (tests/test_bench.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Issue 15's required goals and its targets: (figure, at most, unit). One home: the verdicts and RESULTS.md read them.
GOALS = (
    ("query_p95_ms", 50, "ms"),
    ("apptest_page_ms", 400, "ms"),
    ("apptest_page_cold_ms", 1000, "ms"),
    ("etl_vs_duckdb_ratio", 1.5, "x"),
    ("build_seconds", 120, "s"),
    ("build_peak_rss_mb", 2048, "MB"),
    ("load_one_file_seconds", 5, "s"),
    ("load_vs_check_ratio", 4, "x"),
)
TARGETS = (
    ("browser_warm_worst_seconds", 1.5, "s"),
    ("app_rss_mb", 600, "MB"),
)


def folder_for(rows: int) -> Path:
    return ROOT / "bench" / ".scale" / str(rows)


def generated(rows: int, folder: Path, rebuild: bool) -> tuple[Path, float | None]:
    """The data folder of `rows` generated lines under `folder` (made when missing): (path, seconds to make)."""
    import time

    data = folder / "data"
    done = folder / "data.complete"
    if done.exists() and not rebuild:
        return data, None
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--rows", str(rows), "--out", str(data)],
                   check=True, cwd=ROOT, capture_output=True)
    done.write_text(str(rows))
    return data, round(time.perf_counter() - started, 1)


def verdicts(figures: dict) -> dict:
    """{figure: 'met' | 'missed' | 'not measured'} for every goal and target."""
    out = {}
    for name, limit, _unit in GOALS + TARGETS:
        value = figures.get(name)
        out[name] = "not measured" if value is None else ("met" if value <= limit else "missed")
    return out


class StageFailed(RuntimeError):
    """A stage's process failed: its error is kept in the output, and the run goes on to the next stage."""


def stage(script: str, *args: str) -> dict:
    """One stage in its own process (a warehouse opened for writing by one stage and read by the next would clash
    in one process): the JSON object it prints last."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args, "--json"], cwd=ROOT,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise StageFailed(f"bench/{script} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def headline(figures: dict) -> dict:
    """A stage's figures less its per-page and per-council detail (kept under the stage's own key)."""
    return {k: v for k, v in figures.items() if not isinstance(v, (dict, list))}


def run(rows: int, folder: Path, *, browser: bool = True, rebuild: bool = False, quick: bool = False,
        pandas_lines: int | None = None) -> dict:
    folder.mkdir(parents=True, exist_ok=True)
    data, generate_seconds = generated(rows, folder, rebuild)
    out: dict = {"rows": rows, "generate_seconds": generate_seconds}
    target = folder / "warehouse.duckdb"
    out["etl"] = stage("etl_scale.py", "--data", str(data), "--work", str(folder / "work"), "--warehouse",
                       str(target), *(("--pandas-lines", str(pandas_lines)) if pandas_lines else ()))
    out |= headline(out["etl"]) | {"rows": rows}
    council = stage("load_one.py", "--warehouse", str(target), "--rows", "5000")
    out |= council
    pages = ["--runs", "3", "--council", council["council"]] if quick else []
    out["pages"] = stage("pages.py", "--warehouse", str(target), *pages)
    out |= headline(out["pages"])
    if browser:
        try:
            out["browser"] = stage("browser.py", "--warehouse", str(target))
            out |= headline(out["browser"])
        except StageFailed as e:        # the other figures stand; the verdicts say 'not measured'
            out["browser_error"] = str(e)[-1500:]
    out["verdicts"] = verdicts(out)
    out["machine"] = machine()
    out["date"] = dt.date.today().isoformat()
    return out


def machine() -> str:
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal:")), "0")
    return (f"{platform.machine()}, {os.cpu_count()} cores, {int(mem) // 2**20} GiB, Python "
            f"{platform.python_version()}, {platform.system()} {platform.release()}")


def results_md(runs: list[dict]) -> str:
    """bench/RESULTS.md's table: every figure of every run kept (one column per size, smallest first), with its
    goal and the largest run's verdict. The prose below the table is written by hand."""
    runs = sorted(runs, key=lambda r: r["rows"])
    largest = runs[-1]
    limits = {name: f"<= {limit} {unit}" + ("" if (name, limit, unit) in GOALS else " (target)")
              for name, limit, unit in GOALS + TARGETS}
    names = [n for n, v in largest.items() if isinstance(v, (int, float, str)) and n not in ("machine", "date")]
    lines = ["| figure | " + " | ".join(f"{r['rows']:,} lines ({r['date']})" for r in runs)
             + " | goal | verdict |", "|---" * (len(runs) + 3) + "|"]
    for name in names:
        values = [r.get(name) for r in runs]
        shown = [f"{v:.4g}" if isinstance(v, float) else ("" if v is None else str(v)) for v in values]
        lines.append(f"| {name} | " + " | ".join(shown) + f" | {limits.get(name, '')} | "
                     f"{largest['verdicts'].get(name, '')} |")
    return f"Machine: {largest['machine']}.\n\n" + "\n".join(lines) + "\n"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=10_000_000)
    p.add_argument("--folder", type=Path, help="where the data and warehouses live (default bench/.scale/<rows>)")
    p.add_argument("--json", action="store_true", help="print only the JSON object")
    p.add_argument("--results", action="store_true", help="write bench/RESULTS.md's table of figures")
    p.add_argument("--no-browser", action="store_true", help="leave out the browser and app-memory figures")
    p.add_argument("--rebuild", action="store_true", help="generate the data folder again")
    p.add_argument("--quick", action="store_true", help="a smoke run: 3 query runs, one council's pages")
    p.add_argument("--pandas-lines", type=int, help="lines the pandas baseline loads (default bench/etl_scale.py's)")
    args = p.parse_args()
    out = run(args.rows, args.folder or folder_for(args.rows), browser=not args.no_browser, rebuild=args.rebuild,
              quick=args.quick, pandas_lines=args.pandas_lines or (5000 if args.quick else None))
    if args.results:
        write_results(out)
    if not args.json:
        for name, verdict in out["verdicts"].items():
            print(f"{name:28s} {out.get(name)!s:>10s}  {verdict}", file=sys.stderr)
    print(json.dumps(out, default=str))


def write_results(out: dict) -> None:
    """Keep this run's figures in bench/results/<rows>.json and rewrite the generated table at the top of
    bench/RESULTS.md from every run kept, leaving the hand-written text below it."""
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    (folder / f"{out['rows']}.json").write_text(json.dumps(out, indent=1, default=str) + "\n", encoding="utf-8")
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]
    path = ROOT / "bench" / "RESULTS.md"
    marker = "<!-- end of generated figures -->"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    prose = text.split(marker, 1)[1] if marker in text else "\n"
    path.write_text("# Benchmark results\n\nWritten by `make bench` (`python -m bench --results`).\n\n"
                    + results_md(runs) + "\n" + marker + prose, encoding="utf-8")


if __name__ == "__main__":
    main()
