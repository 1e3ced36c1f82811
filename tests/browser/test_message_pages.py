"""The organiser's message pages pass axe-core with every rule on: write, preview, read back.

Inside Wagtail's admin chrome, like the dashboard (``test_organiser_pages``); the page's own
Content-Security-Policy check (``csp_violations``) fails the test on any inline handler.
"""

import pytest

from tests.browser.test_organiser_pages import admin_page, describe, open_dashboard  # noqa: F401

pytestmark = pytest.mark.browser

SUBJECT = "Agenda voor de sessie"
ARABIC_SUBJECT = "جدول أعمال الجلسة"


def assert_axe_clean(page, run_axe):
    violations = run_axe(page)["violations"]
    assert [v["id"] for v in violations] == [], describe(violations)


def test_writing_previewing_and_reading_back_a_message_have_no_axe_violations(admin_page, run_axe):  # noqa: F811
    open_dashboard(admin_page)
    admin_page.locator("section[aria-labelledby=dash-messages] a[href$='/messages/']").click()
    admin_page.wait_for_selector("#campaign-message")
    assert_axe_clean(admin_page, run_axe)

    admin_page.locator("select[name=to]").select_option(index=0)  # the whole demo form
    admin_page.select_option("select[name=audience]", "all")
    admin_page.fill("input[name=subject]", SUBJECT)
    admin_page.fill("textarea[name=body]", "Beste allemaal,\nde agenda staat op https://example.org/agenda.")
    arabic = admin_page.locator("details.message-language", has=admin_page.locator("[name=subject_ar]"))
    arabic.locator("summary").click()
    admin_page.fill("input[name=subject_ar]", ARABIC_SUBJECT)
    admin_page.fill("textarea[name=body_ar]", "جدول الأعمال على https://example.org/agenda")
    admin_page.locator("#campaign-message button[type=submit]").click()

    admin_page.wait_for_selector("#campaign-message-preview")
    assert admin_page.locator(".message-subject[lang=ar][dir=rtl]", has_text=ARABIC_SUBJECT).count() == 1
    assert_axe_clean(admin_page, run_axe)

    admin_page.locator("#campaign-message-preview button.button-longrunning").click()
    admin_page.wait_for_selector("#campaign-dashboard")
    admin_page.locator("section[aria-labelledby=dash-messages] a", has_text=SUBJECT).first.click()
    admin_page.wait_for_selector("#campaign-message-detail")
    assert admin_page.locator("#campaign-message-detail [lang=ar]", has_text=ARABIC_SUBJECT).count() == 1
    assert_axe_clean(admin_page, run_axe)
