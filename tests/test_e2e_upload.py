"""The upload page end to end in Debian's chromium: an officer signs in through a real OpenID Connect provider
started here on 127.0.0.1 (tests/oidc/provider.mjs, oauth2-mock-server from the npm registry), uploads a real
Kirklees month the test warehouse does not hold, reads the validation report, commits, and finds the month on the
pages. Another officer's identity, mapped to no council, is refused. Marked e2e, like tests/test_e2e.py.
"""
from __future__ import annotations

import re
import secrets
import shutil
import subprocess

import pytest

from bench.browser import AppDidNotStart, free_port, served, stop, wait_for
from tests.test_e2e import ARTEFACTS, ROOT, _chromium_or_skip, _missing, browser, context, page  # noqa: F401
from tests.test_e2e import wait_ready

pytestmark = pytest.mark.e2e

KIRKLEES = "E08000034"
MONTH = ROOT / "data" / "raw" / "spend" / "kirklees" / "spend" / "2023-05.csv.gz"   # not in the test warehouse
PROVIDER = ROOT / "tests" / "oidc" / "provider.mjs"
OFFICER = "officer@kirklees.gov.uk"


@pytest.fixture(scope="module", params=[OFFICER, "someone@elsewhere.example"], ids=["officer", "unmapped"])
def signed_in_app(request, warehouse_file, tmp_path_factory):
    """(app url, warehouse, e-mail) of an app whose identity provider signs everyone in as the given address."""
    _chromium_or_skip()
    if shutil.which("node") is None or not (ROOT / "node_modules" / "oauth2-mock-server").exists():
        _missing("node and node_modules/oauth2-mock-server are needed (scripts/install_browser.sh installs them)")
    email = request.param
    tmp = tmp_path_factory.mktemp("upload-app")
    target = tmp / "warehouse.duckdb"
    shutil.copyfile(warehouse_file, target)
    ARTEFACTS.mkdir(exist_ok=True)
    idp_port, app_port = free_port(), free_port()
    idp_log_path = ARTEFACTS / "oidc-provider.log"
    idp_log = idp_log_path.open("w")
    idp = subprocess.Popen(["node", str(PROVIDER), str(idp_port), email], cwd=ROOT, stdout=idp_log,
                           stderr=subprocess.STDOUT)
    issuer = f"http://127.0.0.1:{idp_port}"
    secrets_file = tmp / "secrets.toml"
    secrets_file.write_text(f"""
[auth]
redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"
cookie_secret = "{secrets.token_hex(16)}"
client_id = "kil-test"
client_secret = "{secrets.token_hex(8)}"
server_metadata_url = "{issuer}/.well-known/openid-configuration"

[upload]
enabled = true

[upload.officers]
"{OFFICER}" = ["{KIRKLEES}"]
""", encoding="utf-8")
    try:
        wait_for(f"{issuer}/.well-known/openid-configuration", idp, "the OIDC provider", idp_log_path, timeout=60)
        with served(target, ARTEFACTS / "streamlit-upload.log", port=app_port,
                    args=("--secrets.files", str(secrets_file))) as (url, _app):
            yield url, target, email
    except AppDidNotStart as e:
        pytest.fail(str(e), pytrace=False)
    finally:
        stop(idp)
        idp_log.close()


def _sign_in(page, url: str) -> None:
    page.goto(f"{url}/load_data", wait_until="domcontentloaded", timeout=120_000)
    wait_ready(page, charts=False)
    page.get_by_role("button", name="Sign in").click()   # the provider sends the browser straight back home
    page.wait_for_url(re.compile(re.escape(url) + r"/(\?.*)?$"), timeout=120_000)
    wait_ready(page, charts=False, timeout=120_000)
    page.goto(f"{url}/load_data", wait_until="domcontentloaded", timeout=120_000)
    wait_ready(page, charts=False)


def test_an_officer_signs_in_uploads_a_month_and_finds_it_on_the_pages(signed_in_app, page):
    url, target, email = signed_in_app
    if email != OFFICER:
        pytest.skip("the officer's run")
    page.goto(f"{url}/local_spend?council={KIRKLEES}", wait_until="domcontentloaded", timeout=120_000)
    wait_ready(page, charts=False)
    before = page.locator('[data-testid="stMain"]').inner_text()
    _sign_in(page, url)
    main = page.locator('[data-testid="stMain"]')
    assert f"Signed in as {OFFICER}" in main.inner_text()
    page.locator('input[type="file"]').set_input_files(str(MONTH))
    page.get_by_text("Validation report").wait_for(timeout=120_000)
    page.get_by_text("Totals by payment month").wait_for(timeout=60_000)
    page.screenshot(path=str(ARTEFACTS / "upload-report.png"), full_page=True)
    report = main.inner_text()
    assert "Columns chosen, and why" in report and "2023-05" in report
    commit = page.locator('[data-testid="stBaseButton-primary"]', has_text="Load ")
    label = commit.inner_text()
    commit.click()
    page.get_by_text("Your loads").wait_for(timeout=180_000)          # the next run reads the new build
    wait_ready(page, charts=False, timeout=120_000)
    page.screenshot(path=str(ARTEFACTS / "upload-done.png"), full_page=True)
    done = main.inner_text()
    assert "Nothing to load: every line of this file is already in the warehouse" in done
    lines = int("".join(ch for ch in label.split(" lines")[0] if ch.isdigit()))
    assert lines > 4000
    page.goto(f"{url}/local_spend?council={KIRKLEES}", wait_until="domcontentloaded", timeout=120_000)
    wait_ready(page, charts=True, timeout=90_000)
    after = page.locator('[data-testid="stMain"]').inner_text()
    assert after != before and "2023/24" in after
    page.screenshot(path=str(ARTEFACTS / "upload-local-spend.png"), full_page=True)


def test_an_identity_mapped_to_no_council_is_refused(signed_in_app, page):
    url, _, email = signed_in_app
    if email == OFFICER:
        pytest.skip("the unmapped identity's run")
    _sign_in(page, url)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert f"Signed in as {email}" in text and "may not load files for any council" in text
    assert page.locator('input[type="file"]').count() == 0
