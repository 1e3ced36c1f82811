"""What a person does in the Wagtail admin, as small steps for the admin browser tests.

Each step clicks and types what an editor or translator sees (labels of the Dutch admin),
so the tests go through Wagtail's and wagtail-localize's own views and scripts.
"""

import re
import time

from django_otp.oath import TOTP
from playwright.sync_api import expect

from .admin_seed import EDITOR, TRANSLATOR
from .organiser_seed import OTP_KEY

PASSWORD = {EDITOR[0]: EDITOR[1], TRANSLATOR[0]: TRANSLATOR[1]}


def staff_page(browser, base_url, username, password=None):
    """A browser page logged in as ``username``, reading the admin in Dutch (a Belgian browser)."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, locale="nl-BE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.locator("#id_password").fill(password or PASSWORD[username])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/admin/")
    return page


# The last time step whose code was used: the server takes each code once, and one step either
# side of the current one (OTP_TOTP_TOLERANCE).
USED_STEP = {"last": -1}


def authenticator_code(key=OTP_KEY, step=30):
    """What the organiser's authenticator app shows: a code not used yet, waiting if need be."""
    now = int(time.time()) // step
    use = max(now, USED_STEP["last"] + 1)
    if use > now + 1:
        time.sleep((use - 1) * step - time.time() + 0.5)
    USED_STEP["last"] = use
    totp = TOTP(bytes.fromhex(key), step=step)
    totp.time = use * step
    return f"{totp.token():06d}"


def pass_second_factor(page, code=None):
    """The code entry the admin asks for before personal data; back where the page was going."""
    page.wait_for_url("**/admin/second-factor/**")
    page.locator("#id_token").fill(code or authenticator_code())
    page.locator("#second-factor-verify button[type=submit]").click()


def success_message(page):
    messages = page.locator(".messages .success")
    expect(messages.first).to_be_visible()
    return messages.first.inner_text()


EXPLORE_LINK = re.compile(r"^/admin/pages/\d+/$")


def explorer_row(page, title):
    return page.locator("tbody tr").filter(has=page.get_by_role("link", name=title, exact=True))


def explore(page, *titles):
    """Open the page explorer and walk down through the pages with these titles (their arrows)."""
    page.goto("/admin/pages/")
    for title in titles:
        if page.locator("header h1").first.inner_text().strip().endswith(title):
            continue  # the explorer starts here for someone who may only edit this part
        row = explorer_row(page, title)
        hrefs = row.locator("a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
        (href,) = [h for h in hrefs if h and EXPLORE_LINK.match(h)]
        row.locator(f"a[href='{href}']").click()
        page.wait_for_url(f"**{href}")


def row_action(page, title, action):
    """Choose an action from the "…" menu of a page's row in the explorer."""
    explorer_row(page, title).get_by_role("button").first.click()
    page.locator("[data-w-dropdown-target=content]:visible").get_by_role("link", name=action).click()


def add_child_page(page, page_type):
    """In the explorer of a page: "add child page", then the page type."""
    page.get_by_role("link", name="Voeg onderliggende pagina toe").first.click()
    page.get_by_role("link", name=page_type, exact=True).click()


def publish(page):
    """The editor's footer: open the menu next to "Save draft" and choose "Publish"."""
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)  # date pickers closed
    page.locator("footer [data-w-dropdown-target=toggle]").first.click()
    page.get_by_role("button", name="Publiceren", exact=True).click()
    page.wait_for_load_state()


def set_datetime(page, selector, value):
    """Type a date and time, then leave the field with Tab, which closes its picker.

    The picker opens a moment after the field gets focus: wait for it, or it would open for a
    field already left.
    """
    page.fill(selector, value)
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    page.locator(selector).press("Tab")
    expect(page.locator(selector)).to_have_value(value)


def add_form_field(page, field_type, label, required=False):
    """Add a row to the form's fields; returns its index."""
    page.get_by_role("button", name="Voeg veld toe").click()
    n = int(page.locator("#id_form_fields-TOTAL_FORMS").input_value()) - 1
    page.select_option(f"#id_form_fields-{n}-field_type", field_type)
    page.fill(f"#id_form_fields-{n}-label", label)
    if required:
        page.check(f"#id_form_fields-{n}-required")
    return n


def field_row(page, n):
    return page.locator(f"#inline_child_form_fields-{n}")


def shown_settings(page, n):
    """The type-dependent settings the editor shows for field row ``n``."""
    row = field_row(page, n)
    return {
        name
        for name in ("choices", "purpose", "multiple", "link_page", "required")
        if row.locator(f"[data-contentpath={name}]").is_visible()
    }


def add_choice(page, n, text):
    row = field_row(page, n)
    row.locator("[data-contentpath=choices] .c-sf-add-button").last.click()
    row.locator("[data-contentpath=choices] input[type=text]").last.fill(text)


def choose_page(page, n, *path):
    """The consent field's "Choose a page": walk the chooser down ``path`` and pick the last."""
    field_row(page, n).locator("[data-contentpath=link_page]").get_by_role(
        "button", name="Kies een pagina"
    ).click()
    modal = page.locator(".modal-content")
    for title in path[:-1]:
        modal.locator("tr").filter(has_text=title).locator("a[href*='/choose-page/']").last.click()
    modal.get_by_role("link", name=path[-1], exact=True).click()
    expect(field_row(page, n).locator("[data-contentpath=link_page]")).to_contain_text(path[-1])


def translate_segments(page, translations):
    """In wagtail-localize's translation editor: translate each untranslated segment.

    ``translations`` maps the Dutch text of a segment to its translation. Returns the text
    direction of the boxes the translator typed in.
    """
    editor = page.locator(".js-translation-editor")
    expect(editor.get_by_role("button").first).to_be_visible()
    directions = set()
    for source, text in translations.items():
        segment = editor.locator("li.incomplete, li.complete").filter(
            has=page.locator("p", has_text=re.compile(f"^{re.escape(source)}$"))
        )
        segment.get_by_role("button", name="Vertaal").click()
        box = segment.locator("textarea")
        directions.add(box.get_attribute("dir"))
        box.fill(text)
        segment.get_by_role("button", name="Opslaan").click()
        expect(segment.get_by_role("button", name="Bewerk")).to_be_visible()
    return directions


def untranslated_segments(page):
    editor = page.locator(".js-translation-editor")
    expect(editor.locator("li.incomplete, li.complete").first).to_be_visible()
    return [li.locator("p").first.inner_text() for li in editor.locator("li.incomplete").all()]


def publish_translation(page):
    page.get_by_role("button", name=re.compile("^Publiceer in")).click()
    page.wait_for_load_state()
