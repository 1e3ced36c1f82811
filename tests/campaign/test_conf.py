"""Settings of the campaign app are read at call time, so ``override_settings`` changes them."""

import datetime

from django.test import override_settings

from campaign import conf
from campaign.calendar import build_calendar
from campaign.dates import local

NOON_UTC = datetime.datetime(2027, 5, 3, 12, 0, tzinfo=datetime.UTC)


def test_time_zone_defaults_to_the_site_time_zone():
    assert str(conf.time_zone()) == "Europe/Brussels"
    assert local(NOON_UTC).hour == 14


@override_settings(CAMPAIGN_TIME_ZONE="Europe/Kyiv")
def test_time_zone_of_sessions_is_a_setting():
    assert str(conf.time_zone()) == "Europe/Kyiv"
    assert local(NOON_UTC).hour == 15


@override_settings(WAGTAIL_SITE_NAME="Ons dorp")
def test_calendar_names_the_site():
    assert build_calendar([])["prodid"] == "-//Ons dorp//campaign//NL"


@override_settings(CAMPAIGN_CALENDAR_PRODUCT_ID="-//Gemeente//agenda//NL")
def test_calendar_product_id_is_a_setting():
    assert build_calendar([])["prodid"] == "-//Gemeente//agenda//NL"
