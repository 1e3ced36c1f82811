"""Staff for the admin browser tests, set up as an administrator would under Settings → Groups.

- An editor (communications staff) in Wagtail's own "Moderators" group: may add, edit and
  publish pages; reads the admin in Dutch.
- A translator for Arabic, as ``manage.py grant_translator ar`` makes one: may open the admin
  and add, edit and publish pages in the Arabic tree only; reads the admin in Dutch.

Run in the test server's database by the ``base_url`` fixture, after ``load_demo``.
Idempotent.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from campaign.translators import translator_group

EDITOR = ("redacteur", "browser-tests-only")
TRANSLATOR = ("vertaler-ar", "browser-tests-only")


def user(username, password, *groups):
    User = get_user_model()
    person = User.objects.filter(username=username).first()
    if person is None:
        person = User.objects.create_user(username, f"{username}@example.org", password)
    person.groups.add(*groups)
    profile = UserProfile.get_for_user(person)
    profile.preferred_language = "nl"
    profile.save()
    return person


def seed():
    user(*EDITOR, Group.objects.get(name="Moderators"))
    user(*TRANSLATOR, translator_group("ar"))
