"""Who background jobs send to: the lists of ``access`` agree, user by user, with what each user may do.

Reminders and province reports have no request; they ask ``access`` for their recipients and then compute what
each receives as that recipient. A list that named a user who may not read the data would leak it by e-mail.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from zoneatlas.accounts import access
from zoneatlas.accounts.tests.conftest import person, province
from zoneatlas.zones.models import Zone


@pytest.fixture
def everyone(personas):
    """The personas, plus a superuser, an administrator, a commune officer and an IP-board officer of Phú Thọ, a
    Phú Thọ officer whose grant has expired, a user without a grant, and a deactivated Phú Thọ officer."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    users = {
        **personas,
        "superuser": get_user_model().objects.create_superuser("root", "root@example.org", "a-long-test-password"),
        "administrator": person("admin", {"role": "administrator"}),
        "commune": person("commune", {"role": "commune_officer", "province": province("25")}),
        "board": person("board", {"role": "provincial_officer", "agency": "ip_board", "province": province("25")}),
        "expired": person(
            "expired",
            {"role": "provincial_officer", "agency": "doit", "province": province("25"), "valid_to": yesterday},
        ),
        "nobody": person("nobody"),
    }
    inactive = person("gone", {"role": "provincial_officer", "agency": "doit", "province": province("25")})
    inactive.is_active = False
    inactive.save()
    return users


def names(users):
    return sorted(user.username for user in users)


def fresh(user):
    """The user as a background job loads it (no access cached from an earlier question)."""
    return get_user_model().objects.get(pk=user.pk)


def test_the_readers_of_a_zone_are_those_who_read_its_internal_data(everyone):
    phu_thanh = Zone.objects.get(code="CCN-25-0001")
    readers = access.readers_of_zone(phu_thanh)
    assert names(readers) == ["admin", "board", "commune", "developer", "national", "phutho", "root"]
    for user in everyone.values():
        user = fresh(user)
        reads = not access.access_for(user).is_public and access.visible_zones(user).filter(pk=phu_thanh.pk).exists()
        assert (user in readers) == reads, user.username


def test_the_readers_of_a_province(everyone):
    assert names(access.readers_of_province(province("25").pk)) == [
        "admin",
        "board",
        "commune",
        "national",
        "phutho",
        "root",
    ]
    assert names(access.readers_of_province(province("20").pk)) == ["admin", "langson", "national", "root"]


@pytest.mark.parametrize("code", ["CCN-25-0001", "CCN-20-0001"])
def test_editors_and_reporters_agree_with_the_permission_checks(everyone, code):
    zone = Zone.objects.get(code=code)
    editors = access.editors_of_province(zone.province_id, zone.kind)
    reporters = access.reporters_for_zone(zone)
    for user in everyone.values():
        user = fresh(user)
        assert (user in editors) == access.can_edit_province(user, zone.province_id, zone.kind), user.username
        assert (user in reporters) == access.can_report_for_zone(user, zone), user.username
    expected = {"CCN-25-0001": ["phutho", "root"], "CCN-20-0001": ["langson", "root"]}[code]
    assert names(editors) == expected


def test_commune_reporters_and_national_reviewers(everyone):
    phu_tho = province("25").pk
    assert names(access.commune_reporters(phu_tho)) == ["commune", "phutho", "root"]
    assert names(access.national_reviewers()) == ["national", "root"]
    for user in everyone.values():
        user = fresh(user)
        assert (user in access.commune_reporters(phu_tho)) == access.can_report_for_commune(user, phu_tho)
        assert (user in access.national_reviewers()) == access.can_review_national_reports(user)


def test_a_deactivated_user_is_nobody_to_send_to(everyone):
    zone = Zone.objects.get(code="CCN-25-0001")
    for users in (
        access.readers_of_zone(zone),
        access.readers_of_province(zone.province_id),
        access.editors_of_province(zone.province_id, zone.kind),
        access.reporters_for_zone(zone),
        access.commune_reporters(zone.province_id),
    ):
        assert "gone" not in names(users)
