"""``manage.py grant_organiser <campaign-slug> <username>``: let someone see a campaign's registrations."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from campaign.models import CampaignPage
from campaign.sources import default_locale
from forms.organisers.groups import organiser_group


class Command(BaseCommand):
    help = (
        'Add a user to the "Organisers — <campaign>" group (created if needed), which may open the '
        "admin and view and export the campaign's registrations. --revoke removes them again."
    )

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="slug of the Dutch campaign page")
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="remove the user from the group")

    def handle(self, campaign, username, revoke=False, **options):
        page = CampaignPage.objects.filter(slug=campaign, locale=default_locale()).first()
        if page is None:
            raise CommandError(f"No Dutch campaign page with slug {campaign!r}.")
        user = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        group = organiser_group(page)
        if revoke:
            user.groups.remove(group)
            self.stdout.write(f"{username} removed from “{group.name}”.")
        else:
            user.groups.add(group)
            self.stdout.write(f"{username} is in “{group.name}”: may view and export the registrations.")
