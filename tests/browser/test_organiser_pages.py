"""The organiser pages in the admin: dashboard and attendee list pass axe-core, every rule on.

The dashboard lives inside Wagtail's admin chrome (sidebar, header, breadcrumbs); on Wagtail
8.0.1 that page passes every rule as a whole. The admin home does not (Wagtail's own links fail
the enhanced-contrast rule), so there axe is scoped to our panel. The attendee list is our own
document and is checked whole.
"""

import base64
import re

import pytest

from tests.browser import admin
from tests.browser.organiser_seed import NEWCOMER, PASSWORD, USERNAME

pytestmark = pytest.mark.browser


AXE_ALL_RULES_IN = """async (selector) => {
    const rules = Object.fromEntries(axe.getRules().map(rule => [rule.ruleId, {enabled: true}]));
    return await axe.run({include: [selector]}, {resultTypes: ["violations"], rules});
}"""


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[' '.join(n['target']) for n in v['nodes']]}"
        for v in violations
    )


@pytest.fixture
def admin_page(page):
    page.goto("/admin/login/")
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    # Personal data needs the second factor: the authenticator's code, once per session.
    page.goto("/admin/second-factor/?next=/admin/")
    admin.pass_second_factor(page)
    page.wait_for_url("**/admin/")
    return page


def open_dashboard(page):
    page.goto("/admin/dashboards/")
    page.get_by_role("link", name="Over welzijn — Dorp aan zet").first.click()
    page.wait_for_selector("#campaign-dashboard")


def test_dashboard_has_no_axe_violations(admin_page, run_axe):
    open_dashboard(admin_page)
    assert admin_page.locator("#campaign-dashboard table caption").count() >= 5
    # The seed's confirmation that failed every try: warning, table and the button to resend.
    assert admin_page.get_by_role("button", name="Send these e-mails again").count() == 1
    violations = run_axe(admin_page)["violations"]
    assert [v["id"] for v in violations] == [], describe(violations)


def test_open_campaigns_panel_on_the_admin_home_has_no_axe_violations(admin_page, run_axe):
    """Scoped to our panel: Wagtail's own home page (site summary, account links) fails the
    enhanced-contrast rule with its teal links, which this project does not style."""
    panel = "#open-campaigns-section"
    assert admin_page.locator(panel).get_by_role("link", name="Over welzijn — Dorp aan zet").count() == 1
    run_axe(admin_page)  # injects axe-core
    violations = admin_page.evaluate(AXE_ALL_RULES_IN, panel)["violations"]
    assert [v["id"] for v in violations] == [], describe(violations)


def test_attendee_list_has_no_axe_violations(admin_page, run_axe):
    open_dashboard(admin_page)
    admin_page.locator("#campaign-dashboard a[href*='/attendees/']").first.click()
    admin_page.wait_for_selector("#attendee-list")
    assert admin_page.locator("#attendee-list td", has_text="Sami Haddad").count() == 1
    violations = run_axe(admin_page)["violations"]
    assert [v["id"] for v in violations] == [], describe(violations)


def test_attendee_list_prints_on_a4_without_the_links(admin_page):
    open_dashboard(admin_page)
    admin_page.locator("#campaign-dashboard a[href*='/attendees/']").first.click()
    admin_page.wait_for_selector("#attendee-list")
    admin_page.wait_for_load_state("load")  # the stylesheet, whose print rules hide the links
    admin_page.emulate_media(media="print")
    assert not admin_page.locator(".attendees-nav").is_visible()
    assert admin_page.locator("#attendee-list").is_visible()
    pdf = admin_page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")


def test_setting_up_two_step_verification_in_the_browser(page, run_axe):
    """A superuser without an authenticator: the QR code page passes axe, the key it shows
    gives the codes that confirm it, and the dashboard opens afterwards."""
    page.goto("/admin/login/")
    page.fill("input[name=username]", NEWCOMER)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    page.goto("/admin/dashboards/")
    page.wait_for_selector("#second-factor-setup svg")
    violations = run_axe(page)["violations"]
    assert [v["id"] for v in violations] == [], describe(violations)
    key = page.locator("#second-factor-setup figcaption code").inner_text()
    secret = base64.b32decode(re.sub(r"\s", "", key) + "=" * (-len(re.sub(r"\s", "", key)) % 8))
    page.locator("#id_token").fill(admin.authenticator_code(secret.hex()))
    page.locator("#second-factor-setup button[type=submit]").click()
    # count() does not wait: on a loaded machine it ran before the POST's answer had arrived.
    page.wait_for_selector("#second-factor-backup-codes li code")
    assert page.locator("#second-factor-backup-codes li code").count() == 10
    page.locator("#second-factor-backup-codes a.button").click()
    open_dashboard(page)
