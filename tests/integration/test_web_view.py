"""The web view in a real browser: Debian's chromium driven by playwright against `claimscope serve`.

Screenshots at phone and desktop widths are kept in out/test-artifacts/ (CLAIMSCOPE_ARTIFACTS).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("CLAIMSCOPE_ARTIFACTS", ROOT / "out" / "test-artifacts"))
TOKEN = "browser-test-token"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package (dev extra) is not installed")
pytest.importorskip("fastapi", reason="the serve extra (fastapi, uvicorn) is not installed")

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "CLAIMSCOPE_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [sys.executable, "-m", "claimscope", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"claimscope serve exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("claimscope serve did not answer /healthz in 60 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield instance
        instance.close()


def _settle(page: object) -> None:
    """Let the sandboxed (out-of-process) frame paint before a screenshot."""
    page.wait_for_timeout(600)  # type: ignore[attr-defined]


def test_web_view_pastes_the_seed_article_and_shows_the_dossier(
    server: str, browser: object, seed_text: str, tmp_path: Path
) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.on("console", lambda msg: page_errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server + "/")

    # keyboard: the skip link first, then the form's fields in order, each with a visible focus ring
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "brand"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "url"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "text"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    sync_api.expect(page.locator("#token-field")).to_be_visible()
    page.fill("#token", TOKEN)
    page.fill("#text", seed_text)
    page.click("#submit")
    sync_api.expect(page.locator("#status progress")).to_be_visible()
    sync_api.expect(page.locator("#status-text")).to_contain_text(re.compile(r"Step \d of \d: [a-z]"))
    assert int(page.locator("#progress").get_attribute("max") or 0) >= 5  # stage progress, not only a spinner
    page.screenshot(path=str(ARTIFACTS / "web-view-progress.png"))

    frame = page.frame_locator("#dossier")
    sync_api.expect(frame.locator("#claims")).to_be_visible(timeout=180_000)
    assert re.search(r"/a/[0-9a-f]{16}$", page.url)
    sync_api.expect(page.locator("#status")).to_be_hidden()

    for css in (".m.claim", ".m.cue", ".m.src", ".m.ent", ".m.tech, .ptag", ".m.claim.st-unconfirmed"):
        assert frame.locator(css).count() > 0, css
    for panel in ("#overview", "#text", "#claims", "#sources", "#entities", "#techniques", "#embeds", "#removed"):
        sync_api.expect(frame.locator(panel)).to_be_visible()
    sync_api.expect(frame.locator("#sources")).to_contain_text("Lekolin")
    sync_api.expect(frame.locator("#techniques")).to_contain_text("Name Calling")
    tip = frame.locator(".m.cue").first.get_attribute("data-tip") or ""
    assert tip.startswith("Cue for")
    # the report's own script runs in the sandboxed frame: a highlight toggle works
    frame.locator('.toggles input[data-layer="claim"]').uncheck()
    assert "no-claim" in (frame.locator("body").get_attribute("class") or "")
    frame.locator('.toggles input[data-layer="claim"]').check()
    # the frame grows to its content, so the page scrolls as one document; its links scroll the page
    assert page.evaluate("document.getElementById('dossier').getBoundingClientRect().height") > 1500
    page.evaluate("window.scrollTo(0, 0)")
    frame.locator("ul.strong a").last.click()
    deadline = time.monotonic() + 10  # polled: the page's CSP forbids wait_for_function's eval
    while page.evaluate("window.scrollY") <= 300 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert page.evaluate("window.scrollY") > 300

    with page.expect_download() as download_info:
        page.click('[data-download="stix"]')
    bundle = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert bundle["type"] == "bundle"
    assert any(
        ref["source_name"] == "DISARM"
        for o in bundle["objects"]
        if o["type"] == "attack-pattern"
        for ref in o["external_references"]
    )
    with page.expect_download() as download_info:
        page.click('[data-download="md"]')
    assert download_info.value.suggested_filename.endswith(".md")

    page.evaluate("window.scrollTo(0, 0)")
    _settle(page)
    page.screenshot(path=str(ARTIFACTS / "web-view-desktop.png"))
    page.evaluate("window.scrollTo(0, 900)")
    _settle(page)
    page.screenshot(path=str(ARTIFACTS / "web-view-desktop-text.png"))

    # the permalink in a phone-sized window: same dossier, nothing wider than the screen
    permalink = page.url
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    mobile = phone.new_page()
    mobile.goto(server + "/")
    mobile.evaluate(f"sessionStorage.setItem('claimscope-token', {json.dumps(TOKEN)})")
    mobile.goto(permalink)
    mobile_frame = mobile.frame_locator("#dossier")
    sync_api.expect(mobile_frame.locator("#claims")).to_be_visible(timeout=60_000)
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    assert mobile_frame.locator("html").evaluate("e => e.scrollWidth") <= 392
    sync_api.expect(mobile.locator("#analyze")).to_be_hidden()
    _settle(mobile)
    mobile.screenshot(path=str(ARTIFACTS / "web-view-phone.png"))
    mobile.evaluate("window.scrollTo(0, 1500)")
    _settle(mobile)
    mobile.screenshot(path=str(ARTIFACTS / "web-view-phone-text.png"))
    mobile.click("#new-analysis")
    sync_api.expect(mobile.locator("#analyze")).to_be_visible()
    assert mobile.url == server + "/"
    _settle(mobile)
    mobile.screenshot(path=str(ARTIFACTS / "web-view-phone-form.png"))
    phone.close()
    context.close()
    assert not page_errors, page_errors


def test_web_view_reports_a_wrong_token(server: str, browser: object) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "/")
    page.fill("#token", "wrong")
    page.fill("#url", "http://169.254.169.254/latest/meta-data/")
    page.click("#submit")
    sync_api.expect(page.locator("#error")).to_contain_text("E701")
    page.fill("#token", TOKEN)
    page.click("#submit")
    sync_api.expect(page.locator("#error")).to_contain_text("E112")
    context.close()
