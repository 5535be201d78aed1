"""The upload page: a signed-in council officer checks a spend file, sees the validation report, and loads it
through the command line's code path (etl/loading.py); they can withdraw their own loads.

Nothing is written until the officer commits. The file waits in a temporary folder of its own under a fixed name
(`upload<suffix>`, the suffix from a fixed list): the uploaded name is never used for a path, a query or HTML.
The check runs `python -m etl check --json` in its own process (the app's read connection to the warehouse and a
writer's connection may not share one process's DuckDB); the load runs here, holding the writer lock, with a
progress bar. Who may load what is dashboard/access.py's.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import access, queries
from etl import load_spend, loading, profiles, writer
from etl.readers import spend as reader
from kil import config

ROOT = Path(__file__).resolve().parent.parent
PERIOD = re.compile(r"^[0-9]{4}-(?:0[1-9]|1[0-2]|Q[1-4])$")
TYPES = ["csv", "tsv", "txt", "xlsx", "gz"]
CHECK_TIMEOUT = 600


@dataclass(frozen=True)
class Officer:
    identity: str                      # for the ledger: 'oidc:<e-mail>' or 'key:<key id>'
    councils: tuple[str, ...]


def render() -> None:
    st.title("Load your council's spend files")
    cfg = access.config()
    if not cfg.enabled:
        st.info("Uploads are off on this deployment. An administrator turns them on with an `[upload]` section "
                "in `.streamlit/secrets.toml` (or `KIL_UPLOAD=on`). The dashboard itself is open to everyone; "
                "council data officers can also load files with `python -m etl load spend` (see the README).")
        return
    officer = sign_in(cfg)
    if officer is None:
        return
    if "upload-done" in st.session_state:
        st.success(st.session_state.pop("upload-done"))
    names = queries.council_names()
    council = st.selectbox("Council", officer.councils, format_func=lambda c: f"{names.get(c, c)} ({c})",
                           key="upload-council")
    kind = st.radio("Kind of file", load_spend.KINDS, horizontal=True, key="upload-kind",
                    format_func={"spend": "Spend over the threshold", "card": "Purchase card"}.get)
    up = st.file_uploader(f"Spend file (CSV, TSV, XLSX or gzip; at most {cfg.max_mb} MB)", type=TYPES,
                          key="upload-file")
    if up is not None:
        upload_flow(up, council, kind, cfg, officer, names)
    own_loads(officer)


def upload_flow(up, council: str, kind: str, cfg: access.UploadConfig, officer: Officer, names: dict) -> None:
    """From an uploaded file to its validation report, and on the officer's word to a load."""
    if up.size > cfg.max_bytes:          # checked here, on the server, whatever the browser allowed
        st.error(f"The file is {up.size / 2**20:.1f} MB; this deployment takes at most {cfg.max_mb} MB.")
        return
    period = st.text_input("Period (YYYY-MM or YYYY-Qn; leave empty to take it from the file name or its dates)",
                           value=reader.period_from_name(up.name) or "", key="upload-period").strip() or None
    if period is not None and not PERIOD.match(period):
        st.error("The period reads YYYY-MM (2023-04) or YYYY-Qn (2023-Q1, financial quarters).")
        return
    path = _staged(up)
    if path is None:
        st.error(f"Only {', '.join('.' + t for t in TYPES)} files are taken.")
        return
    mapping = st.session_state.get("upload-mapping", {})
    result = check(path, council, kind, period, mapping)
    show_report(result)
    if result["status"] == "rejected":
        if result.get("unmapped_header"):
            mapping_form(result["unmapped_header"])
        return
    if result["rows_loaded"] == 0:
        st.info("Nothing to load: every line of this file is already in the warehouse.")
        return
    if st.button(f"Load {result['rows_loaded']:,} lines for {names.get(council, council)}", type="primary",
                 key="upload-commit"):
        commit(path, council, kind, period or result["period"], mapping, officer)


def sign_in(cfg: access.UploadConfig) -> Officer | None:
    """The signed-in officer, or None after showing how to sign in (or why they may not load)."""
    if cfg.identity_provider:
        if not st.user.is_logged_in:
            st.button("Sign in", on_click=st.login, key="upload-login")
            return None
        email = st.user.get("email")
        councils = access.councils_for(email, cfg)
        st.caption(f"Signed in as {email}.")
        st.button("Sign out", on_click=st.logout, key="upload-logout")
        if not councils:
            st.error("This account may not load files for any council. Ask the deployment's administrator to add "
                     "it (or its domain) under `[upload.officers]`.")
            return None
        return Officer(f"oidc:{email.lower()}", tuple(councils))
    officer = st.session_state.get("upload-officer")
    if officer is not None:
        if st.button("Sign out", key="upload-key-logout"):
            del st.session_state["upload-officer"]
            st.rerun()
        return officer
    with st.form("upload-key-form", clear_on_submit=True):     # the key does not stay in the page's state
        key = st.text_input("Upload key (issued with `python -m etl upload-key --council CODE`)", type="password")
        if st.form_submit_button("Sign in with the key"):
            found = access.check_key(key, st.session_state)
            if found is None:
                st.error("That key is not valid.")
                return None
            st.session_state["upload-officer"] = Officer(found.identity, (found.council_code,))
            st.rerun()
    return None


def _staged(up) -> Path | None:
    """The upload in a temporary folder of its own, named `upload<suffix>`; None for a type not taken."""
    name = up.name.lower()
    suffix = next((s for s in sorted(load_spend.SUFFIXES, key=len, reverse=True) if name.endswith(s)), None)
    if suffix is None:
        return None
    held = st.session_state.get("upload-staged")
    if held and held["id"] == up.file_id and Path(held["path"]).exists():
        return Path(held["path"])
    if held:
        shutil.rmtree(Path(held["path"]).parent, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="kil-upload-"))
    path = folder / f"upload{suffix}"
    path.write_bytes(up.getvalue())
    st.session_state["upload-staged"] = {"id": up.file_id, "path": str(path)}
    st.session_state.pop("upload-mapping", None)
    return path


def check(path: Path, council: str, kind: str, period: str | None, mapping: dict[str, str]) -> dict:
    """The validation report, from `python -m etl check --json` in its own process."""
    args = [sys.executable, "-m", "etl", "check", str(path), "--council", council, "--kind", kind, "--json",
            "--warehouse", str(config.warehouse_path())]
    if period:
        args += ["--period", period]
    words = {v: k for k, v in profiles.MAPPABLE.items()}
    for ours, header in mapping.items():
        args += ["--map", f"{words[ours]}={header}"]
    with st.spinner("Checking the file (nothing is written yet)"):
        done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=CHECK_TIMEOUT)
    if not done.stdout.strip():
        return {"status": "rejected", "message": "The file could not be checked: " + done.stderr[-500:],
                "rows_loaded": 0}
    return json.loads(done.stdout.splitlines()[-1])


def show_report(r: dict) -> None:
    st.subheader("Validation report")
    (st.error if r["status"] == "rejected" else st.success)(r["message"])
    if r["status"] == "rejected" and not r.get("columns"):
        return
    cols = st.columns(5)
    for col, (label, key) in zip(cols, (("Lines read", "rows_read"), ("To load", "rows_loaded"),
                                        ("Rejected", "rows_rejected"), ("Already loaded", "rows_duplicate"),
                                        ("Earlier lines missing", "rows_missing"))):
        col.metric(label, f"{r.get(key, 0):,}")
    if r.get("republication"):
        st.caption(f"A re-publication of {r['period']}: {r['rows_loaded']:,} new lines load, "
                   f"{r['rows_duplicate']:,} are already loaded, and {r['rows_missing']:,} lines of the earlier "
                   "publication are not in this file (they stay loaded; the new file is stored beside the first).")
    if r.get("evidence"):
        st.markdown("**Columns chosen, and why**")
        st.dataframe(pd.DataFrame([{"field": k, "column": v["column"], "evidence": v["evidence"]}
                                   for k, v in r["evidence"].items()]), hide_index=True, key="upload-columns")
    for w in r.get("warnings") or []:
        st.warning(w)
    if r.get("first_lines"):
        st.markdown("**First lines as read**")
        st.dataframe(pd.DataFrame(r["first_lines"]), hide_index=True, key="upload-first")
    if r.get("months"):
        st.markdown("**Totals by payment month**")
        st.dataframe(pd.DataFrame(r["months"]), hide_index=True, key="upload-months",
                     column_config={"amount": st.column_config.NumberColumn(format="£%.2f")})
    if r.get("rejects_by_reason"):
        st.markdown("**Rejected lines, by reason**")
        for reason, n in r["rejects_by_reason"].items():
            with st.expander(f"{n:,} × {reason}"):
                st.dataframe(pd.DataFrame(r["reject_examples"].get(reason, [])), hide_index=True)


def mapping_form(header: list[str]) -> None:
    """The command line's --map, as a form: the officer names the columns; the next check uses them, and a load
    that succeeds saves them as the council's layout profile."""
    st.markdown("**Name the columns** (detection could not decide)")
    cells = [c for c in header if c.strip()]
    with st.form("upload-mapping-form"):
        chosen = {}
        for word, ours in profiles.MAPPABLE.items():
            optional = word not in ("date", "supplier", "amount")
            pick = st.selectbox(word.replace("_", " ").capitalize() + (" (optional)" if optional else ""),
                                ([""] if optional else []) + cells, key=f"upload-map-{word}")
            if pick:
                chosen[ours] = pick
        if st.form_submit_button("Check again with these columns"):
            st.session_state["upload-mapping"] = chosen
            st.rerun()


def commit(path: Path, council: str, kind: str, period: str, mapping: dict[str, str], officer: Officer) -> None:
    bar = st.progress(0.0, text="Waiting for the warehouse")
    target = config.warehouse_path()
    req = loading.Request(path, council, kind, period, keep=loading.keeps_by_default(target),
                          mapping=mapping or None, who=officer.identity)
    try:
        result = loading.load_file(req, target, config.DATA_DIR, wait=60,
                                   progress=lambda f, text: bar.progress(min(f, 1.0), text=text))
    except writer.Busy as exc:
        st.warning(f"The warehouse is busy: {exc}")
        return
    shutil.rmtree(path.parent, ignore_errors=True)
    st.session_state.pop("upload-staged", None)
    if result.status != "loaded":
        st.error(result.message)
        return
    st.session_state["upload-done"] = result.message
    st.rerun()          # this run reads the build it started on: the next one reads the new build


def own_loads(officer: Officer) -> None:
    """The officer's own loads still in the warehouse, each with a button to withdraw it."""
    mine = queries.loads_by(officer.identity)
    if mine.empty:
        return
    st.subheader("Your loads")
    for row in mine.itertuples():
        cols = st.columns([4, 1])
        cols[0].write(f"Load {row.load_id}: {row.council} {row.kind} {row.period}, {row.rows_loaded:,} lines, "
                      f"loaded {row.loaded_at:%d %b %Y %H:%M}")
        if cols[1].button("Withdraw", key=f"upload-unload-{row.load_id}"):
            if row.council_code not in officer.councils:      # the officer's own loads, for their councils only
                st.error("You may withdraw loads of your own councils only.")
                continue
            try:
                done = loading.unload(int(row.load_id), config.warehouse_path(), config.DATA_DIR,
                                      who=officer.identity, council_code=row.council_code, wait=60)
            except (load_spend.Unloadable, writer.Busy) as exc:
                st.error(str(exc))
                continue
            st.success(f"Load {done['load_id']} withdrawn: {done['lines']:,} lines left the warehouse.")
