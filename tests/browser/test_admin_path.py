"""The whole job in the admin, as people click it: an editor builds, a translator translates.

An editor who reads the admin in Dutch builds a campaign with a theme, a session and a
registration form in Wagtail's page editor and starts its Arabic translation with its subpages
("Vertaal deze pagina", wagtail-localize's own view). The Arabic translator translates every
segment in wagtail-localize's translation editor and publishes each page. A visitor then opens
the Arabic pages (200, right to left, Arabic text) and registers; the organiser exports the
registration. The second test changes the Dutch form's options and syncs the translation.

Before the tree repair (``campaign.tree``), the Arabic theme and form of such a campaign
answered 404 once published (wagtail-localize issue 773).

The tests share the campaign they build, in file order.
"""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from . import admin
from .admin_seed import EDITOR, TRANSLATOR
from .organiser_seed import PASSWORD as ORGANISER_PASSWORD
from .organiser_seed import USERNAME as ORGANISER
from .test_registration import captcha_answer, site_db  # noqa: F401  (site_db is a fixture)

pytestmark = pytest.mark.browser

CAMPAIGN, THEME, FORM = "Samen sterk", "Armoede", "Inschrijven"
CAMPAIGN_URL = "/{language}/samen-sterk/"
ARABIC = {
    CAMPAIGN: "معًا أقوى",
    "Dorp aan zet #samen": "Dorp aan zet #معًا",
    "SAMEN!": "معًا!",
    "Denk mee over het sociaal beleid van onze gemeente.": "فكّروا معنا في السياسة الاجتماعية لبلديتنا.",
    THEME: "الفقر",
    "Hoe bereiken en versterken we mensen in armoede?": "كيف نصل إلى الناس في الفقر ونقوّيهم؟",
    "Online via Teams": "عبر الإنترنت على Teams",
    FORM: "التسجيل",
    "Naam": "الاسم",
    "E-mailadres": "البريد الإلكتروني",
    "Welk moment past u?": "أي موعد يناسبكم؟",
    "Ik kom als": "أشارك بصفتي",
    "inwoner": "من السكان",
    "iemand van een organisatie": "شخص من منظمة",
    "Ik ga akkoord met de privacyverklaring.": "أوافق على بيان الخصوصية.",
}
STATE = {}


@pytest.fixture
def browser_page(browser, base_url):
    """``browser_page(username)``: a logged-in staff page; all are closed after the test."""
    contexts = []

    def open_page(username, password=None):
        page = admin.staff_page(browser, base_url, username, password)
        contexts.append(page.context)
        return page

    yield open_page
    for context in contexts:
        context.close()


def build_campaign(page):
    """The editor: a campaign, a theme with one session, and a form, each published."""
    admin.explore(page, "Herent doet mee")
    admin.add_child_page(page, "Campagnepagina")
    page.fill("#id_title", CAMPAIGN)
    page.fill("#id_hashtag", "Dorp aan zet #samen")
    page.fill("#id_tagline", "SAMEN!")
    page.fill("#id_intro", "Denk mee over het sociaal beleid van onze gemeente.")
    admin.publish(page)
    assert "gepubliceerd" in admin.success_message(page)

    admin.row_action(page, CAMPAIGN, "Voeg onderliggende pagina toe")
    page.get_by_role("link", name="Themapagina", exact=True).click()
    page.fill("#id_title", THEME)
    page.fill("#id_summary", "Hoe bereiken en versterken we mensen in armoede?")
    page.get_by_role("button", name="Voeg sessie toe").click()
    tops = page.evaluate(
        "() => ['start', 'end'].map(n => document.getElementById(`id_sessions-0-${n}`).getBoundingClientRect().top)"
    )
    assert tops[0] == tops[1], "Begin and Einde are not aligned"
    admin.set_datetime(page, "#id_sessions-0-start", "2027-05-03 19:00")
    admin.set_datetime(page, "#id_sessions-0-end", "2027-05-03 21:00")
    page.fill("#id_sessions-0-capacity", "5")
    page.fill("#id_sessions-0-meeting_url", "https://teams.example.org/armoede-geheim")
    page.fill("#id_sessions-0-note", "Online via Teams")
    admin.publish(page)
    assert "gepubliceerd" in admin.success_message(page)

    admin.explore(page, "Herent doet mee", CAMPAIGN)
    admin.add_child_page(page, "Inschrijvingsformulier")
    page.fill("#id_title", FORM)
    name = admin.add_form_field(page, "singleline", "Naam", required=True)
    assert admin.shown_settings(page, name) == {"purpose", "required"}
    page.select_option(f"#id_form_fields-{name}-purpose", "name")
    admin.add_form_field(page, "email", "E-mailadres", required=True)
    sessions = admin.add_form_field(page, "sessions", "Welk moment past u?", required=True)
    assert admin.shown_settings(page, sessions) == {"multiple", "required"}
    assert not page.locator(f"#id_form_fields-{sessions}-multiple").is_checked()
    role = admin.add_form_field(page, "radio", "Ik kom als")
    assert admin.shown_settings(page, role) == {"choices", "required"}
    admin.add_choice(page, role, "inwoner")
    admin.add_choice(page, role, "iemand van een organisatie")
    consent = admin.add_form_field(page, "consent", "Ik ga akkoord met de privacyverklaring.")
    assert admin.shown_settings(page, consent) == {"link_page"}
    admin.choose_page(page, consent, "Herent doet mee", "Privacyverklaring")
    lead_time = page.locator("#id_reminder_lead_time")
    assert lead_time.input_value() == "24:00"
    admin.publish(page)
    assert "gepubliceerd" in admin.success_message(page)


def start_translation(page, language_name):
    """The editor: "Translate this page" on the campaign, with its subpages."""
    admin.explore(page, "Herent doet mee")
    admin.row_action(page, CAMPAIGN, "Vertaal deze pagina")
    page.get_by_label(language_name, exact=True).check()
    page.get_by_label(re.compile("Neem onderliggende")).check()
    page.get_by_role("button", name="Verzenden").click()
    assert "vertaald" in admin.success_message(page)


def translate_and_publish(page, title):
    """The translator opens the page from the explorer, translates every segment, publishes."""
    page.get_by_role("link", name=title, exact=True).first.click()
    # wagtail-localize writes these in English or glued ("Publiceer inArabisch") on its own.
    expect(page.locator(".js-translation-editor h3").first).to_have_text(
        "Vertaling van het Nederlands naar het Arabisch"
    )
    expect(page.get_by_role("button", name="Publiceer in het Arabisch", exact=True)).to_be_visible()
    todo = admin.untranslated_segments(page)
    directions = admin.translate_segments(page, {nl: ARABIC[nl] for nl in todo})
    assert directions == {"rtl"}, "Arabic is typed right to left"
    left = admin.untranslated_segments(page)
    assert left == [], f"{title}: untranslated segments {left}"
    admin.publish_translation(page)
    assert "gepubliceerd" in admin.success_message(page)


def register_as_visitor(browser, base_url, site_db, email):  # noqa: F811
    context = browser.new_context(base_url=base_url, locale="ar")
    page = context.new_page()
    for path, heading in [
        (CAMPAIGN_URL, ARABIC[CAMPAIGN]),
        (CAMPAIGN_URL + "armoede/", ARABIC[THEME]),
        (CAMPAIGN_URL + "inschrijven/", ARABIC[FORM]),
    ]:
        response = page.goto(path.format(language="ar"))
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.dir") == "rtl"
        expect(page.locator("main h1")).to_have_text(heading)
    expect(page.get_by_text(ARABIC["Welk moment past u?"])).to_be_visible()
    page.get_by_label(ARABIC["Naam"]).fill("سامي حداد")
    page.get_by_label(ARABIC["E-mailadres"]).fill(email)
    page.locator("input[name=welk-moment-past-u]").first.check()
    page.get_by_label(ARABIC["inwoner"]).check()
    page.get_by_label(ARABIC["Ik ga akkoord met de privacyverklaring."]).check()
    page.locator("#id_captcha_1").fill(captcha_answer(page, site_db))
    page.locator("form.registration-form button.button--primary").click()
    page.wait_for_url("**/thank-you/?r=*")
    context.close()


def export_csv(page, form_title):
    """The organiser: Registrations → the code from the authenticator → the form → Export CSV."""
    page.goto("/admin/")
    page.locator("#wagtail-sidebar").get_by_role("link", name="Inschrijvingen").click()
    admin.pass_second_factor(page)  # personal data: the authenticator's code first
    page.locator("tbody tr").filter(has_text=form_title).filter(has_text=CAMPAIGN).get_by_role(
        "link"
    ).first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV downloaden", exact=True).click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_editor_builds_and_translator_translates_a_campaign(browser, browser_page, base_url, site_db):  # noqa: F811
    editor = browser_page(EDITOR[0])
    build_campaign(editor)
    start_translation(editor, "Arabisch")

    translator = browser_page(TRANSLATOR[0])
    admin.explore(translator, "هيرنت تشارك")
    translate_and_publish(translator, CAMPAIGN)  # a new translation keeps the Dutch title until translated
    admin.explore(translator, "هيرنت تشارك", ARABIC[CAMPAIGN])
    translate_and_publish(translator, THEME)
    admin.explore(translator, "هيرنت تشارك", ARABIC[CAMPAIGN])
    translate_and_publish(translator, FORM)

    register_as_visitor(browser, base_url, site_db, "sami.haddad@example.org")

    organiser = browser_page(ORGANISER, ORGANISER_PASSWORD)
    rows = export_csv(organiser, FORM)
    (row,) = [r for r in rows if "sami.haddad@example.org" in r.values()]
    assert "ar" in row.values()
    assert "inwoner" in row.values()  # the Dutch label of the option chosen in Arabic
    STATE["campaign_built"] = True


def test_renamed_and_added_options_reach_the_translation_and_old_answers(browser, browser_page, base_url):
    """The editor renames an option and adds one, then syncs: old answers follow the new label."""
    if not STATE.get("campaign_built"):
        pytest.skip("needs the campaign of the first test")
    editor = browser_page(EDITOR[0])
    admin.explore(editor, "Herent doet mee", CAMPAIGN)
    editor.get_by_role("link", name=FORM, exact=True).first.click()
    role = admin.field_row(editor, 3)
    expect(role.locator("#id_form_fields-3-label")).to_have_value("Ik kom als")
    role.locator("[data-contentpath=choices] input[type=text]").first.fill("inwoner van Herent")
    admin.add_choice(editor, 3, "iemand van de pers")
    admin.publish(editor)
    assert "gepubliceerd" in admin.success_message(editor)

    admin.explore(editor, "Herent doet mee", CAMPAIGN)
    admin.row_action(editor, FORM, "Synchroniseer vertaalde pagina's")
    editor.get_by_label("Direct publiceren").check()
    editor.get_by_role("button", name="Verzenden").click()
    admin.success_message(editor)

    context = browser.new_context(base_url=base_url, locale="ar")
    visitor = context.new_page()
    visitor.goto(CAMPAIGN_URL.format(language="ar") + "inschrijven/")
    options = visitor.locator("fieldset").filter(has_text=ARABIC["Ik kom als"]).locator("label")
    # The untouched option keeps its Arabic text; the new and the renamed one show in Dutch
    # until the translator translates them (the number and order of options follow Dutch).
    expect(options).to_have_text(
        ["inwoner van Herent", ARABIC["iemand van een organisatie"], "iemand van de pers"]
    )
    context.close()

    rows = export_csv(browser_page(ORGANISER, ORGANISER_PASSWORD), FORM)
    (row,) = [r for r in rows if "sami.haddad@example.org" in r.values()]
    assert "inwoner van Herent" in row.values()
