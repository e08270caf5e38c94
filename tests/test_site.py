"""The explorer (site/ in every build): links, values shown, escaping, pairs, same bytes.

Fast tests read the HTML as text with the standard library's parser; the browser tests
(tests/test_site_browser.py, marked slow) drive Chromium.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO, write
from defcoop.export import site_charts
from defcoop.export.site import (PAGE_TABLES, format_claim_value, format_period, humanize, read_tables,
                                 site_size, web_url, write_site)


class _Page(HTMLParser):
    """Links, ids and visible text of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (attribute, value)
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value:
                self.links.append((name, value))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(parse(path).text))


def broken_links(site: Path) -> list[str]:
    """Every relative href/src of every page that names no file (or no id) of the site."""
    pages = {p: parse(p) for p in site.rglob("*.html")}
    broken = []
    for path, page in pages.items():
        for _, value in page.links:
            url = urlsplit(value)
            if url.scheme in ("http", "https", "mailto") or value.startswith("//"):
                continue
            target = (path.parent / unquote(url.path)).resolve() if url.path else path
            if not target.is_file() or site.resolve() not in target.parents:
                broken.append(f"{path.relative_to(site)}: {value}")
            elif url.fragment and target.suffix == ".html" and url.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {value} (no such id)")
    return broken


# ------------------------------------------------------------------ links

def test_every_internal_link_resolves(mini_build: Path) -> None:
    site = mini_build / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) == 25  # 13 records, 8 table indexes, 1 pair, the pairs index, the network, the home page
    assert broken_links(site) == []


def test_every_internal_link_resolves_on_the_real_records(real_build: Path) -> None:
    site = real_build / "site"
    assert broken_links(site) == []
    for table in PAGE_TABLES:  # a page per record of every table
        ids = {p.stem for p in (site / table).glob("*.html")} - {"index"}
        assert ids == {p.stem for p in (REPO / "datapackage" / "records" / table).glob("*.yaml")}, table


def test_broken_link_is_found(mini_build: Path, tmp_path: Path) -> None:
    """The link checker itself: a page pointing at a missing record or id is reported."""
    import shutil

    site = tmp_path / "site"
    shutil.copytree(mini_build / "site", site)
    (site / "contracts" / "mys-maker-jet-m-2023.html").write_text(
        '<a href="../actors/nobody.html">x</a><a href="../index.html#nowhere">y</a>', "utf-8")
    assert broken_links(site) == ["contracts/mys-maker-jet-m-2023.html: ../actors/nobody.html",
                                  "contracts/mys-maker-jet-m-2023.html: ../index.html#nowhere (no such id)"]


# ------------------------------------------------------------------ what the pages show

def test_contract_page_shows_fields_claims_sources_milestones_lots(mini_build: Path) -> None:
    page = mini_build / "site" / "contracts" / "mys-maker-jet-m-2023.html"
    text = text_of(page)
    assert "Malaysia – Example Jet M (contract, 2023)" in text  # name in words: buyer, system, type, year
    assert "Verification: Corroborated" in text
    assert "Cites 2 sources, 2 of them independent." in text
    assert "Signed date 23 May 2023" in text
    assert "Value amount 920,000,000" in text
    assert "Status in production" in text and "Value USD 920,000,000" in text  # codes and names in words
    assert "Country pairs: KOR-MYS" in text
    assert "Claims (3 claims on 2 fields)" in text
    assert "920,000,000 USD preferred" in text and "3,800,000,000 MYR normal" in text
    assert "Reason: all agree" in text and "Note: ministry figure" in text
    assert "24 Feb 2023 Letter of acceptance" in text and "Signed at the show." in text
    links = dict((v, a) for a, v in parse(page).links)
    assert "https://example.org/wire-a" in links and "https://example.com/b" in links  # sources link to URLs
    assert "../deliveries/mys-maker-jet-m-2023-lot-1.html" in links  # the lot
    assert "../actors/maker.html" in links and "../weapon_systems/jet-m.html" in links
    assert "../charts/contract-mys-maker-jet-m-2023.svg" in links  # the story picture
    assert "../statements/kor-mys-mou-2022-trust.html" in links  # a statement about it (backlink)
    html = page.read_text("utf-8")
    assert '<span title="Date of signature of the contract (not of a letter of acceptance).">Signed date' in html


def test_claims_are_grouped_by_field_preferred_first(mini_build: Path) -> None:
    html = (mini_build / "site" / "contracts" / "mys-maker-jet-m-2023.html").read_text("utf-8")
    groups = re.findall(r'<section class="claim-group" data-field="([a-z_]+)">', html)
    assert groups == ["quantity", "value_amount"]  # column order of the table
    values = re.findall(r'<span class="value">([^<]+)</span> <span class="rank">(\w+)</span>', html)
    assert values == [("18", "preferred"), ("920,000,000 USD", "preferred"), ("3,800,000,000 MYR", "normal")]


def test_pages_of_each_kind_link_related_records(mini_build: Path) -> None:
    site = mini_build / "site"
    actor = text_of(site / "actors" / "maker.html")
    assert "Name native 메이커 항공" in actor and "Country KOR Parent Korea, Republic of" in actor
    assert 'lang="ko"' in (site / "actors" / "maker.html").read_text("utf-8")
    assert "Contract (supplier): Malaysia – Example Jet M (contract, 2023)" in actor  # backlink, its role
    assert "Weapon system (manufacturer): Example Jet" in actor
    assert "Offices held Prime Minister, Malaysia (Nov 2022 – )" in text_of(site / "actors" / "leader-a.html")
    delivery = text_of(site / "deliveries" / "mys-maker-jet-m-2023-lot-1.html")
    assert "Contract Malaysia – Example Jet M (contract, 2023) Lot no 1 Delivery kind planned" in delivery
    assert "Delivery date Oct 2026 (2026-10-01 to 2026-10-31)" in delivery  # a month: its first and last day
    assert "Delivery date (2) 2026-10 preferred" in delivery and "2026-Q3 normal Note: as planned in 2024" in delivery
    statement = text_of(site / "statements" / "kor-mys-mou-2022-trust.html")
    assert "Subject: Malaysia – Example Jet M (contract, 2023)" in statement
    assert "Speaker: Korea, Republic of" in statement and "Issued in: Defence cooperation MoU" in statement
    assert "(copy of wire-a) (para 3)" in statement  # a copy is named as such
    assert "Country pairs: KOR-MYS" in statement
    for table in PAGE_TABLES:
        for page in (site / table).glob("*.html"):
            if page.name != "index.html":
                assert "Verification:" in text_of(page), page


def test_pair_page_counts_and_timeline(mini_build: Path) -> None:
    page = mini_build / "site" / "pairs" / "kor-mys.html"
    text = text_of(page)
    assert "Korea, Republic of – Malaysia" in text
    assert "1 agreements 1 contracts 1 deliveries 1 statements" in text
    assert ("Records by year (the year of each record's first date; no coverage declaration reaches this pair, so "
            "these are the records found, not a complete count) Year Agreements Contracts Deliveries "
            "Statements 2022 1 0 0 1 2023 0 1 0 0 2026 0 0 1 0") in text
    assert ("27 Apr 2022 agreement signed Defence cooperation MoU 27 Apr 2022 statement reaffirm" in text
            and "24 Feb 2023 contract step letter of acceptance" in text
            and "Oct 2026 delivery planned lot 1" in text)
    svg = (mini_build / "site" / "charts" / "pair-kor-mys.svg").read_text("utf-8")
    assert svg.startswith("<svg") and "statement" in svg and "2023" in svg


def test_pairs_follow_the_coverage_query(mini_build: Path) -> None:
    """The site's pairs are those of queries/coverage.sql (one rule of what a pair is)."""
    import defcoop
    from defcoop.export.site import _Data

    data = _Data(read_tables(mini_build))
    site = {(t, pair): n for pair, recs in data.pairs().items() for t in {t for t, _ in recs}
            if (n := sum(1 for tt, _ in recs if tt == t)) and t != "deliveries"}
    query = {(r["table_name"], r["country_pair"].lower()): r["records"]
             for r in defcoop.query("coverage", mini_build).to_pylist()}
    assert site == query == {("agreements", "kor-mys"): 1, ("contracts", "kor-mys"): 1, ("statements", "kor-mys"): 1}


def test_index_pages_list_every_record_and_search_data(mini_build: Path) -> None:
    site = mini_build / "site"
    text = text_of(site / "contracts" / "index.html")
    assert ("Name Id Contract type Status Signed date Verification Sources Malaysia – Example Jet M (contract, 2023) "
            "mys-maker-jet-m-2023 contract in production 23 May 2023 corroborated 2") in text
    home = text_of(site / "index.html")
    assert "Contracts 1" in home and "Actors 4" in home and "Korea, Republic of – Malaysia (4)" in home
    js = (site / "assets" / "search-index.js").read_text("utf-8")
    assert js.startswith("window.DEFCOOP_SEARCH = [")
    assert '["contracts","mys-maker-jet-m-2023","Malaysia – Example Jet M (contract, 2023)","Eighteen jets."]' in js
    assert '<script src="assets/search-index.js"></script>' in (site / "index.html").read_text("utf-8")
    assert "fetch(" not in (site / "assets" / "site.js").read_text("utf-8")  # file:// blocks fetch()


def test_print_stylesheet_hides_navigation_and_prints_source_urls(mini_build: Path) -> None:
    css = (mini_build / "site" / "assets" / "site.css").read_text("utf-8")
    media = css[css.index("@media print"):]
    assert "header.site" in media and "display: none" in media
    assert 'a.src[href^="http"]::after { content: " <" attr(href) ">"' in media
    assert "break-inside: avoid" in media


# ------------------------------------------------------------------ escaping

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quoted" </script>'


def test_every_value_from_the_data_is_escaped(mini: Path, tmp_path: Path) -> None:
    from defcoop.publish.build import build

    contract = mini / "datapackage" / "records" / "contracts" / "mys-maker-jet-m-2023.yaml"
    text = contract.read_text("utf-8").replace("summary: Eighteen jets.", f"summary: '{HOSTILE}'")
    contract.write_text(text, "utf-8")
    write(mini, "actors/maker.yaml", (mini / "datapackage/records/actors/maker.yaml").read_text("utf-8").replace(
        "name: Maker Aerospace", "name: 'Maker \"><svg onload=alert(2)> Aero'"))
    site = build(mini, tmp_path / "out").path / "site"
    for path in site.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html, path
    page = (site / "contracts" / "mys-maker-jet-m-2023.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp;" in page
    assert 'Maker &#34;&gt;&lt;svg onload=alert(2)&gt; Aero' in text_of_raw(site / "actors" / "maker.html")
    js = (site / "assets" / "search-index.js").read_text("utf-8")
    assert "</script>" not in js and "\\u003cscript>alert" in js  # no way out of a script element


def test_only_web_addresses_become_links(mini_build: Path, tmp_path: Path) -> None:
    """Source URLs are validated as http(s) when curated; the site does not rely on it."""
    tables = read_tables(mini_build)
    tables["sources"] = [dict(r, url="javascript:alert(1)") if r["source_id"] == "wire-a" else r
                         for r in tables["sources"].to_pylist()]
    write_site(tables, tmp_path / "site")
    html = (tmp_path / "site" / "contracts" / "mys-maker-jet-m-2023.html").read_text("utf-8")
    assert "javascript:" not in html and 'href="https://example.com/b"' in html


def text_of_raw(path: Path) -> str:
    return path.read_text("utf-8")


# ------------------------------------------------------------------ pictures

STORY = [{"kind": "milestone", "label": "Tender", "start": dt.date(2021, 1, 1), "end": dt.date(2021, 12, 31),
          "precision": "year"},
         {"kind": "signature", "label": "Signature", "start": dt.date(2023, 5, 23), "end": dt.date(2023, 5, 23),
          "precision": "day"},
         {"kind": "actual lot", "label": "Lot 1 actual, 4 units 한국", "start": dt.date(2024, 3, 1),
          "end": dt.date(2024, 3, 31), "precision": "month"}]


def test_same_input_same_svg_bytes(tmp_path: Path) -> None:
    spec = site_charts.story_spec(STORY, "a story")
    first = site_charts.render(spec)
    assert site_charts.render(site_charts.story_spec(list(reversed(STORY)), "a story")) == first  # order-free
    nodes = [{"id": f"n{i}", "label": f"Node {i}", "kind": k} for i, k in enumerate(("state", "company", "system"))]
    edges = [("n0", "n1", 2), ("n1", "n2", 1)]
    net = site_charts.render(site_charts.network_spec(nodes, edges, "net"))
    assert site_charts.render(site_charts.network_spec(list(reversed(nodes)), list(reversed(edges)), "net")) == net
    # drawn in child processes (as the build does for many pictures): the same bytes again
    jobs = [{"path": "a.svg", "spec": spec}, {"path": "b.svg", "network": {"nodes": nodes, "edges": edges,
                                                                         "title": "net"}}]
    written = site_charts.ChartPool(2).start(jobs, tmp_path).wait()
    assert (tmp_path / "a.svg").read_text("utf-8") == first and (tmp_path / "b.svg").read_text("utf-8") == net
    assert written == len(first.encode()) + len(net.encode())


def test_story_draws_spans_for_periods_and_dots_for_days() -> None:
    spec = site_charts.story_spec(STORY, "a story")
    values = spec["data"][0]["values"]
    assert [v["label"] for v in values] == ["Tender", "Signature", "Lot 1 actual, 4 units 한국"]
    assert values[0]["start"] == "2021-01-01" and values[0]["end_excl"] == "2022-01-01"  # <x> to <x>_end
    spans, days = spec["data"][1:]
    assert spans["transform"] == [{"type": "filter", "expr": "datum.precision !== 'day'"}]
    assert days["transform"] == [{"type": "filter", "expr": "datum.precision === 'day'"}]
    bar, dots = spec["marks"]
    assert (bar["type"], bar["from"], dots["type"], dots["from"]) == ("rect", {"data": "spans"}, "symbol",
                                                                      {"data": "days"})
    assert bar["encode"]["update"]["x2"] == {"scale": "x", "field": "t1"}  # end of <x>_end (exclusive)
    assert values[0]["t1"] == 1640995200000  # 2022-01-01T00:00Z in ms: time-zone free
    svg = site_charts.render(spec)
    assert 'class="mark-rect role-mark"' in svg and 'class="mark-symbol role-mark"' in svg
    assert "Lot 1 actual, 4 units 한국" in svg and ">2022</text>" in svg


def test_long_story_labels_are_shortened_and_stay_unique() -> None:
    long = "Letter of acceptance amended after the second round of talks"
    rows = [dict(STORY[1], label=long), dict(STORY[2], label=long + " again")]
    labels = [v["label"] for v in site_charts.story_spec(rows, "s")["data"][0]["values"]]
    assert labels == ["Letter of acceptance amended after the…", "Letter of acceptance amended after… (2)"]
    assert all(len(label) <= site_charts.LABEL_CHARS for label in labels)


def test_chart_child_failure_is_reported(tmp_path: Path) -> None:
    bad = {"path": "x.svg", "spec": {"marks": [{"type": "nonsense-mark"}]}}
    with pytest.raises(RuntimeError, match="drawing the site's pictures failed"):
        site_charts.ChartPool(1).start([bad], tmp_path).wait()


def test_pictures_of_a_dead_build_are_not_drawn(tmp_path: Path) -> None:
    """A build killed mid-way (its staging folder removed) leaves no folder recreated by a child,
    and a child whose parent is gone stops before drawing."""
    gone = tmp_path / "staging-removed"
    job = {"path": "charts/a.svg", "spec": site_charts.story_spec(STORY, "a story")}
    with pytest.raises(RuntimeError, match="FileNotFoundError"):
        site_charts.ChartPool(1).start([job], gone).wait()
    assert not gone.exists()
    (tmp_path / "charts").mkdir()
    with pytest.raises(SystemExit) as exc:
        site_charts.render_jobs([job], tmp_path, parent=-1)  # -1: never this process's parent
    assert exc.value.code == 3 and not (tmp_path / "charts" / "a.svg").exists()


def test_network_draws_the_largest_group_with_a_fixed_seed() -> None:
    nodes = [{"id": i, "label": i, "kind": "state"} for i in ("a", "b", "c", "x", "y")]
    edges = [("a", "b", 1), ("b", "c", 3), ("x", "y", 1)]
    kept, kept_edges = site_charts.largest_component(nodes, edges)
    assert [n["id"] for n in kept] == ["a", "b", "c"] and kept_edges == [("a", "b", 1), ("b", "c", 3)]
    assert site_charts.network_layout(kept, kept_edges) == site_charts.network_layout(kept, kept_edges)


def test_a_large_network_is_drawn_without_scipy() -> None:
    """Regression: networkx lays out 500 nodes or more with scipy (not a dependency); at 10,000
    synthetic records the build failed. The picture keeps the most tied nodes."""
    nodes = [{"id": f"n{i:03d}", "label": f"N{i}", "kind": "company"} for i in range(600)]
    edges = [(f"n{i:03d}", f"n{(i * 7 + 1) % 600:03d}", 1 + i % 3) for i in range(600)]
    edges = sorted({(min(a, b), max(a, b), w) for a, b, w in edges if a != b})
    spec = site_charts.network_spec(nodes, edges, "big")
    drawn = spec["data"][1]["values"]
    assert 0 < len(drawn) <= site_charts.MAX_NODES
    assert site_charts.render(spec).startswith("<svg")


def test_same_tables_same_site_bytes(mini_build: Path, tmp_path: Path) -> None:
    tables = read_tables(mini_build)
    a, b = write_site(tables, tmp_path / "a"), write_site(tables, tmp_path / "b")
    digest = {p: [hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(p.rglob("*")) if f.is_file()]
              for p in (tmp_path / "a", tmp_path / "b")}
    assert digest[tmp_path / "a"] == digest[tmp_path / "b"]
    assert (a.pages, a.charts, a.files) == (b.pages, b.charts, b.files) == (25, 3, 31)
    assert site_size(tmp_path / "a") == (a.files, a.bytes)


# ------------------------------------------------------------------ panels, words, shipping

def test_pair_counts_come_from_the_dyad_panel_when_the_build_has_one(mini_build: Path, tmp_path: Path) -> None:
    tables = read_tables(mini_build)
    def row(year, a, b, **counts):
        base = {"iso3_1": a, "iso3_2": b, "year": year, "agreements_signed": None, "agreements_in_force": None,
                "contracts_signed": None, "statements": None}
        return {**base, **counts}

    tables["dyad_years"] = [
        row(2021, "KOR", "MYS", agreements_signed=0, agreements_in_force=0, statements=0),
        row(2022, "KOR", "MYS", agreements_signed=5, agreements_in_force=6, statements=7),
        row(2022, "KOR", "USA", agreements_signed=9, agreements_in_force=9, statements=9)]
    tables["directed_dyad_years"] = [row(2022, "KOR", "MYS", contracts_signed=1)]
    write_site(tables, tmp_path / "site")
    text = text_of(tmp_path / "site" / "pairs" / "kor-mys.html")
    # real counts (zeros included) where the dataset covers the row, "not collected" where it does not
    assert ("Year Agreements signed Agreements in force Statements Orders KOR\u2192MYS Orders MYS\u2192KOR "
            "2021 0 0 0 not collected not collected 2022 5 6 7 1 not collected ") in text


def test_words_for_dates_codes_and_values() -> None:
    assert format_period(dt.date(2025, 8, 12), "day") == "12 Aug 2025"
    assert format_period(dt.date(2025, 8, 1), "month") == "Aug 2025"
    assert format_period(dt.date(2025, 7, 1), "quarter") == "Q3 2025"
    assert format_period(dt.date(2025, 7, 1), "half") == "H2 2025"
    assert format_period(dt.date(2025, 1, 1), "year") == "2025"
    assert format_period(None, None) == ""
    assert humanize("buyer_actor_id") == "Buyer" and humanize("origin_country_iso3") == "Origin country"
    assert humanize("country_iso3") == "Country" and humanize("state_b_iso3") == "State b country"
    assert humanize("value_usd") == "Value USD"
    assert humanize("in_force_date") == "In force date" and humanize("actor_id") == "Actor"
    assert web_url("https://a.example/x") == "https://a.example/x" and web_url("JavaScript:alert(1)") is None
    assert format_claim_value("920000000 USD") == "920,000,000 USD"
    assert format_claim_value("2023-05") == "2023-05" and format_claim_value("18") == "18"


def test_release_bundle_carries_the_site(mini_build: Path) -> None:
    from conftest import MINI
    from defcoop.publish.build import Built
    from defcoop.publish.release import release_members

    members = release_members(MINI, Built(None, mini_build, 0.0))  # type: ignore[arg-type]
    assert "site/index.html" in members and "site/contracts/mys-maker-jet-m-2023.html" in members
    assert "site/charts/network.svg" in members
    sums = members["SHA256SUMS"].decode("ascii")
    assert f"{hashlib.sha256(members['site/index.html']).hexdigest()}  site/index.html" in sums


def test_the_wheel_is_built_without_the_site() -> None:
    """The wheel's build hook turns the site off (tests/test_wheel.py checks the wheel itself)."""
    import inspect

    from defcoop.publish.build import build

    assert "site" in inspect.signature(build).parameters["formats"].default  # every build writes the site
    assert 'build(root, Path(self._tmp) / "build", formats=())' in (REPO / "hatch_build.py").read_text("utf-8")
