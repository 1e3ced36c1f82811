"""The README's settings table and the two apps' ``conf`` modules name the same settings."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ = re.compile(r'getattr\(settings, "([A-Z_]+)"')


def read_settings(app):
    return set(READ.findall((ROOT / app / "conf.py").read_text(encoding="utf-8")))


def readme_table():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Settings of the extension", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z_]+)`", row.split("|")[1])}


def test_each_app_has_one_prefix():
    assert all(
        name.startswith("CAMPAIGN_") and not name.startswith("CAMPAIGN_FORMS_")
        for name in read_settings("campaign")
    )
    assert all(name.startswith("CAMPAIGN_FORMS_") for name in read_settings("forms"))


def test_the_readme_table_lists_every_setting_and_no_other():
    assert readme_table() == read_settings("campaign") | read_settings("forms")


def test_settings_are_read_only_through_conf():
    """Outside ``conf.py`` the apps read only Django's and Wagtail's settings, never their own."""
    own = re.compile(r"settings\.(CAMPAIGN_[A-Z_]+)|getattr\(settings, \"(CAMPAIGN_[A-Z_]+)\"")
    stray = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for app in ("campaign", "forms")
        for path in (ROOT / app).rglob("*.py")
        if path.name != "conf.py"
        for match in own.finditer(path.read_text(encoding="utf-8"))
    ]
    assert stray == []
