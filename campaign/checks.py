"""System checks of the campaign app that need the database (run by ``migrate`` and by
``manage.py check --database default``)."""

from django.core import checks
from django.db import DatabaseError

MAX_LISTED = 10


@checks.register(checks.Tags.database)
def check_page_tree(app_configs=None, databases=None, **kwargs):
    """Report pages whose child count is wrong, so their children answer 404.

    Left over from translations made before ``campaign.tree`` repaired them (wagtail-localize
    issue 773); ``manage.py fixtree`` corrects the counts.
    """
    if not databases:
        return []
    from campaign.tree import find_wrong_child_counts

    try:
        wrong = find_wrong_child_counts()
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    if not wrong:
        return []
    listed = ", ".join(f"page {pk} (counts {stored}, has {real})" for pk, stored, real in wrong[:MAX_LISTED])
    more = f" and {len(wrong) - MAX_LISTED} more" if len(wrong) > MAX_LISTED else ""
    return [
        checks.Warning(
            f"{len(wrong)} page(s) have a wrong child count, so visitors and the admin explorer "
            f"do not find their subpages: {listed}{more}.",
            hint="Run `python manage.py fixtree` to repair the page tree.",
            id="campaign.W001",
        )
    ]
