"""``manage.py grant_translator <language> <username>``: let someone translate into a language."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale, Page

from campaign.translators import translator_group


class Command(BaseCommand):
    help = (
        'Add a user to the "Translators — <language>" group (created if needed), which may open the '
        "admin and translate, edit and publish the pages of that language. --revoke removes them again."
    )

    def add_arguments(self, parser):
        parser.add_argument("language", help="language code, e.g. ar")
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="remove the user from the group")

    def handle(self, language, username, revoke=False, **options):
        try:
            group = translator_group(language)
        except Locale.DoesNotExist as error:
            codes = ", ".join(Locale.objects.values_list("language_code", flat=True))
            raise CommandError(f"No locale {language!r}; the site has {codes}.") from error
        except Page.DoesNotExist as error:
            raise CommandError(
                f"The {language!r} tree has no home page yet: translate the home page first."
            ) from error
        user = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if revoke:
            user.groups.remove(group)
            self.stdout.write(f"{username} removed from “{group.name}”.")
        else:
            user.groups.add(group)
            self.stdout.write(f"{username} is in “{group.name}”: may translate and publish its pages.")
