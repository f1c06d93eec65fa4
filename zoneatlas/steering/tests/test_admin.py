"""The back office keeps to the access rules: staff see the obstacles and meetings of their scope only."""

from __future__ import annotations

from zoneatlas.steering.models import Obstacle
from zoneatlas.steering.tests.conftest import DIEN_THO, PHU_THANH, client_for


def test_the_back_office_lists_and_changes_only_what_the_officer_may(personas):
    for user in personas.values():
        user.is_staff = True
        user.save()
    khanh_hoa, lang_son = client_for(personas["khanh_hoa"]), client_for(personas["lang_son"])
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="planning")

    mine = khanh_hoa.get("/admin/steering/obstacle/").content.decode()
    theirs = lang_son.get("/admin/steering/obstacle/").content.decode()

    assert "Cụm công nghiệp Diên Thọ" in mine
    assert PHU_THANH not in mine
    assert "Cụm công nghiệp Diên Thọ" not in theirs
    assert lang_son.get(f"/admin/steering/obstacle/{obstacle.pk}/change/").status_code == 302  # does not exist for them
    assert (
        client_for(personas["lang_son"])
        .get("/admin/steering/steeringmeeting/")
        .content.decode()
        .count("Hội nghị đối thoại")
        == 0
    )
    before = (obstacle.description, obstacle.history.count())
    lang_son.post(f"/admin/steering/obstacle/{obstacle.pk}/change/", {"description": "Đổi"})
    obstacle.refresh_from_db()
    assert (obstacle.description, obstacle.history.count()) == before
