"""Completeness (received ÷ expected) and timeliness (on time ÷ expected) of 2026-H1 per province, commune, zone
and form, computed over the reports each user may read, on the page and by ``completeness.breakdown``.

The demo expects 31 reports for 2026-H1: Hà Nội (01) 4 form 02 and its form 04; Lạng Sơn (20) 11 form 01, 1 form
02, 1 form 03 and its form 04; Phú Thọ (25) 4 form 02, 1 form 03 (Xã Thịnh Minh) and its form 04; Khánh Hòa (56)
5 form 02 and its form 04. Here Phú Thành II's developer submits on time, Phú Thọ's form 04 is submitted late.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from zoneatlas.reporting import completeness, services
from zoneatlas.reporting.models import ExpectedReport
from zoneatlas.reporting.tests.conftest import FORM_02
from zoneatlas.reporting.tests.test_pages import client_for, rows
from zoneatlas.zones.models import Zone

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PAGE = "/reporting/completeness/"
# Form 04 of Phú Thọ as its DOIT officer types it (no rule fails).
FORM_04 = {
    "clusters_in_plan": 4,
    "plan_area_ha": "180",
    "established_clusters": 4,
    "established_area_ha": "180",
    "established_in_period": 0,
    "established_in_period_area_ha": "0",
    "clusters_with_enterprise_developer": 3,
    "clusters_with_detailed_plan": 4,
    "clusters_with_infra_project": 4,
    "infra_capital_approved_bn_vnd": "1200",
    "infra_capital_disbursed_bn_vnd": "800",
    "operating_clusters": 3,
    "operating_craft_village_clusters": 0,
    "operating_specialised_clusters": 1,
    "operating_area_ha": "130",
    "operating_industrial_land_ha": "95",
    "operating_leased_land_ha": "70",
    "average_occupancy_pct": "73.68",
    "tenant_projects": 30,
    "tenant_projects_fdi": 5,
    "tenant_projects_operating": 25,
    "revenue_bn_vnd": "5000",
    "budget_payments_bn_vnd": "150",
    "workers": 6000,
    "average_income_mn_vnd": "8.5",
    "clusters_with_wwtp": 2,
    "clusters_with_wwtp_meeting_standard": 1,
}


@pytest.fixture
def filed(personas, form_02, monkeypatch):
    """Form 02 of Phú Thành II submitted on 18 June; Phú Thọ's form 04 on 2 July (late); today is 26 November."""
    services.submit(form_02, user=personas["developer"], values=FORM_02, now=dt.datetime(2026, 6, 18, 9, tzinfo=VN))
    form_04 = ExpectedReport.objects.get(form__code="CCN-04", period_label="2026-H1", province__code="25")
    services.submit(form_04, user=personas["phu_tho"], values=FORM_04, now=dt.datetime(2026, 7, 2, 9, tzinfo=VN))
    monkeypatch.setattr("django.utils.timezone.now", lambda: dt.datetime(2026, 11, 26, 9, tzinfo=VN))
    return form_04


def counts(shares):
    return [(share.code, share.expected, share.received, share.on_time, share.approved) for share in shares]


def test_the_breakdowns_over_every_report(filed):
    reports = ExpectedReport.objects.filter(period_label="2026-H1")
    assert counts(completeness.breakdown(reports, completeness.PROVINCE)) == [
        ("01", 5, 0, 0, 0),
        ("20", 14, 0, 0, 0),
        ("25", 6, 2, 1, 0),
        ("56", 6, 0, 0, 0),
    ]
    assert counts(completeness.breakdown(reports, completeness.FORM)) == [
        ("CCN-01", 11, 0, 0, 0),
        ("CCN-02", 14, 1, 1, 0),
        ("CCN-03", 2, 0, 0, 0),
        ("CCN-04", 4, 1, 0, 0),
    ]
    phu_tho = completeness.breakdown(reports.filter(province__code="25"), completeness.ZONE)
    assert counts(phu_tho) == [
        ("CCN-25-0001", 1, 1, 1, 0),
        ("CCN-25-0002", 1, 0, 0, 0),
        ("CCN-25-0003", 1, 0, 0, 0),
        ("CCN-25-0004", 1, 0, 0, 0),
    ]
    # Form 03 of Xã Thịnh Minh and form 02 of the cluster the registry places there; form 04 has no commune.
    communes = completeness.breakdown(reports.filter(province__code="25"), completeness.COMMUNE)
    assert [(share.name, share.expected, share.received) for share in communes] == [("Xã Thịnh Minh", 2, 0)]
    total = completeness.overall(reports.filter(province__code="25"))
    assert (total.expected, total.received, total.on_time, total.late, total.missing) == (6, 2, 1, 1, 4)
    assert (total.completeness_pct, total.timeliness_pct) == (Decimal("33.33"), Decimal("16.67"))


def test_an_unknown_dimension_is_refused():
    with pytest.raises(ValueError, match="unknown dimension 'district'"):
        completeness.breakdown(ExpectedReport.objects.none(), "district")


def test_the_national_officer_sees_every_province(personas, filed, django_assert_num_queries):
    national = client_for(personas["national"])
    # Session, user, grants; the periods, provinces and forms in scope; the total; province, commune (2), zone,
    # form; the missing reports.
    with django_assert_num_queries(11):
        response = national.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="2026-H1" selected>2026-H1</option>' in html
    assert '<span class="stat-value" id="completeness-pct">6.45&nbsp;%</span>' in html  # 2 of 31
    assert '<span class="stat-value" id="timeliness-pct">3.23&nbsp;%</span>' in html  # 1 of 31
    assert rows(html, 'rates" data-by="province') == [
        "01 | Thành phố Hà Nội | 5 | 0 | 0 | 0 | 0 | 0 % | 0 %",
        "20 | Tỉnh Lạng Sơn | 14 | 0 | 0 | 0 | 0 | 0 % | 0 %",
        "25 | Tỉnh Phú Thọ | 6 | 2 | 1 | 1 | 0 | 33.33 % | 16.67 %",
        "56 | Tỉnh Khánh Hòa | 6 | 0 | 0 | 0 | 0 | 0 % | 0 %",
    ]
    assert len(rows(html, "missing")) == 29


def test_the_phu_tho_officer_sees_phu_tho_with_its_missing_reporters(personas, filed, django_assert_num_queries):
    officer = client_for(personas["phu_tho"])
    with django_assert_num_queries(11):
        html = officer.get(PAGE + "?period=2026-H1").content.decode()
    assert rows(html, 'rates" data-by="province') == ["25 | Tỉnh Phú Thọ | 6 | 2 | 1 | 1 | 0 | 33.33 % | 16.67 %"]
    commune = Zone.objects.get(code="CCN-25-0004").commune
    assert rows(html, 'rates" data-by="commune') == [f"{commune.code} | Xã Thịnh Minh | 2 | 0 | 0 | 0 | 0 | 0 % | 0 %"]
    assert rows(html, 'rates" data-by="form') == [
        "CCN-02 | Report of a cluster's infrastructure developer (form 02) | 4 | 1 | 1 | 0 | 0 | 25 % | 25 %",
        "CCN-03 | Summary of the industrial clusters of a commune (form 03) | 1 | 0 | 0 | 0 | 0 | 0 % | 0 %",
        "CCN-04 | Summary of the industrial clusters of a province (form 04) | 1 | 1 | 0 | 1 | 0 | 100 % | 0 %",
    ]
    assert [row.split(" | ")[:2] for row in rows(html, "missing")] == [
        ["CCN-02", "Cụm công nghiệp Thanh Nông (CCN-25-0002)"],
        ["CCN-02", "Cụm công nghiệp Đồng Tâm (CCN-25-0003)"],
        ["CCN-02", "Cụm công nghiệp Tiên Tiến (CCN-25-0004)"],
        ["CCN-03", "Xã Thịnh Minh"],
    ]
    assert "Hà Nội" not in html
    assert "Lạng Sơn" not in html


def test_the_developer_sees_its_zone_and_lang_son_does_not_see_phu_tho(personas, filed):
    html = client_for(personas["developer"]).get(PAGE).content.decode()
    assert rows(html, 'rates" data-by="zone') == [
        "CCN-25-0001 | Cụm công nghiệp Phú Thành II | 1 | 1 | 1 | 0 | 0 | 100 % | 100 %"
    ]
    assert "Every expected report has been received." in html
    lang_son = client_for(personas["lang_son"]).get(PAGE).content.decode()
    assert [row.split(" | ")[0] for row in rows(lang_son, 'rates" data-by="province')] == ["20"]
    assert "CCN-25" not in lang_son


def test_filters_and_refusals(personas, filed):
    officer = client_for(personas["phu_tho"])
    html = officer.get(PAGE + "?period=2026-H1&form=CCN-02").content.decode()
    assert rows(html, 'rates" data-by="form') == [
        "CCN-02 | Report of a cluster's infrastructure developer (form 02) | 4 | 1 | 1 | 0 | 0 | 25 % | 25 %"
    ]
    # A period or province outside the user's scope is a form error, not a page of someone else's figures.
    assert officer.get(PAGE + "?period=2031-H1").status_code == 400
    assert officer.get(PAGE + "?period=2026-H1&province=20").status_code == 400
    assert client_for().get(PAGE).status_code == 302
    html = client_for(personas["ip_board"]).get(PAGE).content.decode()  # reads Phú Thọ like the DOIT
    assert [row.split(" | ")[0] for row in rows(html, 'rates" data-by="province')] == ["25"]


def test_someone_without_reports_in_scope_is_told_so(db, demo):
    from zoneatlas.accounts.tests.conftest import person

    html = client_for(person("nobody")).get(PAGE).content.decode()
    assert "No report is expected in your scope." in html
