"""The Excel template pages: the download link, the upload form, and a refused file's problems placed by cell."""

import io

from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zoneatlas.reporting.models import Submission
from zoneatlas.reporting.tests.test_excel import JUNE_18, as_file, fill, filled_values, frozen


def browser(user=None):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def page(report):
    return reverse("reporting:report-excel", kwargs={"pk": report.pk})


def template(user, report):
    response = browser(user).get(reverse("reporting:report-excel-download", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_the_page_offers_the_download_and_the_upload(personas, form_02, django_assert_num_queries):
    developer = browser(personas["developer"])
    developer.get(page(form_02))
    # session, user, grants, the report with its form, zone, province and submission
    with django_assert_num_queries(4):
        html = developer.get(page(form_02)).content.decode()
    assert f'href="/reporting/reports/{form_02.pk}/excel/download/"' in html
    assert 'enctype="multipart/form-data"' in html
    assert browser().get(page(form_02)).status_code == 302
    assert browser(personas["lang_son"]).get(page(form_02)).status_code == 404
    national = browser(personas["national"]).get(page(form_02)).content.decode()
    assert "You may read this report but not file it." in national
    assert 'type="file"' not in national


def test_a_refused_upload_shows_each_problem_by_cell_and_changes_nothing(personas, form_02, monkeypatch):
    frozen(monkeypatch, JUNE_18)
    workbook = fill(
        template(personas["developer"], form_02), 8, {**filled_values(), "leased_land_ha": 39, "workers": "x"}
    )
    response = browser(personas["developer"]).post(page(form_02), {"file": as_file(workbook)})
    assert response.status_code == 400
    html = response.content.decode()
    assert '<p id="excel-refusal">The file has problems (2); nothing was changed.</p>' in html
    assert 'data-rule="CCN02-LEASED-LE-READY" data-cells="G8 H8"' in html
    assert 'data-rule="VALUE" data-cells="O8"' in html
    assert "Leased land exceeds the industrial land ready for lease." in html
    assert not Submission.objects.exists()


def test_a_valid_upload_goes_back_to_the_report_with_a_message(personas, form_02, monkeypatch):
    frozen(monkeypatch, JUNE_18)
    workbook = fill(template(personas["developer"], form_02), 8, filled_values())
    client = browser(personas["developer"])
    response = client.post(page(form_02), {"file": as_file(workbook), "submit": "1"})
    assert (response.status_code, response["Location"]) == (302, f"/reporting/reports/{form_02.pk}/")
    assert Submission.objects.get(expected=form_02).status == "submitted"
    shown = client.get(response["Location"]).content.decode()
    assert "Reports submitted from the file: 1." in shown


def test_the_province_page_names_the_reports_and_links_the_file(personas):
    officer = browser(personas["phu_tho"])
    html = officer.get(reverse("reporting:province-excel") + "?form=CCN-02&period=2026-H1&province=25").content
    assert "Reports open for you to file: 4." in html.decode()
    assert 'href="/reporting/excel/download/?form=CCN-02&amp;period=2026-H1&amp;province=25"' in html.decode()
    refused = officer.get(reverse("reporting:province-excel") + "?form=CCN-02&period=2026-H1&province=20")
    assert refused.status_code == 404
    missing = officer.post(reverse("reporting:province-excel"), {"form": "CCN-02"})
    assert missing.status_code == 400
    assert "Name the form, the period and the province." in missing.content.decode()
