"""Fixtures for the browser tests: a real server, Debian's chromium, axe-core.

The site runs in a child process on its own throwaway SQLite file, built with the same
commands a newcomer uses (``migrate``, ``load_demo``), with DEBUG off so whitenoise serves the
CSS as in production. It never touches the test database of the other tests.

The fixtures are package-scoped: one server and one browser for all tests in this folder,
closed before the rest of the suite runs (Playwright's event loop must not outlive them).
"""

import itertools
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.browser import csp

BASE_DIR = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT = 30


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    """Run a management command in a child process; fail the tests with its output."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)


def wait_until_serving(url, process, log_path):
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the test server stopped:\n{log_path.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"the test server did not answer {url} in {SERVER_START_TIMEOUT} s:\n{log_path.read_text()}")


@pytest.fixture(scope="package")
def base_url(tmp_path_factory):
    """Serve the demo site at http://127.0.0.1:<free port>; yields that base URL."""
    workdir = tmp_path_factory.mktemp("browser-site")
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        TEST_SQLITE_PATH=str(workdir / "db.sqlite3"),
        TEST_TRUSTED_PROXIES="1",
        PYTHONUNBUFFERED="1",
    )
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    manage(
        env,
        "shell",
        "-c",
        "from tests.browser.organiser_seed import seed; from tests.demo_extras import add_pages_without_sessions;"
        " seed(); add_pages_without_sessions()",
    )
    manage(env, "shell", "-c", "from tests.browser.admin_seed import seed; seed()")

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = workdir / "server.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(f"{url}/nl/", process, log_path)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="package")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM}. `make test` installs it "
            "(target browser-deps); or run as root: apt-get install chromium fonts-noto-core",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def csp_violations(browser, monkeypatch):
    """Every context a test opens reports its Content-Security-Policy violations; any fails it.

    Yields the list they are collected in, so a test can look at them as it goes.
    """
    violations = []
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        csp.watch(context, violations)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield violations
    if violations:
        pytest.fail(f"Content-Security-Policy violations:\n{csp.describe(violations)}", pytrace=False)


# Each test is a visitor of its own for the server's limit on registrations per address: the
# server trusts X-Forwarded-For (TEST_TRUSTED_PROXIES). The IPv6 documentation prefix
# (RFC 3849): only a header value, nothing is sent there.
VISITOR_ADDRESSES = (f"2001:db8::{n + 1:x}" for n in itertools.count())


@pytest.fixture
def page(browser, base_url):
    """A fresh browser context and page; ``page.goto`` takes paths relative to the server."""
    context = browser.new_context(
        base_url=base_url,
        viewport={"width": 1280, "height": 800},
        extra_http_headers={"X-Forwarded-For": next(VISITOR_ADDRESSES)},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


AXE_RUN_ALL_RULES = """async () => {
    const ruleIds = axe.getRules().map(rule => rule.ruleId);
    const rules = Object.fromEntries(ruleIds.map(id => [id, {enabled: true}]));
    const results = await axe.run(document, {resultTypes: ["violations"], rules});
    return {...results, allRuleIds: ruleIds};
}"""


@pytest.fixture(scope="package")
def run_axe():
    """Returns a function that runs axe-core on a page with every rule it ships enabled.

    axe-playwright-python's ``Axe().run`` runs axe's default set, which leaves out the
    experimental rules and a few others (AAA, WCAG 2.2 target size, deprecated ones); naming
    every rule switches them all on, best-practice included. The function returns axe's raw
    results plus ``allRuleIds``, every rule this axe-core knows.
    """
    axe_script = Axe().axe_script

    def run(page):
        if not page.evaluate("typeof window.axe !== 'undefined'"):  # once per page load
            page.evaluate(axe_script)
        return page.evaluate(AXE_RUN_ALL_RULES)

    return run
