"""The explorer in a real browser, as a person would use it (slow; .ci/run runs them).

Playwright's Python client drives the system Chromium (Debian's ``chromium`` at
/usr/bin/chromium, or $DEFCOOP_CHROMIUM): nothing is downloaded at run time. axe-core comes
from npm, installed by .ci/run into .ci/axe/ (or $DEFCOOP_AXE_JS). Pages are opened from
file:// URLs. Without Chromium, Playwright or axe-core these tests skip locally and fail
under CI=true. Screenshots go to docs/screenshots/ (two are shown in the README).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import MINI, REPO

pytestmark = pytest.mark.slow

CHROMIUM = Path(os.environ.get("DEFCOOP_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = Path(os.environ.get("DEFCOOP_AXE_JS", REPO / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
SHOTS = REPO / "docs" / "screenshots"
HOSTILE = '<img src=x onerror="window.__xss = 1"><script>window.__xss = 2</script>'
MALAY = "Kementerian Pertahanan: kontrak pesawat pejuang ringan ditandatangani"


def need(ok: bool, what: str) -> None:
    """Skip without ``what`` locally; fail under CI=true, where .ci/run installs it."""
    if not ok:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{what} is missing under CI=true (.ci/run installs it)")
        pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def browser():
    need(CHROMIUM.exists(), f"Chromium ({CHROMIUM}; apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright (pip install -e '.[site-test]')")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini package with a Malay source title and a hostile summary, built; its site folder."""
    from defcoop.publish.build import build

    root = tmp_path_factory.mktemp("browser") / "pkg"
    shutil.copytree(MINI, root)
    records = root / "datapackage" / "records"
    src = records / "sources" / "paper-b.yaml"
    src.write_text(src.read_text("utf-8").replace('title: "B reports"', f'title: "{MALAY}"'), "utf-8")
    stmt = records / "statements" / "kor-mys-mou-2022-trust.yaml"
    stmt.write_text(stmt.read_text("utf-8").replace(
        "summary: Both ministers called defence-industry ties a sign of trust.",
        "summary: 'Both ministers called ties a sign of trust. " + HOSTILE.replace("'", "''") + "'"), "utf-8")
    return build(root, root / "build").path / "site"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()
    assert errors == []  # no script error and no dialog on any page a test opened


def url(site: Path, rel: str) -> str:
    return (site / rel).as_uri()


# ------------------------------------------------------------------ search and follow links

def test_search_finds_a_contract_and_its_page_shows_claims_and_sources(page, site: Path) -> None:
    page.goto(url(site, "index.html"))
    page.fill("#q", "malaysia jet")
    assert page.locator("#search-status").inner_text() == "3 records match."
    assert page.locator("#results li a").all_inner_texts() == [  # names and ids that match first
        "Example Radar on Example Jet M for Malaysia", "Lot 1 (planned) of Malaysia – Example Jet M (contract, 2023)",
        "Malaysia – Example Jet M (contract, 2023)"]
    page.fill("#q", "메이커")  # Hangul: the native name of an actor
    assert page.locator("#results li a").all_inner_texts() == ["Maker Aerospace"]
    page.fill("#q", "mys-maker-jet-m-2023")  # an id
    assert page.locator("#search-status").inner_text() == "2 records match."
    page.fill("#q", "malaysia jet")
    page.get_by_role("link", name="Malaysia – Example Jet M (contract, 2023)", exact=True).click()
    assert page.url.endswith("/contracts/mys-maker-jet-m-2023.html")
    assert page.locator("h1").inner_text() == "Malaysia – Example Jet M (contract, 2023)"
    assert page.locator("#h-verif").inner_text() == "Verification: Corroborated"
    assert page.locator("#h-claims").inner_text() == "Claims (3 claims on 2 fields)"
    assert page.locator(".claim-group").count() == 2 and page.locator("li.claim").count() == 3
    preferred = page.locator('.claim-group[data-field="value_amount"] li.claim').first
    assert preferred.locator(".value").inner_text() == "920,000,000 USD"
    assert preferred.locator(".rank").inner_text().lower() == "preferred"
    assert preferred.locator("a.src").get_attribute("href") == "https://example.org/wire-a"
    assert preferred.locator(".publisher").inner_text() == "Example Wire"
    assert page.locator('dd[data-field="signed_date"]').inner_text() == "23 May 2023"
    assert page.locator("#h-ms + table tbody tr").count() == 2
    assert page.locator("#h-src").inner_text() == "Sources cited (2)"
    story = page.locator('img[src$="contract-mys-maker-jet-m-2023.svg"]')
    assert story.evaluate("img => img.complete && img.naturalWidth > 300")  # the SVG loads under file://
    page.locator("#h-lots + table a").first.click()
    assert page.url.endswith("/deliveries/mys-maker-jet-m-2023-lot-1.html")
    assert page.locator('dd[data-field="delivery_date"]').inner_text() == "Oct 2026 (2026-10-01 to 2026-10-31)"


def test_header_search_box_carries_the_query_to_the_index(page, site: Path) -> None:
    page.goto(url(site, "weapon_systems/jet-m.html"))
    page.fill("#site-q", "radar")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r".*/index\.html\?q=radar$"))
    assert page.locator("#q").input_value() == "radar"
    names = page.locator("#results li a").all_inner_texts()
    assert "Example Radar" in names and all("radar" in n.lower() or "Radar" in n for n in names[:1])


def test_table_index_sorts_and_filters(page, site: Path) -> None:
    page.goto(url(site, "weapon_systems/index.html"))
    names = lambda: page.locator("#records tbody tr:not([hidden]) td:first-child").all_inner_texts()  # noqa: E731
    assert names() == ["Example Jet", "Example Jet M", "Example Radar"]
    header = page.locator("#records thead th").first
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "descending" and names() == ["Example Radar", "Example Jet M",
                                                                            "Example Jet"]
    page.fill("#filter-text", "radar")
    assert names() == ["Example Radar"] and page.locator("[data-filter-count]").inner_text() == "1 of 3 shown"
    page.fill("#filter-text", "")
    page.goto(url(site, "contracts/index.html"))
    page.select_option("#filter-verif", "contested")
    assert page.locator("[data-filter-count]").inner_text() == "0 of 1 shown"
    page.select_option("#filter-verif", "corroborated")
    assert page.locator("#records tbody tr:not([hidden])").count() == 1


def test_every_kind_of_page_opens_from_its_index_and_links_onwards(page, site: Path) -> None:
    from defcoop.export.site import PAGE_TABLES

    for table in PAGE_TABLES:
        page.goto(url(site, f"{table}/index.html"))
        first = page.locator("#records tbody tr td:first-child a").first
        name = first.inner_text()
        first.click()
        assert page.locator("h1").inner_text() == name, table
        assert page.locator("#h-verif").is_visible() and page.locator("#h-fields").is_visible()
        related = page.locator("ul.related a")
        assert related.count() >= 1, table
        target = related.first.get_attribute("href")
        related.first.click()
        assert page.url.endswith(target.lstrip("./")), table
    page.goto(url(site, "pairs/index.html"))
    page.locator("tbody a").first.click()
    assert page.locator("h1").inner_text() == "Korea, Republic of – Malaysia"
    assert page.locator("ul.counts").inner_text().split("\n") == ["1 agreements", "1 contracts", "1 deliveries",
                                                                 "1 statements"]
    assert page.locator("#h-tl ~ figure img").evaluate("img => img.naturalWidth > 300")
    assert page.locator("#h-tl ~ table tbody tr").count() == 5


def test_values_from_the_data_stay_text(page, site: Path) -> None:
    page.goto(url(site, "statements/kor-mys-mou-2022-trust.html"))
    assert HOSTILE in page.locator('dd[data-field="summary"]').inner_text()
    assert page.evaluate("window.__xss") is None
    page.goto(url(site, "index.html"))
    page.fill("#q", "sign of trust")
    assert HOSTILE in page.locator("#results .snippet").inner_text()
    assert page.evaluate("window.__xss") is None


# ------------------------------------------------------------------ readable by everyone

def _platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium really used to draw the text of ``selector`` (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


def test_hangul_and_malay_render_with_real_fonts(page, site: Path) -> None:
    page.goto(url(site, "actors/maker.html"))
    assert page.locator('dd[data-field="name_native"] span[lang="ko"]').inner_text() == "메이커 항공"
    fonts = _platform_fonts(page, 'dd[data-field="name_native"] span')
    hangul = [f for f in fonts if re.search(r"CJK|KR|Gothic|Nanum|Malgun|Hangul", f["familyName"])]
    assert hangul and sum(f["glyphCount"] for f in hangul) >= 5, fonts  # 5 syllables from a Korean font
    page.goto(url(site, "deliveries/mys-maker-jet-m-2023-lot-1.html"))
    cite = page.locator('cite[lang="ms"]').first
    assert cite.inner_text() == MALAY
    fonts = _platform_fonts(page, 'cite[lang="ms"]')
    assert fonts and sum(f["glyphCount"] for f in fonts) == len(MALAY), fonts
    page.screenshot(path=str(SHOTS.mkdir(parents=True, exist_ok=True) or SHOTS / "hangul-malay.png"))


def axe_violations(page, rel_url: str) -> list[str]:
    """Serious and critical axe-core violations of the page at ``rel_url`` (already open)."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{rel_url}: {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_or_critical_violation(page, site: Path) -> None:
    need(AXE_JS.exists(), f"axe-core ({AXE_JS}; npm install --prefix .ci/axe axe-core)")
    pages = ["index.html", "contracts/index.html", "pairs/index.html", "network.html", "pairs/kor-mys.html",
             "actors/maker.html", "agreements/kor-mys-mou-2022.html", "contracts/mys-maker-jet-m-2023.html",
             "deliveries/mys-maker-jet-m-2023-lot-1.html", "events/show-2023.html",
             "integrations/jet-m-radar-mys.html", "statements/kor-mys-mou-2022-trust.html",
             "weapon_systems/jet-m.html"]
    found = []
    for rel in pages:
        page.goto(url(site, rel))
        if rel == "index.html":
            page.fill("#q", "jet")  # with search results shown
        found += axe_violations(page, rel)
    assert found == []


def test_pages_print_well(page, site: Path, tmp_path: Path) -> None:
    page.goto(url(site, "contracts/mys-maker-jet-m-2023.html"))
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator("details.about").is_visible()
    after = page.locator("a.src").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://example" in after  # printed pages show where each source is
    assert page.locator("h1").is_visible() and page.locator("li.claim").first.is_visible()
    pdf = tmp_path / "contract.pdf"
    page.pdf(path=str(pdf), format="A4")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 1


# ------------------------------------------------------------------ the real records

def take_screenshots(browser, site: Path, out: Path) -> list[Path]:
    """The README's pictures: search results, a contract (claims), a pair (timeline), the network."""
    out.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1200, "height": 1000})
    page = context.new_page()
    shots = []
    page.goto(url(site, "index.html"))
    page.fill("#q", "FA-50")
    shots.append(out / "search.png")
    page.screenshot(path=str(shots[-1]))
    contract = site / "contracts" / "mys-kai-fa-50m-2023.html"
    if contract.exists():
        page.goto(contract.as_uri())
        page.locator("#h-story").scroll_into_view_if_needed()
        page.evaluate("document.querySelector('#h-story').scrollIntoView()")
        shots.append(out / "contract-story.png")
        page.screenshot(path=str(shots[-1]))
        page.evaluate("document.querySelector('#h-claims').scrollIntoView()")
        shots.append(out / "contract-claims.png")
        page.screenshot(path=str(shots[-1]))
    pair = site / "pairs" / "kor-mys.html"
    if pair.exists():
        page.goto(pair.as_uri())
        shots.append(out / "pair-timeline.png")
        page.screenshot(path=str(shots[-1]))
    page.goto(url(site, "network.html"))
    shots.append(out / "network.png")
    page.screenshot(path=str(shots[-1]))
    context.close()
    return shots


def test_real_records_pages_pass_axe_and_are_photographed(browser, real_build: Path) -> None:
    need(AXE_JS.exists(), f"axe-core ({AXE_JS})")
    site = real_build / "site"
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    found = []
    for rel in ("index.html", "contracts/index.html", "contracts/mys-kai-fa-50m-2023.html", "pairs/kor-mys.html",
                "actors/kor.html", "network.html"):
        page.goto(url(site, rel))
        found += axe_violations(page, rel)
    context.close()
    assert found == []
    shots = take_screenshots(browser, site, SHOTS)
    assert all(p.stat().st_size > 10_000 for p in shots) and len(shots) == 5
