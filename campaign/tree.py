"""Keeping the page tree's child counts true when wagtail-localize translates a subtree.

Wagtail finds a page's children only when the page's ``numchild`` says it has some. When a
translator uses "Translate" with *include subtree*, wagtail-localize creates the translated
campaign, then its translated themes and form under it (each raising the campaign's count in
the database), and then publishes the campaign from the copy it still holds in memory, which
counted no children: ``numchild = 0`` is written back, the translated themes and form answer
404 and disappear from the admin explorer while shown as live (wagtail-localize issues 773
and 873). Any save of a page from an out-of-date copy does the same.

So after every save of a page, its count is compared with its real children and corrected in
the same transaction: one indexed query per page save (editors' work, never a visitor's
request), and a second only when the count was wrong.

``find_wrong_child_counts`` reports damage left from before this repair existed; the system
check in ``campaign.checks`` shows it and ``manage.py fixtree`` repairs it.
"""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from wagtail.models import Page


def children_of(page):
    return Page.objects.filter(path__startswith=page.path, depth=page.depth + 1)


def repair_child_count(page):
    """Write the page's true number of children if the stored one is wrong; return it."""
    real = children_of(page).count()
    if page.numchild != real:
        Page.objects.filter(pk=page.pk).update(numchild=real)
        page.numchild = real
    return real


def on_page_saved(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page) or not instance.path:
        return
    repair_child_count(instance)


def find_wrong_child_counts():
    """``[(page id, stored count, real count)]`` of every page whose ``numchild`` is wrong."""
    children = (
        Page.objects.filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
        .order_by()
        .values("depth")
        .annotate(n=Count("pk"))
        .values("n")
    )
    real = Coalesce(Subquery(children, output_field=IntegerField()), 0)
    return list(
        Page.objects.annotate(real=real)
        .exclude(numchild=F("real"))
        .order_by("path")
        .values_list("pk", "numchild", "real")
    )
