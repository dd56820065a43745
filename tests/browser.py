"""Headless Chromium for the browser tests: where it is, how it is started, and a skip when it is missing."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Debian's Chromium, without the background connections this closed network refuses."""


def playwright():
    """Playwright's sync API, or a skip naming what is missing (Chromium, or the Python package)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Python package playwright not installed (pip install playwright)")
    return sync_playwright
