"""Strings of other packages that our catalogues in ``locale/`` translate again.

Their own translation is missing in one of our six languages (wagtail-localize ships almost no
Turkish, Wagtail's admin lacks Ukrainian and Turkish strings), wrong (Wagtail's Dutch glues
words to numbers: "1-6van 6pagina's"), or not what we want (Django writes Ukrainian weekdays
with a capital; captcha speaks of "CAPTCHA"). ``LOCALE_PATHS`` comes before every app's own
catalogue, so our translation wins. Listing the msgids here keeps them in the catalogues when
``makemessages`` refreshes them; nothing imports them at run time except the tests.
``borrowed_strings.js`` does the same for the admin's JavaScript strings (domain djangojs).
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Django and django-simple-captcha (see locale/README.md).
BORROWED = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
    gettext_noop("Play CAPTCHA as audio file"),
    gettext_noop("Invalid CAPTCHA"),
]

# Wagtail's and wagtail-localize's admin: missing in a language, or glued to a placeholder.
BORROWED_ADMIN = [
    gettext_noop("%(action)s by <b>%(who)s</b> at <b>%(at)s</b>"),
    gettext_noop('%(editor)s has updated comments on "%(title)s"'),
    gettext_noop('%(editor)s has updated comments on "%(title)s".'),
    gettext_noop("%(related_model_name)s %(field_label)s"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in '<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_noop("%(status_display)s %(task_name)s %(started_at)s"),
    gettext_noop("%(user_name)s has unsaved changes"),
    gettext_noop("%(user_name)s saved a new version"),
    gettext_noop(
        "<{}> tag is not allowed. Strings can only contain standard HTML inline tags (such as <b>, <a>)"
    ),
    gettext_noop("Apply machine translations to the incoming changes."),
    gettext_noop(
        'Apply the updates and publish immediately. The changes will use the original language until translated unless you also select "Use machine translation".'
    ),
    gettext_noop(
        "Apply the updates and publish immediately. The changes will use the original language until translated."
    ),
    gettext_noop(
        "Are you sure you want to convert this page into an alias? This will overwrite the content of the page with the content of '%(source_page_title)s' (%(source_page_locale)s)"
    ),
    gettext_noop("Cancel workflow "),
    gettext_noop("Cannot import PO file that was created for a different translation."),
    gettext_noop(
        "Changes are not automatically applied between translated pages. Syncing will add new content for translation and remove deleted content."
    ),
    gettext_noop("Checks"),
    gettext_noop(
        "Choose a locale to synchronise content from. Any existing and future content authored in the selected locale will be automatically copied to this one."
    ),
    gettext_noop("Convert page to alias"),
    gettext_noop("Convert to alias"),
    gettext_noop("Convert to alias %(title)s"),
    gettext_noop("Convert to alias page"),
    gettext_noop("Converted page '%(title)s' to an alias of the translation source page '%(source_title)s'"),
    gettext_noop("Converted page to an alias of the translation source page"),
    gettext_noop("Copy %(title)s"),
    gettext_noop("Dummy translator"),
    gettext_noop("Editing %(object_type)s %(title)s"),
    gettext_noop("Locale: "),
    gettext_noop("Locking: "),
    gettext_noop("Machine"),
    gettext_noop("Machine translated on {date}"),
    gettext_noop("Manual"),
    gettext_noop("Minimap"),
    gettext_noop(
        "New validation errors were found when publishing '{object}' in {locale}. Please fix them or click publish again to ignore these translations for now."
    ),
    gettext_noop("No translations found."),
    gettext_noop("No, leave it as a page"),
    gettext_noop("Page '{}' has been converted into an alias."),
    gettext_noop("Page visibility: "),
    gettext_noop("Please upload a valid PO file."),
    gettext_noop("Publish immediately"),
    gettext_noop("Published '{object}' in {locale} with missing translations - see below."),
    gettext_noop("Published '{object}' in {locale}."),
    gettext_noop("Restart workflow "),
    gettext_noop('Sorry, there are no matches for "<em>%(search_query)s</em>"'),
    gettext_noop("Source"),
    gettext_noop("Source title"),
    gettext_noop("Start Synced translation"),
    gettext_noop("Status: "),
    gettext_noop("Strings cannot have any HTML tags with attributes (except for 'id' in <a> tags)"),
    gettext_noop("Successfully imported translations from PO File."),
    gettext_noop("Successfully translated with {}."),
    gettext_noop("Successfully updated translations for '{object}'"),
    gettext_noop("Sync translated %(model_name)s"),
    gettext_noop("Sync translated pages"),
    gettext_noop("Sync translated snippets"),
    gettext_noop("Sync translations of '%(title)s'"),
    gettext_noop("Synchronise content from another locale"),
    gettext_noop("Target"),
    gettext_noop(
        "The data model for '{model_name}' has been changed since the last translation sync. If any new fields have been added recently, these may not be visible until the next translation sync."
    ),
    gettext_noop("The last sync date was %(last_sync_date)s. You are about to sync the following:"),
    gettext_noop("The page '{page_title}' was successfully submitted for translation into {locales}"),
    gettext_noop("The {model_name} '{object}' was successfully submitted for translation into {locales}"),
    gettext_noop("There isn't anything left to translate."),
    gettext_noop("This locale cannot be synced into itself."),
    gettext_noop(
        'This page hasn\'t been translated yet. It is mirroring the <a href="%(edit_original_page_url)s" target="_blank">%(original_locale)s page</a>.'
    ),
    gettext_noop("Translate '%(title)s'"),
    gettext_noop("Translated manually on {date}"),
    gettext_noop("Translated with {tool_name} on {date}"),
    gettext_noop("Translation has been restarted."),
    gettext_noop("Translation has been stopped."),
    gettext_noop("Translation of %(instance)s into %(locale)s"),
    gettext_noop("Translations"),
    gettext_noop("Unrecognised id found in an <a> tag: {}"),
    gettext_noop("Up to date"),
    gettext_noop("Update existing translations"),
    gettext_noop("Use machine translation"),
    gettext_noop("Waiting for translations"),
    gettext_noop("Why would I sync my page?"),
    gettext_noop("Yes, convert it"),
    gettext_noop("{} locales"),
]

BORROWED_ADMIN_PLURALS = [
    ngettext_lazy("Include subtree ({} page)", "Include subtree ({} pages)"),
]
