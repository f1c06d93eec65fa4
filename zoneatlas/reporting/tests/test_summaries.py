"""Forms 03 and 04 computed from the registry and the approved form 01/02 reports, each number with its sources.

Phú Thọ for 2026-H1: Phú Thành II and Thanh Nông have approved form 02 reports; Đồng Tâm and Tiên Tiến operate but
have none approved; a cluster was established within the period and another is only planned. Lạng Sơn's Cluster
No. 2 has no approved form 02, so two of its tenants' approved form 01 reports stand in for its results.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from zoneatlas.accounts.tests.conftest import province
from zoneatlas.reporting import services, summaries
from zoneatlas.reporting.models import ExpectedReport
from zoneatlas.reporting.tests.conftest import FORM_02, PHU_THANH
from zoneatlas.zones.models import LifecycleEvent, Zone

VN = ZoneInfo("Asia/Ho_Chi_Minh")
JUNE_18 = dt.datetime(2026, 6, 18, 10, 0, tzinfo=VN)
THANH_NONG = "CCN-25-0002"
# Thanh Nông's form 02 leaves out industrial land: the registry's 35 ha stands in for it.
THANH_NONG_02 = {
    "infra_capital_approved_bn_vnd": "200",
    "infra_capital_disbursed_bn_vnd": "150",
    "industrial_land_ready_ha": "30",
    "leased_land_ha": "21",
    "occupancy_pct": "60",
    "tenant_projects": 5,
    "tenant_projects_fdi": 1,
    "tenant_projects_operating": 5,
    "revenue_bn_vnd": "300",
    "budget_payments_bn_vnd": "10",
    "workers": 600,
    "average_income_mn_vnd": "7.1",
    "wwtp_built": True,
    "wwtp_meets_standard": True,
}
TENANTS_01 = [
    {"revenue_bn_vnd": "10.5", "budget_payments_bn_vnd": "1", "contracted_workers": 100, "average_income_mn_vnd": "6"},
    {"revenue_bn_vnd": "20", "budget_payments_bn_vnd": "2", "contracted_workers": 50, "average_income_mn_vnd": "9"},
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def approve(report, filer, reviewer, values, explanations=None):
    services.submit(report, user=filer, values=values, explanations=explanations, now=JUNE_18)
    services.approve(report, user=reviewer)


def set_zone(code, **fields):
    zone = Zone.objects.get(code=code)
    for name, value in fields.items():
        setattr(zone, name, value)
    zone.save()
    return zone


def new_cluster(code, name, status, on, gross_area_ha):
    zone = Zone.objects.create(
        code=code, kind="cluster", name=name, province=province("25"), status=status, gross_area_ha=gross_area_ha
    )
    LifecycleEvent.objects.create(zone=zone, status=status, effective_on=on)
    return zone


@pytest.fixture
def phu_tho(personas):
    """Phú Thọ's registry and approved reports for 2026-H1, as the module docstring tells."""
    set_zone(PHU_THANH, gross_area_ha=Decimal(75), industrial_land_ha=Decimal(40), developer_type="enterprise")
    set_zone(THANH_NONG, gross_area_ha=Decimal(50), industrial_land_ha=Decimal(35), is_craft_village=True)
    new_cluster("CCN-25-0098", "Cụm công nghiệp Quy hoạch", "planned", dt.date(2025, 3, 1), Decimal(30))
    new_cluster("CCN-25-0099", "Cụm công nghiệp Mới", "established", dt.date(2026, 2, 1), Decimal(20))
    reports = ExpectedReport.objects.filter(form__code="CCN-02", period_label="2026-H1")
    phu_thanh, thanh_nong = reports.get(zone__code=PHU_THANH), reports.get(zone__code=THANH_NONG)
    approve(phu_thanh, personas["developer"], personas["phu_tho"], FORM_02)
    approve(thanh_nong, personas["phu_tho"], personas["phu_tho"], THANH_NONG_02, {"CCN02-OCCUPANCY-PARTS": "Đúng."})
    # Đồng Tâm's report is with the reviewer: not approved, so not counted.
    services.submit(reports.get(zone__code="CCN-25-0003"), user=personas["phu_tho"], values=FORM_02, now=JUNE_18)
    return {"phu_thanh": phu_thanh, "thanh_nong": thanh_nong, "unit": province("25")}


def test_form_04_of_phu_tho_is_computed_row_by_row(phu_tho, django_assert_num_queries):
    # the form and its rows (3), the clusters with their registry facts, form 02's indicator types, the approved
    # form 02 reports, the approved form 01 reports of the clusters without one
    with django_assert_num_queries(7):
        summary = summaries.compute("province", "2026-H1", phu_tho["unit"])
    assert (summary.form.code, summary.period.end, summary.clusters) == ("CCN-04", dt.date(2026, 6, 14), 6)
    assert summary.values() == {
        "clusters_in_plan": 6,
        "plan_area_ha": Decimal("175"),
        "established_clusters": 5,
        "established_area_ha": Decimal("145"),
        "established_in_period": 1,
        "established_in_period_area_ha": Decimal("20"),
        "clusters_with_enterprise_developer": 1,
        "clusters_with_detailed_plan": 4,
        "clusters_with_infra_project": 4,
        "infra_capital_approved_bn_vnd": Decimal("550"),
        "infra_capital_disbursed_bn_vnd": Decimal("440.5"),
        "operating_clusters": 4,
        "operating_craft_village_clusters": 1,
        "operating_specialised_clusters": 0,
        "operating_area_ha": Decimal("125"),
        "operating_industrial_land_ha": Decimal("75"),
        "operating_leased_land_ha": Decimal("55.75"),
        "average_occupancy_pct": Decimal("74.33"),
        "tenant_projects": 17,
        "tenant_projects_fdi": 4,
        "tenant_projects_operating": 15,
        "revenue_bn_vnd": Decimal("1550.5"),
        "budget_payments_bn_vnd": Decimal("55.2"),
        "workers": 2430,
        "average_income_mn_vnd": Decimal("8.23"),  # (8.6 × 1,830 + 7.1 × 600) ÷ 2,430
        "clusters_with_wwtp": 1,
        "clusters_with_wwtp_meeting_standard": 1,
    }
    assert (summary.developer_reports, summary.developer_reports_expected, summary.tenant_stand_ins) == (2, 5, 0)


def test_each_number_drills_down_to_its_reports_and_registry_records(phu_tho):
    summary = summaries.compute("province", "2026-H1", phu_tho["unit"])
    revenue = summary.line("revenue_bn_vnd")
    assert [(s.zone_code, s.form, s.report_id, s.value) for s in revenue.sources] == [
        (PHU_THANH, "CCN-02", phu_tho["phu_thanh"].pk, Decimal("1250.5")),
        (THANH_NONG, "CCN-02", phu_tho["thanh_nong"].pk, Decimal("300")),
    ]
    assert revenue.how == (
        "Sum over the approved form 02 reports; for a cluster whose form 02 is not approved, its tenants' approved "
        "form 01 reports."
    )
    land = summary.line("operating_industrial_land_ha")
    assert [(s.zone_code, s.form, s.field, s.value, s.is_registry) for s in land.sources] == [
        (PHU_THANH, "CCN-02", "industrial_land_ha", Decimal("40"), False),
        (THANH_NONG, "", "industrial_land_ha", Decimal("35.0000"), True),
    ]
    established = summary.line("established_in_period")
    assert [(s.zone_code, s.field, s.value) for s in established.sources] == [("CCN-25-0099", "status", "established")]
    assert established.how == "Registry: clusters with an establishment decision dated within the period."


def test_tenant_reports_stand_in_for_a_missing_developer_report(personas):
    lang_son = personas["lang_son"]
    tenants = ExpectedReport.objects.filter(form__code="CCN-01", period_label="2026-H1").order_by("subject_key")[:2]
    for report, values in zip(tenants, TENANTS_01, strict=True):
        approve(report, lang_son, lang_son, values)
    summary = summaries.compute("province", "2026-H1", province("20"))
    assert (summary.line("revenue_bn_vnd").value, summary.line("workers").value) == (Decimal("30.5"), 150)
    assert summary.line("average_income_mn_vnd").value == Decimal("7.00")  # (6 × 100 + 9 × 50) ÷ 150
    assert summary.line("tenant_projects").value == 0  # counts come from form 02 only
    assert [(s.form, s.report_id, s.subject) for s in summary.line("revenue_bn_vnd").sources] == [
        ("CCN-01", tenants[0].pk, tenants[0].project.name),
        ("CCN-01", tenants[1].pk, tenants[1].project.name),
    ]
    assert summary.tenant_stand_ins == 1


def test_form_03_counts_the_communes_clusters_only(phu_tho):
    commune = Zone.objects.get(code="CCN-25-0004").commune
    summary = summaries.compute("commune", "2026-H1", commune)
    assert (summary.form.code, summary.clusters) == ("CCN-03", 1)
    assert (summary.line("operating_clusters").value, summary.line("revenue_bn_vnd").value) == (1, Decimal(0))


def test_the_national_table_has_a_row_per_province_and_the_total(phu_tho, django_assert_num_queries):
    with django_assert_num_queries(8):  # the same reading as one province, and the provinces' names
        table = summaries.by_province("2026-H1")
    assert [(row.unit.code, row.clusters) for row in table.rows] == [("01", 12), ("20", 1), ("25", 6), ("56", 5)]
    assert table.total.clusters == 24
    assert table.total.line("revenue_bn_vnd").value == Decimal("1550.5")
    assert table.rows[2].values() == summaries.compute("province", "2026-H1", phu_tho["unit"]).values()


def test_a_period_without_the_form_is_refused(demo):
    with pytest.raises(summaries.SummaryError, match="is not a reporting period"):
        summaries.form_and_period("province", "2026-H3")
    with pytest.raises(summaries.SummaryError, match=r"No version of CCN-04 is in force for 2026-Q1\."):
        summaries.form_and_period("province", "2026-Q1")
