"""Real browser tests: Playwright driving Debian's Chromium.

Without Chromium they are skipped with a loud reason on a developer's machine,
and fail under CI=true or REQUIRE_BROWSER=1, so CI can never pass without them.
"""

import importlib
import os
from pathlib import Path

import axe_playwright_python
import pytest

from tests.conftest import PASSWORD, totp_code

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Transactional tests flush the database after each test, taking the themes the
    data migration seeded with them; put them back."""
    from coaching.models import Theme

    seeded = importlib.import_module("coaching.migrations.0002_seed_themes")
    for position, (slug, name) in enumerate(seeded.THEMES):
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


def _browser_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium"
        if _browser_required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Playwright's own default. A shorter wait once failed a full run on this 2-core
# machine, waiting for a button that was there; a page that is wrong still fails.
WAIT_MS = 30_000


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    yield page
    context.close()


def sign_in(page, live_server, login: str):
    """Sign in through the real form; staff then give their second factor."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or email").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()
    if "/2fa/authenticate/" in page.url:
        give_code(page)


def give_code(page):
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page. evaluate() works under our nonce-based CSP."""
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    return [
        {"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
