"""End-to-end browser tests: the real app on a small real warehouse, driven by Playwright with Debian's chromium.

Run with `pytest -m e2e`. Never downloads a browser: without /usr/bin/chromium (or Playwright) the tests skip,
and fail when CI is set. Screenshots of every page (1400 px wide viewport of 900 px, stretched to the page's full
length) go to test-artefacts/. The accessibility check needs node_modules/axe-core (scripts/install_browser.sh).
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTEFACTS = ROOT / "test-artefacts"
IN_CI = bool(os.environ.get("CI"))

pytestmark = pytest.mark.e2e

from bench.browser import READY_JS, AppDidNotStart, served  # noqa: E402
from dashboard.pages import PAGES as REGISTRY  # noqa: E402

# page path -> does the page draw at least one chart
PAGES = {p.url_path: p.id != "data_and_methods" for p in REGISTRY}

CALDERDALE = "E08000033"

# Streamlit's own chrome, not the product's content: axe findings whose nodes all sit inside these are ignored.
AXE_CHROME = [
    '[data-testid="stSidebarCollapseButton"]',  # Streamlit's icon-only sidebar toggle, not ours to label
    '[data-testid="stToolbar"]',                # Streamlit's deploy/settings toolbar in the header
    'header[data-testid="stHeader"]',           # Streamlit's fixed app header bar
    '[data-testid="stMainMenu"]',               # Streamlit's hamburger menu
]
AXE_IMPACTS = ("serious", "critical")

# Runs axe, then drops nodes inside Streamlit chrome; a rule stays only if some node is in our own content.
AXE_JS = r"""
async (chrome) => {
  const res = await axe.run(document, {resultTypes: ['violations', 'passes']});
  const inChrome = (target) => {
    // target: a list of selectors (more than one only for iframes / shadow DOM); resolve the first
    const sel = Array.isArray(target[0]) ? target[0][0] : target[0];
    let el = null;
    try { el = document.querySelector(sel); } catch (e) { return false; }
    return !!el && chrome.some((c) => el.closest(c));
  };
  const contrast = res.passes.find((p) => p.id === 'color-contrast');
  return {contrast_checked: contrast ? contrast.nodes.length : 0, violations: res.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.filter((n) => !inChrome(n.target)).map((n) => ({
      target: n.target.flat().join(' '), html: n.html.slice(0, 200), impact: n.impact,
      detail: (n.any[0] && n.any[0].data && n.any[0].data.contrastRatio)
        ? `contrast ${n.any[0].data.contrastRatio}:1, ${n.any[0].data.fgColor} on ${n.any[0].data.bgColor}, `
          + `${n.any[0].data.fontSize} (needs ${n.any[0].data.expectedContrastRatio})`
        : n.failureSummary.split('\n').slice(1).join('; ').slice(0, 200),
    })),
    chrome_nodes: v.nodes.filter((n) => inChrome(n.target)).length,
  }))};
}
"""


# What the page shows, as a string to compare: the metric values and every chart's trace data.
FIGURES_JS = """() => JSON.stringify({
  metrics: [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricValue"]')].map((e) => e.innerText),
  charts: [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
    .map((g) => (g.data || []).map((t) => [t.name ?? null, t.x ?? null, t.y ?? null, t.z ?? null])),
})"""


def _missing(msg: str) -> None:
    """Skip outside CI; in CI a missing browser is a failure, never a skip."""
    if IN_CI:
        pytest.fail(f"CI is set but {msg}", pytrace=False)
    pytest.skip(msg)


def _chromium_or_skip() -> None:
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing: install Debian's 'chromium' package (scripts/install_browser.sh)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("Playwright for Python is not installed in this venv (pip install -r requirements.txt)")


@pytest.fixture(scope="module")
def app_url(warehouse_file):
    _chromium_or_skip()
    ARTEFACTS.mkdir(exist_ok=True)
    try:
        with served(warehouse_file, ARTEFACTS / "streamlit-e2e.log") as (url, _proc):
            yield url
    except AppDidNotStart as e:
        pytest.fail(str(e), pytrace=False)


@pytest.fixture(scope="module")
def browser():
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture()
def context(browser):
    ctx = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture()
def page(context):
    return context.new_page()


def wait_ready(page, charts: bool = True, timeout: float = 45_000) -> None:
    """Wait until the script run has finished (see READY_JS), twice with a pause between, since a rerun can start
    just after the first check. On timeout, say what the status widget shows."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(READY_JS, arg=charts, timeout=timeout)
        page.wait_for_timeout(250)
        page.wait_for_function(READY_JS, arg=charts, timeout=timeout)
    except PlaywrightTimeout:
        status = page.locator('[data-testid="stStatusWidget"]')
        shown = status.first.inner_text() if status.count() else "(none)"
        errors = page.locator('[data-testid="stException"]').all_inner_texts()
        raise AssertionError(f"{page.url} did not finish within {timeout / 1000:.0f} s; status widget: {shown!r}; "
                             f"h1: {page.locator('h1').count()}, charts: {page.locator('.js-plotly-plot').count()}"
                             + ("; exception: " + errors[0][:500] if errors else "")) from None


def figures(page) -> str:
    return page.evaluate(FIGURES_JS)


def wait_figures(page, differ_from: str | None = None, equal_to: str | None = None, timeout: float = 20) -> str:
    """The page's figures once they differ from (or equal) the given ones, after the run has finished."""
    deadline = time.monotonic() + timeout
    while True:
        wait_ready(page)
        now = figures(page)
        if (differ_from is None or now != differ_from) and (equal_to is None or now == equal_to):
            return now
        if time.monotonic() > deadline:
            raise AssertionError(f"{page.url}: figures " + ("did not change" if differ_from is not None
                                                           else "differ from the original view"))
        page.wait_for_timeout(200)


def screenshot(page, name: str) -> None:
    """A full-page screenshot. Streamlit scrolls inside its main container, not the document, so the viewport is
    stretched to the height of that container's content first (capped) and put back afterwards."""
    ARTEFACTS.mkdir(exist_ok=True)
    # st.dataframe paints on a canvas after the run has finished: wait until every shown grid (not those in
    # closed expanders) has its rows
    page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
        .filter((d) => d.checkVisibility())
        .every((d) => d.querySelector('canvas') && d.querySelector('table')?.rows.length > 0)""")
    page.evaluate("() => document.fonts.ready.then(() => true)")
    size = page.viewport_size
    tallest = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight ?? 0")
    page.set_viewport_size({"width": size["width"], "height": min(max(tallest, size["height"]), 8000)})
    page.wait_for_timeout(300)   # let the charts re-lay-out to the new size
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


def params(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_param(page, key: str, value: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while params(page).get(key) != value:
        if time.monotonic() > deadline:
            raise AssertionError(f"URL {page.url} never got {key}={value}")
        page.wait_for_timeout(100)


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


@pytest.mark.parametrize("path", list(PAGES), ids=[p or "overview" for p in PAGES])
def test_page_loads(page, app_url, path):
    name = path or "overview"
    page.goto(f"{app_url}/{path}")
    wait_ready(page, charts=PAGES[path])
    screenshot(page, name)
    errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    assert errors.count() == 0, f"{name}: error shown:\n" + "\n---\n".join(errors.all_inner_texts())
    if PAGES[path]:
        assert page.locator(".js-plotly-plot").count() >= 1, f"{name}: no chart drawn"


def test_filters_survive_page_switch_and_permalink(page, context, app_url):
    page.goto(app_url)
    wait_ready(page)
    sidebar(page).get_by_text("England", exact=True).click()
    wait_param(page, "group", "england")
    wait_ready(page)

    sidebar(page).locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Local spend").click()
    page.wait_for_url("**/local_spend**")
    page.wait_for_function("() => [...document.querySelectorAll('h1')].some(h => h.innerText.includes('local spend'))")
    wait_ready(page)
    wait_param(page, "group", "england")

    shown = figures(page)

    permalink = page.url
    other = context.new_page()
    other.goto(permalink)
    wait_ready(other)
    assert "local spend" in other.locator("h1").first.inner_text()
    assert sidebar(other).get_by_role("radio", name="England").is_checked()
    assert params(other).get("group") == "england"
    wait_figures(other, equal_to=shown)


def test_council_selectbox_changes_url_and_title(page, app_url):
    page.goto(app_url)
    wait_ready(page)
    before = page.locator("h1").first.inner_text()
    before_figures = figures(page)
    assert "Calderdale" not in before
    box = sidebar(page).locator('[data-testid="stSelectbox"]').filter(has_text="Council").first
    box.locator("input").click()
    page.keyboard.type("Calderdale")
    page.get_by_role("option", name="Calderdale", exact=False).first.click()
    wait_param(page, "council", CALDERDALE)
    page.wait_for_function("() => document.querySelector('h1')?.innerText.includes('Calderdale')")
    wait_ready(page)
    assert page.locator("h1").first.inner_text() != before
    wait_figures(page, differ_from=before_figures)


def test_download_csv(page, app_url, tmp_path):
    page.goto(f"{app_url}/local_spend")
    wait_ready(page)
    expander = page.locator('[data-testid="stExpander"]').filter(has_text="Data behind this chart").first
    expander.locator("summary").click()
    button = expander.get_by_role("button", name="Download data (CSV)")
    with page.expect_download() as info:
        button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.suffix == ".csv"
    assert target.stat().st_size > 0
    assert target.read_text(encoding="utf-8").splitlines()[0].strip(), "CSV has no header line"


def _short(target: str) -> str:
    """The last few steps of axe's selector, without emotion class names: enough to find the element."""
    steps = [re.sub(r"\.(st-emotion-cache-\w+|e\w+\d)\b", "", s) for s in target.split(" > ")]
    return " > ".join(steps[-3:])


def test_accessibility(browser, app_url):
    if not AXE.exists():
        msg = f"{AXE} is missing: run `npm install --no-audit --no-fund axe-core@4` (scripts/install_browser.sh)"
        if IN_CI:
            pytest.fail(f"CI is set but {msg}", pytrace=False)
        pytest.skip(msg)
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    found: list[tuple[str, dict, dict]] = []
    ignored = 0
    summary: list[str] = []
    try:
        page = ctx.new_page()
        for path, charts in PAGES.items():
            page.goto(f"{app_url}/{path}")
            wait_ready(page, charts=charts)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(AXE_JS, AXE_CHROME)
            # axe ran and looked at text: a page whose contrast was never checked proves nothing
            assert result["contrast_checked"] > 0, f"{path or 'overview'}: axe checked no text for contrast"
            mine = 0
            for v in result["violations"]:
                if v["impact"] not in AXE_IMPACTS:
                    continue
                ignored += v["chrome_nodes"]
                mine += len(v["nodes"])
                for node in v["nodes"]:
                    found.append((path or "overview", v, node))
            summary.append(f"{path or 'overview'}: {mine} serious/critical, "
                           f"{result['contrast_checked']} text node(s) pass contrast")
    finally:
        ctx.close()
    lines = [f"{pg}: {v['id']} ({v['impact']}) {_short(node['target'])}: {node['detail']}\n      {node['html'][:120]}"
             for pg, v, node in found]
    rules = sorted({(v["id"], pg) for pg, v, _ in found})
    print(f"\naxe: {len(found)} serious/critical node(s) in our content on {len(PAGES)} pages; "
          f"{ignored} node(s) in Streamlit chrome ignored")
    for line in summary + lines:
        print("  " + line)
    assert not found, ("Accessibility violations in the product's own content (fix the app, not this test):\n"
                       + "\n".join(lines) + "\nrules/pages: " + ", ".join(f"{r}@{p}" for r, p in rules))


def test_no_request_leaves_the_app_and_visitors_see_a_viewers_toolbar(page, app_url):
    """Every page, with a ward map drawn (Bristol, coloured by supplier spend), asks only the app's own address:
    no font CDN, no usage statistics, no map tiles, styles or glyphs from elsewhere. And no "Deploy" button."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for path, charts in PAGES.items():
        page.goto(f"{app_url}/{path}?council=E06000023")
        wait_ready(page, charts=charts)
    page.goto(f"{app_url}/neighbourhoods?council=E06000023")
    wait_ready(page)
    page.get_by_text("Spend with suppliers based in the ward", exact=False).first.click()
    wait_ready(page)
    page.wait_for_timeout(1500)          # let the map ask for whatever it would ask for
    own = urlparse(app_url).netloc
    outside = sorted({u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
                      and urlparse(u).netloc != own})
    assert len(requests) > 20
    assert not outside, f"requests that left {own}:\n" + "\n".join(outside)
    assert page.get_by_role("button", name="Deploy").count() == 0
