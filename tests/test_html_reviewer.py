"""The HTML report a reviewer lives in, in Chromium at a phone's 360 px and on a desktop.

Skipped like tests/test_html_browser.py when Chromium or playwright is missing;
the checks on the page's markup run everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrcheck.cli import app
from browser import ARGS, CHROMIUM
from browser import playwright as _playwright
from seedclaims import seed_flagged

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yanbian-shebao-2024.txt"
PUTUO = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "putuo-caizheng-2024.pdf"
runner = CliRunner()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    # a CI clone's path can be one long word with no break opportunity: the page must still fit a phone
    deep = folder / ("clone_" + "x" * 60) / "corpus"
    deep.mkdir(parents=True)
    draft = deep / SEED.name
    draft.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    out = folder / "report.html"
    res = runner.invoke(app, ["check", str(draft), "-f", "html", "-o", str(out)])
    assert res.exit_code == 1, res.output
    return out


def test_problems_ranked_merged_with_evidence_in_the_page(report):
    page = report.read_text(encoding="utf-8")
    cards = re.findall(r'<li id="p0-\d+" class="sev-(\w+)">', page)
    assert cards and cards == sorted(cards, key=["error", "warning", "note"].index)
    assert page.index("问题清单") < page.index('class="narrative"')  # the list is at the top
    first = page[page.index('<li id="p0-0"') : page.index('<li id="p0-1"')]
    share = seed_flagged()["share"]  # the 93.2% share, by what it is (ids shift when a claim is read earlier)
    assert share in first and "公开05表" in first and "1073.08 万元，占 93.1%" in first  # evidence and fix, no click
    assert "×4" in page  # the template phrase found four times in one line is one card
    assert len(cards) < 3 + 21  # 3 flagged claims + 21 findings, duplicates merged
    for target in re.findall(r'<a class="jump" href="#(t-p0-\d+)"', page):
        assert f'id="{target}"' in page  # every list → text link lands on highlighted words
    assert 'class="fmark" href="#p0-' in page and 'data-problem="p0-0"' in page  # and back


def test_several_documents_get_a_table_of_contents(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(SEED.read_text(encoding="utf-8").replace("占 93.2%", "占 95.2%"), encoding="utf-8")
    out = tmp_path / "r.html"
    runner.invoke(app, ["check", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-f", "html", "-o", str(out)])
    page = out.read_text(encoding="utf-8")
    assert '<nav class="toc">' in page and 'href="#doc-0"' in page and 'href="#doc-1"' in page


@pytest.mark.skipif(not PUTUO.exists(), reason="shared corpus not present")
def test_pdf_problems_give_the_page_linked_into_the_pdf(tmp_path):
    out = tmp_path / "sub" / "p.html"
    out.parent.mkdir()
    runner.invoke(app, ["check", str(PUTUO), "-f", "html", "-o", str(out)])
    page = out.read_text(encoding="utf-8")
    wheres = re.findall(r'<span class="where"><a class="pdf" href="([^"#]+)#page=(\d+)">p\.(\d+)</a></span>', page)
    assert wheres and len(wheres) == page.count('<span class="where">')
    assert all(a == b for _, a, b in wheres)  # the link opens the page the card names
    assert all((out.parent / href).resolve() == PUTUO.resolve() for href, _, _ in wheres)  # relative to the report
    # printed to standard output, the report links the PDF by its absolute file URI
    piped = runner.invoke(app, ["check", str(PUTUO), "-f", "html"]).stdout
    assert f'href="{PUTUO.resolve().as_uri()}#page=21"' in piped
    # a text file has lines, not pages: no links
    assert 'class="pdf"' not in runner.invoke(app, ["check", str(SEED), "-f", "html"]).stdout


@pytest.mark.skipif(not PUTUO.exists(), reason="shared corpus not present")
def test_page_links_resolve_to_the_pdf_in_chromium(tmp_path):
    out = tmp_path / "p.html"
    runner.invoke(app, ["check", str(PUTUO), "-f", "html", "-o", str(out)])
    sync_playwright = _playwright()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.goto(out.as_uri())
            first = page.locator("ul.problems li").first.locator(".where a.pdf")
            assert first.inner_text() == "p.21" and first.is_visible()
            assert first.evaluate("a => a.href") == PUTUO.resolve().as_uri() + "#page=21"
            cells = page.locator("ul.problems li").first.locator("table.evidence a.pdf")
            assert cells.count() and all(
                h.startswith(PUTUO.resolve().as_uri() + "#page=") for h in cells.evaluate_all("l => l.map(a => a.href)")
            )
        finally:
            browser.close()


def test_phone_width_no_sideways_scroll_and_the_panel_is_a_sheet(report):
    sync_playwright = _playwright()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            page.goto(report.as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            panel = page.locator("#panel")
            assert not panel.is_visible()  # nothing covers the text until a claim is chosen
            page.locator(f'mark.claim[data-claim="{seed_flagged()["share"]}"]').first.click()
            assert panel.is_visible() and "公开05表" in panel.inner_text()
            box = panel.bounding_box()
            assert box["width"] <= 360 and box["height"] <= 0.5 * 740 and box["y"] >= 740 * 0.5 - 1
            panel.locator("button.close").click()
            assert not panel.is_visible()
            assert page.locator("ul.problems li").first.locator("table.evidence").is_visible()
        finally:
            browser.close()


def test_desktop_links_both_ways_and_print_has_no_panel(report):
    sync_playwright = _playwright()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.goto(report.as_uri())
            top = page.locator("ul.problems li").first
            assert top.bounding_box()["y"] < 900  # visible without scrolling
            top.locator("a.jump").click()
            assert "839" not in page.locator("#panel").inner_text() and "93.1" in page.locator("#panel").inner_text()
            page.locator("#panel a.jump").click()
            assert page.evaluate("location.hash") == "#p0-0"
            page.locator("a.fmark").first.click()
            target = page.evaluate("location.hash")
            assert target.startswith("#p0-") and page.locator(target).is_visible()
            page.emulate_media(media="print")
            assert not page.locator("#panel").is_visible() and not page.locator(".finding-groups").is_visible()
            assert page.locator("ul.problems li").first.is_visible()
        finally:
            browser.close()


def test_interface_labels_are_chinese_first(report):
    page = report.read_text(encoding="utf-8")
    for label in (
        "问题清单",
        "陈述 claims",
        "发现 findings",
        "错误 error",
        "警告 warning",
        "提示 note",
        "尾数 rounding",
    ):
        assert label in page, label
