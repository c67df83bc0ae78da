"""Browser-test fixtures: Playwright (Python, sync API) driving Debian's Chromium.

Registered from the root ``conftest.py`` through ``pytest_plugins``. Playwright never downloads a
browser here: the tests launch ``/usr/bin/chromium``; ``make test`` installs it (as root) or
deselects the tests marked ``browser`` and says so loudly.

Fixtures:

``browser``
    one Chromium per test session (per xdist worker);
``page``
    a fresh browser context per test with a desktop viewport;
``phone_page``
    the same with a phone viewport (390×844, touch, mobile user agent).

Both pages serve only the test's own server: a request to any other host is aborted and fails
the test (Парта serves every asset itself, see DESIGN.md), and so does an uncaught JavaScript
error. When a test fails, a screenshot of each of its pages is saved in ``test-results/``.

Usage::

    import pytest
    from parta.core.testing.browser import login

    @pytest.mark.browser
    def test_something(page, live_server):
        user = UserFactory.create()
        login(page, live_server.url, user.username)
        page.get_by_role("link", name="Классы").click()

``live_server`` gives the test a transactional database, so data created in the test is visible
to the server thread.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Route

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
DESKTOP_VIEWPORT = {"width": 1366, "height": 768}
PHONE_VIEWPORT = {"width": 390, "height": 844}
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36"
)
#: Milliseconds Playwright waits for an element or a navigation before failing.
DEFAULT_TIMEOUT_MS = 15_000
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
#: Where failing tests leave screenshots, relative to the project root (git-ignored).
RESULTS_DIR = "test-results"


@dataclass
class PageProblems:
    """What went wrong inside the browser while a test ran."""

    external_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run browser tests last: they start Chromium and flush the database between tests."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the item, so page fixtures know whether the test failed."""
    report = yield
    setattr(item, f"parta_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, launched once per session (per xdist worker)."""
    if not CHROMIUM_PATH.exists():
        pytest.fail(
            f"{CHROMIUM_PATH} is missing, so browser tests cannot run. Install Debian's "
            "Chromium (apt-get install chromium) or deselect them with -m 'not browser' "
            "(make test does either for you).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop in this thread, and Django refuses ORM
    # calls when a loop is running unless told that this is safe (it is: the loop is idle while
    # the test code runs). Restored when the session ends.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM_PATH),
                headless=True,
                chromium_sandbox=False,
                args=list(CHROMIUM_ARGS),
            )
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def _watch(context: BrowserContext, page: Page, problems: PageProblems) -> None:
    def only_local(route: Route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            problems.external_requests.append(route.request.url)
            route.abort()

    context.route(re.compile(r".*"), only_local)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.console_errors.append(message.text)

    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("console", console)


def _screenshot_path(request: pytest.FixtureRequest, suffix: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid).strip("_")
    directory = request.config.rootpath / RESULTS_DIR
    directory.mkdir(exist_ok=True)
    return directory / f"{safe[-150:]}-{suffix}.png"


def _open_page(
    browser: Browser, request: pytest.FixtureRequest, suffix: str, **options: Any
) -> Iterator[Page]:
    context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow", **options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    problems = PageProblems()
    _watch(context, page, problems)
    try:
        yield page
        failed = getattr(request.node, "parta_report_call", None)
        if failed is not None and failed.failed:
            page.screenshot(path=str(_screenshot_path(request, suffix)), full_page=True)
    finally:
        context.close()
    messages = []
    if problems.external_requests:
        messages.append(
            "The page requested other hosts (every asset must be served by Парта itself):\n  "
            + "\n  ".join(problems.external_requests)
        )
    if problems.page_errors:
        messages.append(
            "Uncaught JavaScript errors:\n  "
            + "\n  ".join(problems.page_errors)
            + ("\nConsole errors:\n  " + "\n  ".join(problems.console_errors))
        )
    if messages:
        pytest.fail("\n".join(messages), pytrace=False)


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh browser context (own cookies) with a desktop viewport."""
    yield from _open_page(browser, request, "desktop", viewport=DESKTOP_VIEWPORT)


@pytest.fixture
def phone_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh browser context that looks like a phone (390×844, touch)."""
    yield from _open_page(
        browser,
        request,
        "phone",
        viewport=PHONE_VIEWPORT,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=3,
        user_agent=PHONE_USER_AGENT,
    )


def login(page: Page, live_server_url: str, username: str, password: str | None = None) -> None:
    """Log in through the real login page and wait for the page it leads to.

    The password defaults to the one of factory users (``parta-test-pass``). Fails with the
    page's error messages when the login is refused.
    """
    if password is None:
        from parta.core.testing.world import PASSWORD

        password = PASSWORD
    base = live_server_url.rstrip("/")
    page.goto(f"{base}/login/")
    form = page.locator("form:has(input[name='username'])")
    form.locator("input[name='username']").fill(username)
    form.locator("input[name='password']").fill(password)
    with page.expect_navigation(wait_until="load"):
        form.locator("[type='submit']").click()
    if urlsplit(page.url).path.rstrip("/").endswith("/login"):
        errors = page.locator(".errorlist, .errors, [role='alert']").all_inner_texts()
        raise AssertionError(
            f"Login as {username!r} failed; the login page says: {' | '.join(errors) or '?'}"
        )


def stylesheets_loaded(page: Page) -> bool:
    """Whether the page has at least one same-origin stylesheet with rules (so layout checks
    such as `horizontal_overflow` measure the styled page)."""
    return bool(
        page.evaluate(
            "() => [...document.styleSheets].some(sheet => {"
            " try { return sheet.href && sheet.cssRules.length > 0; } catch (e) { return false; }"
            " })"
        )
    )


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when it fits)."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    return max(0, int(overflow))
