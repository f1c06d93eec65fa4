"""Forms 03 and 04 through the API (as data), the pages (each number linking to its sources) and the exports in the
official layout: XLSX cell values, and a PDF with its Vietnamese text (checked in the HTML it is printed from)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zoneatlas.reporting import exports, summaries
from zoneatlas.reporting.tests.conftest import PHU_THANH
from zoneatlas.reporting.tests.test_summaries import THANH_NONG, phu_tho  # noqa: F401  (the fixture)
from zoneatlas.zones.models import Zone

SUMMARY = reverse("reporting-summary")
SOURCES = reverse("reporting-summary-sources")


def api(user=None):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def browser(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def page(name, *args):
    return reverse(f"reporting:{name}", args=["2026-H1", "province", "25", *args])


def test_the_api_gives_form_04_as_data_with_each_rows_sources(personas, phu_tho, django_assert_num_queries):  # noqa: F811
    officer = api(personas["phu_tho"])
    # the form 04 expected report the user may read, then the computation (7)
    with django_assert_num_queries(8):
        body = officer.get(SUMMARY, {"period": "2026-H1", "province": "25"}).json()
    assert body["form"] == {"code": "CCN-04", "version": 1, "name": phu_tho["unit"].expected_reports.first().form.name}
    assert body["unit"] == {"level": "province", "code": "25", "name": "Tỉnh Phú Thọ"}
    assert (body["clusters"], body["developer_reports"]) == (6, {"approved": 2, "expected": 5})
    revenue = next(row for row in body["rows"] if row["code"] == "revenue_bn_vnd")
    assert revenue == {
        "code": "revenue_bn_vnd",
        "name": "Doanh thu",
        "name_en": "Revenue",
        "section": "Results",
        "unit": "bn VND",
        "value": "1550.5",
        "how": "Sum over the approved form 02 reports; for a cluster whose form 02 is not approved, its tenants' "
        "approved form 01 reports.",
        "sources": 2,
        "drilldown": f"{SOURCES}?period=2026-H1&province=25&indicator=revenue_bn_vnd",
    }
    sources = officer.get(revenue["drilldown"]).json()
    assert [(s["zone"], s["origin"], s["form"], s["report"], s["value"]) for s in sources["sources"]] == [
        (PHU_THANH, "report", "CCN-02", phu_tho["phu_thanh"].pk, "1250.5"),
        (THANH_NONG, "report", "CCN-02", phu_tho["thanh_nong"].pk, "300"),
    ]


def test_who_reads_which_summary(personas, phu_tho):  # noqa: F811
    query = {"period": "2026-H1", "province": "25"}
    assert api().get(SUMMARY, query).status_code == 401
    assert api(personas["lang_son"]).get(SUMMARY, query).status_code == 404
    assert api(personas["developer"]).get(SUMMARY, query).status_code == 404  # a developer reads its zone only
    assert api(personas["national"]).get(SUMMARY, query).status_code == 200
    assert api(personas["phu_tho"]).get(SUMMARY, {"period": "2026-H1"}).json() == {
        "detail": "The national summary is for national officers."
    }
    national = api(personas["national"]).get(SUMMARY, {"period": "2026-H1"}).json()
    assert [row["unit"]["code"] for row in national["provinces"]] == ["01", "20", "25", "56"]
    assert national["total"]["clusters"] == 24
    assert api(personas["national"]).get(SUMMARY, {"period": "2026-H9"}).json() == {
        "period": ["“2026-H9” is not a reporting period: write 2026-H1, 2026 or 2026-Q3"]
    }
    assert api(personas["national"]).get(SUMMARY).json() == {"period": ["Name the period, e.g. 2026-H1."]}
    wrong_row = api(personas["phu_tho"]).get(SOURCES, {**query, "indicator": "nope"})
    assert (wrong_row.status_code, wrong_row.json()) == (400, {"indicator": ["CCN-04 has no row “nope”."]})


def test_the_page_links_each_number_to_its_sources(personas, phu_tho, django_assert_num_queries):  # noqa: F811
    client = browser(personas["phu_tho"])
    client.get(page("summary"))
    with django_assert_num_queries(11):  # session, user, grants, the expected report, the computation (7)
        html = client.get(page("summary")).content.decode()
    assert "<h1>CCN-04 · 2026-H1 · Tỉnh Phú Thọ</h1>" in html
    link = reverse("reporting:summary-sources", args=["2026-H1", "province", "25", "revenue_bn_vnd"])
    assert f'<a href="{link}" title="Where this number comes from">1,550.5</a>' in html
    assert '<dd id="developer-reports">2 / 5</dd>' in html
    sources = client.get(link).content.decode()
    assert f'href="/reporting/reports/{phu_tho["phu_thanh"].pk}/">Approved CCN-02, report no. ' in sources
    assert sources.count('<tr data-zone="') == 2
    vietnamese = browser(personas["phu_tho"], "vi").get(page("summary")).content.decode()
    assert "Doanh thu" in vietnamese
    assert browser().get(page("summary")).status_code == 302
    assert browser(personas["lang_son"]).get(page("summary")).status_code == 404


def test_the_national_page_lists_every_province(personas, phu_tho):  # noqa: F811
    html = browser(personas["national"]).get(reverse("reporting:summaries") + "?period=2026-H1").content.decode()
    assert (
        '<tr data-code="25"><th scope="row"><a href="/reporting/summaries/2026-H1/province/25/">Tỉnh Phú Thọ</a>'
        in html
    )
    mine = browser(personas["phu_tho"]).get(reverse("reporting:summaries")).content.decode()
    assert 'id="national-table"' not in mine
    assert "CCN-04 · Tỉnh Phú Thọ" in mine


def test_the_xlsx_export_has_the_official_layout_and_the_sources(personas, phu_tho):  # noqa: F811
    response = browser(personas["phu_tho"]).get(page("summary-xlsx"))
    assert response["Content-Disposition"] == 'attachment; filename="CCN-04-2026-H1-25.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Mẫu 04", "Nguồn"]
    sheet = workbook["Mẫu 04"]
    assert (sheet["A1"].value, sheet["E1"].value) == ("UBND TỈNH PHÚ THỌ\nSỞ CÔNG THƯƠNG", "Mẫu số 04")
    assert sheet["A3"].value == "BÁO CÁO TỔNG HỢP TÌNH HÌNH CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH"
    assert sheet["A4"].value == "Kỳ báo cáo 2026-H1 (15/12/2025 – 14/06/2026)"
    assert [cell.value for cell in sheet[7]] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Cách tính / nguồn"]
    assert [cell.value for cell in sheet[8]][:2] == ["I", "Quy hoạch"]
    assert [cell.value for cell in sheet[9]][:4] == [1, "Số CCN trong quy hoạch", "clusters", 6]
    rows = {row[1]: row[3] for row in sheet.iter_rows(min_row=8, values_only=True) if isinstance(row[0], int)}
    assert rows["Doanh thu"] == 1550.5
    assert rows["Tỷ lệ lấp đầy bình quân"] == 74.33
    assert rows["Số lao động"] == 2430
    sources = list(workbook["Nguồn"].iter_rows(min_row=2, values_only=True))
    assert ("revenue_bn_vnd", PHU_THANH, "Cụm công nghiệp Phú Thành II", "CCN-02", phu_tho["phu_thanh"].pk) in [
        row[:5] for row in sources
    ]


def test_the_pdf_export_prints_the_vietnamese_form(personas, phu_tho):  # noqa: F811
    summary = summaries.compute("province", "2026-H1", phu_tho["unit"])
    html = exports.summary_html(summary)
    assert "BÁO CÁO TỔNG HỢP TÌNH HÌNH CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH" in html
    assert '<td>Tỷ lệ lấp đầy bình quân</td><td>%</td><td class="number">74,33</td>' in html
    assert 'font-family: "DejaVu Sans"' in html
    document = exports.summary_pdf_document(summary)
    assert len(document.pages) >= 1
    printed = " ".join(text for page in document.pages for text in laid_out_text(page._page_box))
    assert "BÁO CÁO TỔNG HỢP TÌNH HÌNH CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN TỈNH" in printed
    assert "Tỷ lệ lấp đầy bình quân" in printed
    response = browser(personas["phu_tho"]).get(page("summary-pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def laid_out_text(box):
    """The text of a laid-out PDF page, as WeasyPrint placed it (no PDF text extractor is installed)."""
    if isinstance(getattr(box, "text", None), str):
        yield box.text
    for child in getattr(box, "children", None) or []:
        yield from laid_out_text(child)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_summary_page_works_in_both_languages(personas, phu_tho, language):  # noqa: F811
    response = browser(personas["national"], language).get(page("summary"))
    assert response.status_code == 200
    assert ("Doanh thu" if language == "vi" else "Revenue") in response.content.decode()
    assert summaries.compute("province", "2026-H1", phu_tho["unit"]).line("workers").value == 2430
    assert (
        Decimal("74.33") == summaries.compute("province", "2026-H1", phu_tho["unit"]).values()["average_occupancy_pct"]
    )


def test_done_when_form_02_by_excel_returned_fixed_approved_and_in_form_04(personas, form_02, monkeypatch):
    """The issue's demo: Phú Thành II's developer files form 02 with the Excel template, Phú Thọ's DOIT officer
    returns it with a comment, it is fixed (in the same file) and approved, form 04 shows it with its sources and
    completeness still names who is missing; in both languages."""
    from zoneatlas.reporting import services
    from zoneatlas.reporting.models import Submission
    from zoneatlas.reporting.tests.test_excel import JUNE_18, as_file, fill, filled_values, frozen

    frozen(monkeypatch, JUNE_18)
    developer = browser(personas["developer"], "vi")
    excel_page = reverse("reporting:report-excel", kwargs={"pk": form_02.pk})
    download = reverse("reporting:report-excel-download", kwargs={"pk": form_02.pk})
    workbook = fill(load_workbook(io.BytesIO(developer.get(download).content)), 8, filled_values())
    assert developer.post(excel_page, {"file": as_file(workbook), "submit": "1"}).status_code == 302
    services.return_with_comment(form_02, user=personas["phu_tho"], comment="Sổ đăng ký có 2 dự án FDI, không phải 3.")

    again = load_workbook(io.BytesIO(developer.get(download).content))
    assert (again["Báo cáo"]["K8"].value, again["Báo cáo"]["T8"].value) == (3, "Đã trả lại để chỉnh sửa")
    fixed = fill(again, 8, {"tenant_projects_fdi": 2})
    assert developer.post(excel_page, {"file": as_file(fixed), "submit": "1"}).status_code == 302
    services.approve(form_02, user=personas["phu_tho"])
    submission = Submission.objects.get(expected=form_02)
    assert list(submission.events.values_list("action", flat=True)) == [
        "submitted",
        "returned",
        "resubmitted",
        "approved",
    ]

    for language, label in (("vi", "Trong đó: dự án FDI"), ("en", "of which FDI")):
        html = browser(personas["phu_tho"], language).get(page("summary")).content.decode()
        link = reverse("reporting:summary-sources", args=["2026-H1", "province", "25", "tenant_projects_fdi"])
        assert f'<td>{label}</td><td>projects</td><td class="number"><a href="{link}"' in html
        sources = browser(personas["phu_tho"], language).get(link).content.decode()
        assert f'href="/reporting/reports/{form_02.pk}/"' in sources
    body = api(personas["phu_tho"]).get(SUMMARY, {"period": "2026-H1", "province": "25"}).json()
    assert next(row["value"] for row in body["rows"] if row["code"] == "tenant_projects_fdi") == 2
    missing = api(personas["phu_tho"]).get(reverse("reporting-completeness"), {"period": "2026-H1", "province": "25"})
    assert [(row["form"], row["subject"].get("code")) for row in missing.json()["missing"]] == [
        ("CCN-02", "CCN-25-0002"),
        ("CCN-02", "CCN-25-0003"),
        ("CCN-02", "CCN-25-0004"),
        ("CCN-03", "04897"),  # Xã Thịnh Minh, Tiên Tiến's commune
        ("CCN-04", "25"),
    ]


def test_the_national_list_and_a_communes_form_03(personas, phu_tho, django_assert_num_queries):  # noqa: F811
    national = browser(personas["national"])
    national.get(reverse("reporting:summaries") + "?period=2026-H1")
    # session, user, grants, the periods, the national table (8), the units of the scope
    with django_assert_num_queries(13):
        national.get(reverse("reporting:summaries") + "?period=2026-H1")
    commune = Zone.objects.get(code="CCN-25-0004").commune
    form_03 = reverse("reporting:summary", args=["2026-H1", "commune", commune.code])
    html = browser(personas["commune"]).get(form_03).content.decode()
    assert f"<h1>CCN-03 · 2026-H1 · {commune.name}</h1>" in html
    assert '<tr data-code="operating_clusters"><td>12</td><td>Operating clusters</td><td>clusters</td>' in html
    assert browser(personas["lang_son"]).get(form_03).status_code == 404
