"""Wagtail's default moderation workflow gets a Dutch name.

Wagtail creates it in English ("Moderators approval"), so a Dutch editor's button read
"Stuur door naar Moderators approval". Only the untouched default names are renamed.
"""

from django.db import migrations

NAMES = [("Moderators approval", "Goedkeuring door moderatoren")]


def rename(apps, pairs):
    for model_name in ("Task", "Workflow"):
        model = apps.get_model("wagtailcore", model_name)
        for old, new in pairs:
            model.objects.filter(name=old).update(name=new)


def to_dutch(apps, schema_editor):
    rename(apps, NAMES)


def to_english(apps, schema_editor):
    rename(apps, [(new, old) for old, new in NAMES])


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial"), ("wagtailcore", "0048_add_default_workflows")]

    operations = [migrations.RunPython(to_dutch, to_english)]
