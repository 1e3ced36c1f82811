"""A setting under its old name is no longer read, and the system check says so."""

from django.core import checks
from django.test import override_settings

from forms.public import ratelimit


def renamed_warnings():
    return [
        message
        for message in checks.run_checks(tags=[checks.Tags.compatibility])
        if message.id == "campaign_forms.W004"
    ]


def test_no_warning_when_only_the_new_names_are_set():
    assert renamed_warnings() == []


@override_settings(REGISTRATION_RATE_LIMIT={"posts": 1, "seconds": 600}, REGISTRATION_TRUSTED_PROXIES=1)
def test_an_old_name_is_reported_with_the_new_one():
    warnings = renamed_warnings()
    assert [warning.level for warning in warnings] == [checks.WARNING, checks.WARNING]
    assert "REGISTRATION_RATE_LIMIT" in warnings[0].msg
    assert "CAMPAIGN_FORMS_RATE_LIMIT" in warnings[0].msg
    assert "CAMPAIGN_FORMS_TRUSTED_PROXIES" in warnings[1].msg


@override_settings(REGISTRATION_RATE_LIMIT={"posts": 0, "seconds": 600})
def test_the_old_name_no_longer_limits(rf):
    """Why the warning matters: the limit a site set under the old name is gone."""
    assert ratelimit.allow(rf.post("/"), scope="old-name")
