"""Compiles the apps' translation catalogues into the wheel.

The ``.mo`` files are build products, git-ignored like every compiled file, so a wheel built
from a fresh checkout would otherwise ship ``.po`` files only and speak English to everyone.
polib compiles them (no GNU gettext needed), as ``make messages`` does for the site.
"""

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

APPS = ("campaign", "forms")


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version, build_data):
        import polib

        for app in APPS:
            for po_path in sorted(Path(self.root, app, "locale").glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                build_data["artifacts"].append(mo_path.relative_to(self.root).as_posix())
