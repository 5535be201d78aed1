"""Loading and withdrawing one council's spend file: the one code path of `python -m etl load spend`, `python -m
etl unload` and the upload page.

A load holds the writer lock (etl/writer.py) for its whole run, so two loads into one warehouse happen one after
the other and neither is lost. Inside the lock it works on a copy of the warehouse that is swapped in only when
everything succeeded (etl/build.py `swapped`): readers keep the old file until they reopen, and a failed load
leaves the warehouse whole. In order: check the file (nothing written), write its lines and ledger row, retire the
council's synthetic spend if this is its first real file, recompute what the council's spend feeds
(etl/steps.py DERIVED, scoped to the council), and store the file in data/ under a name made from council, kind
and period (a re-publication beside the earlier one), so that a rebuild from data/ gives the same warehouse.
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from etl import build as builder, load_spend, profiles, steps, writer
from etl.ledger import SourceLoad, source_name
from kil import config, warehouse

Progress = Callable[[float, str], None]     # (fraction done, what is happening)


def cli_identity() -> str:
    """Who a command-line load is by, for the ledger: the operating-system user."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def keeps_by_default(target: Path) -> bool:
    """Whether a load stores its file in data/ unless told otherwise: only into the warehouse that data/ builds
    (config.default_warehouse()), so that data/ and that warehouse stay one; a scratch warehouse leaves data/ be."""
    return Path(target).resolve() == config.default_warehouse().resolve()


@dataclass
class Request:
    """One spend file to load. `keep`: store it in `data_dir` (so the next build loads it again); `mapping`: a
    person's column choices (etl/profiles.py), saved as the council's layout profile when the file is kept."""
    path: Path
    council_code: str
    kind: str = "spend"
    period: str | None = None
    keep: bool = False
    mapping: dict[str, str] | None = None
    who: str = ""


def load_file(req: Request, target: Path | None = None, data_dir: Path | None = None, *, wait: float = 0.0,
              progress: Progress | None = None) -> SourceLoad:
    """Load one file into the warehouse (see the module docstring). Raises writer.Busy when another writer holds
    the warehouse for longer than `wait` seconds; a rejected file is a result, with its reason, not an error."""
    target = config.warehouse_path(target)
    data_dir = Path(data_dir or config.DATA_DIR)
    say = progress or (lambda fraction, text: None)
    known = profiles.known(data_dir, req.council_code, req.mapping or {})
    with writer.writing(target, what=f"load {req.council_code} {req.kind}", who=req.who, wait=wait):
        with builder.swapped(target, start_from_existing=True) as work:
            fresh = not target.exists()
            con = warehouse.connect(work)
            try:
                if fresh:
                    steps.run(con, data_dir, req.council_code, steps.SETUP)
                say(0.1, "checking the file")
                con.execute("begin")
                result = load_spend.check(con, req.path, req.council_code, req.kind, req.period, known)
                kept = req.keep and result.status == "loaded"
                stored = (load_spend.kept_path(data_dir, req.path, req.council_code, req.kind, result.period)
                          if kept else req.path)
                say(0.4, "writing its lines")
                copies = kept and stored.resolve() != Path(req.path).resolve()   # not a file already in data/
                load_spend.write(con, result, source_file=source_name(stored, data_dir), loaded_by=req.who,
                                 stored_copy=source_name(stored, data_dir) if copies else None)
                if result.status == "loaded":
                    retired = load_spend.retire_synthetic(con, req.council_code, by_load=result.load_id,
                                                          loaded_by=req.who)
                    if retired:
                        result.message += (f" This council's synthetic demo spend ({retired} lines) is retired: "
                                           "its pages now show real data only.")
                con.execute("commit")
                say(0.6, "recomputing the council's figures")
                steps.run(con, data_dir, req.council_code,
                          steps.DERIVED if result.status == "loaded" else (steps.stamp,))
                con.execute("checkpoint")
            finally:
                con.close()
            if kept:          # before the swap: a failed copy leaves the warehouse as it was
                load_spend.keep(req.path, data_dir, req.council_code, req.kind, result.period, stored, req.who)
                if req.mapping:
                    saved = profiles.save(data_dir, req.council_code, result.layout["header"], req.mapping,
                                          source_name(stored, data_dir))
                    result.message += f" The mapping is saved as this council's layout profile ({saved.name})."
            elif req.mapping and result.status == "loaded":
                result.message += (" The mapping is not saved as a layout profile: the file is not kept in data/ "
                                   "(--keep keeps it).")
            say(0.95, "swapping the new warehouse in")
    say(1.0, "done")
    return result


def unload(load_id: int, target: Path | None = None, data_dir: Path | None = None, *, who: str = "",
           council_code: str | None = None, wait: float = 0.0) -> dict:
    """Withdraw one load: its lines leave the warehouse, its stored copy leaves data/, and the ledger keeps both
    the load and the withdrawal. With `council_code`, only that council's loads may be withdrawn (an officer's
    own council). Raises load_spend.Unloadable for a load that cannot be withdrawn, writer.Busy when busy."""
    target = config.warehouse_path(target)
    data_dir = Path(data_dir or config.DATA_DIR)
    with writer.writing(target, what=f"unload {load_id}", who=who, wait=wait):
        with builder.swapped(target, start_from_existing=True) as work:
            con = warehouse.connect(work)
            try:
                con.execute("begin")
                owner = con.execute("select council_code from loads where load_id = $id",
                                    {"id": load_id}).fetchone()
                if council_code is not None and (owner is None or owner[0] != council_code):
                    raise load_spend.Unloadable(f"load {load_id} is not one of this council's loads.")
                done = load_spend.unload(con, load_id, loaded_by=who)
                con.execute("commit")
                steps.run(con, data_dir, done["council_code"], steps.DERIVED)
                con.execute("checkpoint")
            finally:
                con.close()
            # Only a copy the load itself stored: a file that was in data/ before (a published file) stays.
            stored = (data_dir / done["stored_copy"]).resolve() if done["stored_copy"] else None
            if stored and stored.is_relative_to((data_dir / "raw" / "spend").resolve()) and stored.is_file():
                stored.with_name(stored.name + ".provenance.json").unlink(missing_ok=True)
                stored.unlink()
                done["removed"] = done["source_file"]
    return done
