"""The HTML report in a real headless Chromium: highlights visible, the panel shows evidence.

Skipped unless Debian's chromium (/usr/bin/chromium) and the Python
``playwright`` package are installed (``apt-get install -y chromium`` and
``pip install playwright``; never ``playwright install``: it downloads browsers).
Set NARRCHECK_SCREENSHOT_DIR to keep the screenshot.
"""

from __future__ import annotations

from seedclaims import seed_flagged  # noqa: E402
import os
import shutil
from pathlib import Path

from browser import ARGS, CHROMIUM
from browser import playwright as _playwright

SEED = Path(__file__).resolve().parent.parent / "corpus" / "yanbian-shebao-2024.txt"


def test_report_in_chromium(tmp_path):
    sync_playwright = _playwright()
    from narrcheck.pipeline import check
    from narrcheck.render import html

    report = tmp_path / "report.html"
    report.write_text(html.render([check(str(SEED))]), encoding="utf-8")
    shot = tmp_path / "report.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(report.as_uri())
            marks = page.locator("mark.claim.v-rounding")
            ids = sorted(set(marks.evaluate_all("ms => ms.map(m => m.dataset.claim)")))
            assert ids == seed_flagged()["ids"].split(",")
            for i in range(marks.count()):
                m = marks.nth(i)
                assert m.is_visible()
                bg = m.evaluate("m => getComputedStyle(m).backgroundColor")
                assert bg not in ("transparent", "rgba(0, 0, 0, 0)"), bg
            target = page.locator(f'mark.claim.v-rounding[data-claim="{seed_flagged()["cell"]}"]').first
            target.scroll_into_view_if_needed()
            target.click()
            panel = page.locator("#panel")
            assert "839.55" in panel.inner_text()
            assert "公开05表" in panel.inner_text()
            assert panel.locator("table.evidence").is_visible()
            # the verdict filter removes the highlight
            page.locator('input.filter[data-verdict="rounding"]').uncheck()
            bg = target.evaluate("m => getComputedStyle(m).backgroundColor")
            assert bg in ("transparent", "rgba(0, 0, 0, 0)"), bg
            page.locator('input.filter[data-verdict="rounding"]').check()
            target.click()
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert shot.stat().st_size > 0
    keep = os.environ.get("NARRCHECK_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / "narrcheck-report.png")
