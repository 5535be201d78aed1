"""Who may load through the app: uploads off without configuration, refused with a wrong key or an unmapped
identity, and one council's officer never loads for another. Keys are stored as salted hashes and never logged.

AppTest runs the upload page against the small real warehouse (conftest.py); the whole upload, signed in through
a real OpenID Connect provider, is the browser test in tests/test_e2e_upload.py.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import access
from etl import upload_keys
from etl.cli import main as cli

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
KIRKLEES, CALDERDALE = "E08000034", "E08000033"


@pytest.fixture()
def env(warehouse_file, tmp_path, monkeypatch):
    monkeypatch.setenv("KIL_WAREHOUSE", str(warehouse_file))
    monkeypatch.setenv("KIL_UPLOAD_KEYS", str(tmp_path / "keys.json"))
    for name in ("KIL_UPLOAD", "KIL_UPLOAD_OFFICERS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def upload_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/load_data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_without_configuration_there_is_no_upload(env):
    at = upload_page()
    assert "Uploads are off" in at.info[0].value
    assert not at.text_input and not at.get("file_uploader")


def test_a_wrong_key_is_refused_and_the_refusal_logged_without_the_key(env, monkeypatch, caplog):
    monkeypatch.setenv("KIL_UPLOAD", "on")
    _, good = upload_keys.issue(KIRKLEES)
    wrong = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    at = upload_page()
    with caplog.at_level(logging.WARNING, logger="kil.upload"):
        at.text_input[0].input(wrong)
        at.button[0].click().run()
    assert any("not valid" in e.value for e in at.error)
    assert "upload-council" not in [s.key for s in at.selectbox]
    secret = wrong.split("_", 2)[2]         # the secret may itself hold '_'
    assert "refused" in caplog.text and wrong not in caplog.text and secret not in caplog.text


def test_a_key_loads_for_its_own_council_only(env, monkeypatch):
    monkeypatch.setenv("KIL_UPLOAD", "on")
    _, key = upload_keys.issue(KIRKLEES)
    at = upload_page()
    at.text_input[0].input(key)
    at.button[0].click().run()
    assert not at.exception
    council = at.selectbox(key="upload-council")
    assert council.options == [f"Kirklees ({KIRKLEES})"]
    assert key.split("_", 2)[2] not in repr(at.session_state)     # the key is not kept in the session


def test_keys_are_stored_as_salted_hashes_and_checked_per_council(tmp_path):
    path = tmp_path / "keys.json"
    one, key_one = upload_keys.issue(KIRKLEES, path)
    two, key_two = upload_keys.issue(KIRKLEES, path)
    stored = path.read_text()
    assert key_one.split("_", 2)[2] not in stored and key_two.split("_", 2)[2] not in stored
    entries = json.loads(stored)
    assert entries[one.key_id]["salt"] != entries[two.key_id]["salt"]
    assert upload_keys.verify(key_one, path) == one and upload_keys.verify(key_two, path).council_code == KIRKLEES
    assert upload_keys.verify(key_one[:-1] + "x", path) is None and upload_keys.verify("", path) is None
    assert upload_keys.verify(f"kil_{two.key_id}_{key_one.split('_', 2)[2]}", path) is None   # another key's secret


def test_upload_key_command_prints_the_key_once_and_stores_its_hash(tmp_path, capsys):
    path = tmp_path / "keys.json"
    assert cli(["upload-key", "--council", CALDERDALE, "--keys", str(path)]) == 0
    out, err = capsys.readouterr()
    key = out.strip()
    assert upload_keys.verify(key, path).council_code == CALDERDALE and key not in err
    assert cli(["upload-key", "--council", "not-a-council", "--keys", str(path)]) == 2


def test_identities_map_to_councils_by_address_then_domain():
    cfg = access.UploadConfig(True, officers={"ana@kirklees.gov.uk": (KIRKLEES,), "@calderdale.gov.uk": (CALDERDALE,)})
    assert access.councils_for("Ana@Kirklees.gov.uk", cfg) == (KIRKLEES,)
    assert access.councils_for("bo@calderdale.gov.uk", cfg) == (CALDERDALE,)
    assert access.councils_for("bo@kirklees.gov.uk", cfg) == ()        # an address of the domain, not mapped
    assert access.councils_for("x@evil.calderdale.gov.uk", cfg) == ()
    assert access.councils_for(None, cfg) == ()
