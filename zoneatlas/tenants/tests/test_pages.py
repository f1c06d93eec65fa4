"""The tenant pages: /projects/ (the API's filters, sorting, paging, totals, HTMX), /investors/, a project's page,
what each persona reads there, and the links that lead to them."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.test import Client

from zoneatlas.accounts.tests.conftest import personas  # noqa: F401 (a fixture)
from zoneatlas.tenants import pages
from zoneatlas.tenants.models import Investor, Project, ProjectResult
from zoneatlas.tenants.tests.conftest import make_project
from zoneatlas.zones.models import Zone

DONG_BANH = "KCN-20-0001"
PHU_THANH = "CCN-25-0001"
CONTACT = "Ông A, 0987 000 111"
ROW = re.compile(r'<tr data-(?:project|investor)="(\d+)">')


def text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def listed(response) -> list[str]:
    """The English names of the projects listed (or the names of the investors), in the order shown."""
    ids = [int(pk) for pk in ROW.findall(response.content.decode())]
    if b'data-investor="' in response.content:
        names = dict(Investor.objects.filter(pk__in=ids).values_list("pk", "name"))
    else:
        names = dict(Project.objects.filter(pk__in=ids).values_list("pk", "name_en"))
    return [names[pk] for pk in ids]


@pytest.fixture
def en_client() -> Client:
    return Client(headers={"accept-language": "en"})


def client_of(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def phu_tho_project(personas):  # noqa: F811
    """A Phú Thọ project of a new investor with an internal contact, and a second project of that investor in
    Lạng Sơn: the Lạng Sơn officer reads the investor through the second project only."""
    investor = Investor.objects.create(name="Công ty Phú Thọ (thử)", tax_code="0100109106", contact=CONTACT)
    project = make_project(
        Zone.objects.get(code=PHU_THANH),
        investor,
        "Dự án Phú Thành",
        ("registered", dt.date(2024, 2, 1)),
        name_en="Phu Thanh project",
        registered_capital=Decimal("50000000000"),
        registered_currency="VND",
        registered_rate_date=dt.date(2024, 2, 1),
        actual_jobs=70,
        note="Internal note about the project",
    )
    make_project(
        Zone.objects.get(code=DONG_BANH),
        investor,
        "Kho Đồng Bành",
        ("registered", dt.date(2024, 3, 1)),
        name_en="Dong Banh warehouse",
        registered_capital=Decimal("10000000000"),
        registered_currency="VND",
        registered_rate_date=dt.date(2024, 3, 1),
    )
    return project


# The project list ---------------------------------------------------------------------------------------------


def test_the_list_shows_the_twenty_demo_projects_with_their_totals(en_client, demo, django_assert_num_queries):
    # The count, the page of projects (zone, investor, rates and source joined), the totals and the provinces of
    # the filter form: four queries.
    with django_assert_num_queries(4):
        response = en_client.get("/projects/")

    assert response.status_code == 200
    page = text(response.content.decode())
    assert "20 projects" in page
    assert (
        "Projects 20 Foreign-invested 2 (10 %) Investors 20 Registered capital 2,892,400,000,000 VND "
        "≈ 127,796,734 USD Jobs 3,022 of 3,518 planned"
    ) in page
    assert "Sums over the 20 projects the filters select (every page; 20 synthetic), terminated ones included" in page
    assert "This list holds illustrative records made up for the demo" in page
    assert len(listed(response)) == 20
    # By zone, then name: Hợp Thành's eleven first.
    assert listed(response)[:2] == ["Unfired brick plant", "Animal feed mill"]


def test_a_row_says_who_where_what_and_the_rate_used(en_client, demo):
    response = en_client.get(f"/projects/?zone={DONG_BANH}&fdi=true")

    assert listed(response) == ["Electronic components plant"]
    body = response.content.decode()
    row = text(body[body.index('<tr data-project="') :])
    assert row.startswith(
        "Nhà máy linh kiện điện tử synthetic Electronic components plant "
        "Hanil Components Co., Ltd. (illustrative) FDI synthetic Country: KR "
        "KCN-20-0001 Khu công nghiệp Đồng Bành "
        "VSIC 2018 26100: Sản xuất linh kiện điện tử "
        "Operating since 01/11/2020 "
        "20,000,000 USD = 464,000,000,000 VND at 23,200 VND/USD, rate of 15/05/2019 "
        "17.2 600 of 650 planned"
    )
    assert f'href="/zones/{DONG_BANH}/tenants/"' in body
    project = Project.objects.get(name_en="Electronic components plant")
    assert f'href="/projects/{project.pk}/"' in body
    assert 'title="illustrative yearly rate (synthetic demo data)"' in body


def test_the_query_count_does_not_grow_with_the_rows(en_client, demo, django_assert_num_queries):
    with django_assert_num_queries(4):
        few = en_client.get(f"/projects/?zone={DONG_BANH}&status=operating")
    assert listed(few) == ["Electronic components plant", "Cement plant"]
    # Nothing selected: no page of rows to read.
    with django_assert_num_queries(3):
        none = en_client.get("/projects/?q=nothing-matches")
    assert "No project matches these filters." in text(none.content.decode())


def test_the_filters_are_the_apis(en_client, demo):
    for query in (
        "fdi=true",
        f"zone={DONG_BANH}&status=operating",
        "vsic_version=2018&vsic=1621&ordering=-capital",
        "province=20&status=registered&status=approved",
        "q=Hong+Phong",
        "synthetic=false",
    ):
        api = en_client.get(f"/api/v1/projects/?{query}").json()["results"]
        page = en_client.get(f"/projects/?{query}")
        assert listed(page) == [project["name_en"] for project in api], query
    assert listed(en_client.get("/projects/?vsic_version=2018&vsic=1621&ordering=-capital")) == [
        "Plywood mill",
        "Wood processing workshop",
    ]
    assert listed(en_client.get("/projects/?province=20&status=registered&status=approved")) == [
        "Fruit processing plant",
        "Logistics centre",
    ]
    assert listed(en_client.get("/projects/?synthetic=false")) == []
    assert listed(en_client.get("/projects/?province=25")) == []


def test_the_totals_follow_the_filters(en_client, demo):
    page = text(en_client.get(f"/projects/?zone={DONG_BANH}").content.decode())
    assert (
        "Projects 4 Foreign-invested 1 (25 %) Investors 4 Registered capital 1,700,000,000,000 VND "
        "≈ 75,347,041 USD Jobs 990 of 1,350 planned"
    ) in page


def test_sorting_keeps_the_filters_and_puts_unknown_values_last_both_ways(en_client, demo):
    zone = Zone.objects.get(code=DONG_BANH)
    Project.objects.create(zone=zone, investor=Investor.objects.create(name="X"), name="Zeta", name_en="No capital")

    ascending = listed(en_client.get(f"/projects/?zone={DONG_BANH}&ordering=capital"))
    descending = en_client.get(f"/projects/?zone={DONG_BANH}&ordering=-capital")

    assert ascending == [
        "Logistics centre",
        "Fruit processing plant",
        "Electronic components plant",
        "Cement plant",
        "No capital",
    ]
    assert listed(descending) == [
        "Cement plant",
        "Electronic components plant",
        "Fruit processing plant",
        "Logistics centre",
        "No capital",
    ]
    html_text = descending.content.decode()
    assert 'aria-sort="descending"' in html_text
    # The next click on the column sorts the other way, keeping the filter; the order travels with the form.
    assert f'href="/projects/?zone={DONG_BANH}&amp;ordering=capital"' in html_text
    assert '<input type="hidden" name="ordering" value="-capital" form="project-filters">' in html_text
    # Three state no jobs yet: they come last both ways, by name.
    assert listed(en_client.get(f"/projects/?zone={DONG_BANH}&ordering=-jobs")) == [
        "Electronic components plant",
        "Cement plant",
        "Fruit processing plant",
        "Logistics centre",
        "No capital",
    ]
    assert listed(en_client.get(f"/projects/?zone={DONG_BANH}&ordering=jobs")) == [
        "Cement plant",
        "Electronic components plant",
        "Fruit processing plant",
        "Logistics centre",
        "No capital",
    ]


def test_pages_of_results_keep_the_query_count(en_client, demo, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(pages, "PAGE_SIZE", 6)
    first = en_client.get("/projects/?province=20")
    assert "Page 1 of 4" in text(first.content.decode())
    assert 'href="/projects/?province=20&amp;page=2"' in first.content.decode()
    with django_assert_num_queries(4):
        last = en_client.get("/projects/?province=20&page=4")
    assert len(listed(last)) == 2
    # The totals are those of the whole selection, not of the page.
    assert "Projects 20" in text(last.content.decode())


def test_an_htmx_request_gets_only_the_results(en_client, demo, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = en_client.get(f"/projects/?zone={DONG_BANH}", headers={"hx-request": "true"})

    body = response.content.decode()
    assert body.lstrip().startswith('<section id="project-results"')
    assert "<html" not in body
    assert 'id="project-filters"' not in body
    assert len(listed(response)) == 4
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("status=dreaming", "Select a valid choice. dreaming is not one of the available choices."),
        ("investor=abc", "Enter a number."),
        ("vsic_version=1999", "Select a valid choice. 1999 is not one of the available choices."),
        ("ordering=salary", "Select a valid choice. salary is not one of the available choices."),
    ],
)
def test_a_bad_filter_value_is_reported_next_to_the_form_and_ignored(en_client, demo, query, message):
    response = en_client.get(f"/projects/?zone={DONG_BANH}&{query}")

    assert response.status_code == 200
    assert f'<div class="errors" role="alert"><p>{message}</p></div>' in response.content.decode()
    assert len(listed(response)) == 4  # the filter that can be read still applies


def test_a_bad_filter_value_leaves_the_order_asked_for(en_client, demo):
    response = en_client.get(f"/projects/?zone={DONG_BANH}&status=dreaming&ordering=-capital")

    assert listed(response) == [
        "Cement plant",
        "Electronic components plant",
        "Fruit processing plant",
        "Logistics centre",
    ]
    assert 'aria-sort="descending"' in response.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(en_client, demo):
    assert len(listed(en_client.get("/projects/?page=99"))) == 20
    assert len(listed(en_client.get("/projects/?page=abc"))) == 20


def test_vietnamese_numbers_on_the_vietnamese_page(demo):
    page = text(Client(headers={"accept-language": "vi"}).get(f"/projects/?zone={DONG_BANH}").content.decode())
    assert "1.700.000.000.000 VND" in page
    assert "20.000.000 USD = 464.000.000.000 VND" in page


# Who reads what -----------------------------------------------------------------------------------------------


def test_the_lang_son_officer_neither_reads_nor_lists_nor_exports_a_phu_tho_project(personas, phu_tho_project):  # noqa: F811
    lang_son = client_of(personas["lang_son"])

    assert lang_son.get(f"/projects/{phu_tho_project.pk}/").status_code == 404
    listing = lang_son.get("/projects/")
    assert "Phu Thanh project" not in listed(listing)
    assert PHU_THANH not in listing.content.decode()
    assert "21 projects" in text(listing.content.decode())  # the 20 demo projects and the investor's Đồng Bành one
    assert lang_son.get("/projects/?province=25").content.decode().count('data-project="') == 0
    export = lang_son.get("/projects/export/?format=csv").content.decode("utf-8-sig")
    assert "Dự án Phú Thành" not in export
    assert PHU_THANH not in export
    assert lang_son.get(f"/projects/?zone={PHU_THANH}").content.decode().count('data-project="') == 0


def test_the_phu_tho_officer_and_the_public_read_it(personas, phu_tho_project, en_client):  # noqa: F811
    phu_tho = client_of(personas["phu_tho"])
    assert listed(phu_tho.get("/projects/")) == ["Phu Thanh project"]
    assert phu_tho.get(f"/projects/{phu_tho_project.pk}/").status_code == 200
    # The public reads every zone's projects, but never an internal field.
    public = en_client.get(f"/projects/{phu_tho_project.pk}/")
    assert public.status_code == 200
    assert CONTACT not in public.content.decode()
    assert "Internal note about the project" not in public.content.decode()
    official = text(phu_tho.get(f"/projects/{phu_tho_project.pk}/").content.decode())
    assert f"Investor contact (internal) {CONTACT}" in official
    assert "Note (internal) Internal note about the project" in official


def test_an_investor_counts_only_the_projects_the_reader_reads(personas, phu_tho_project, en_client):  # noqa: F811
    investor = phu_tho_project.investor

    def row(client) -> str:
        body = client.get("/investors/?tax_code=0100109106").content.decode()
        start = body.index(f'<tr data-investor="{investor.pk}">')
        return text(body[start : body.index("</tr>", start)])

    assert row(client_of(personas["national"])) == (
        "Công ty Phú Thọ (thử) Country: VN Enterprise 0100109106 2 60,000,000,000 VND ≈ 2,412,836 USD " + CONTACT
    )
    # Lạng Sơn's officer reads the investor through its Đồng Bành project only, and its contact (an official).
    assert row(client_of(personas["lang_son"])) == (
        "Công ty Phú Thọ (thử) Country: VN Enterprise 0100109106 1 10,000,000,000 VND ≈ 402,139 USD " + CONTACT
    )
    assert (
        row(en_client) == "Công ty Phú Thọ (thử) Country: VN Enterprise 0100109106 2 60,000,000,000 VND ≈ 2,412,836 USD"
    )
    assert "Contact (internal)" not in en_client.get("/investors/").content.decode()


def test_an_investor_with_projects_only_in_phu_tho_is_not_listed_for_lang_son(personas):  # noqa: F811
    investor = Investor.objects.create(name="Chỉ ở Phú Thọ")
    Project.objects.create(zone=Zone.objects.get(code=PHU_THANH), investor=investor, name="Dự án")

    assert "Chỉ ở Phú Thọ" not in client_of(personas["lang_son"]).get("/investors/").content.decode()
    assert "Chỉ ở Phú Thọ" in client_of(personas["phu_tho"]).get("/investors/").content.decode()


# The investor list --------------------------------------------------------------------------------------------


def test_the_investor_list_filters_like_the_api(en_client, demo, django_assert_num_queries):
    # The count, the page of investors, and their projects' counts and capital (one grouped query).
    with django_assert_num_queries(3):
        response = en_client.get("/investors/?fdi=true")

    assert listed(response) == [
        "Guangxi Border Trade Machinery Co. (illustrative)",
        "Hanil Components Co., Ltd. (illustrative)",
    ]
    page = text(response.content.decode())
    assert "2 investors" in page
    assert (
        "Hanil Components Co., Ltd. (illustrative) FDI synthetic Country: KR Enterprise – 1 "
        "464,000,000,000 VND ≈ 20,000,000 USD"
    ) in page
    for query in ("fdi=true", f"zone={DONG_BANH}", "country=CN", "q=Cao+Loc", "synthetic=false"):
        api = [investor["name"] for investor in en_client.get(f"/api/v1/investors/?{query}").json()["results"]]
        assert listed(en_client.get(f"/investors/?{query}")) == sorted(api), query
    with django_assert_num_queries(3):
        everyone = en_client.get("/investors/")
    assert len(listed(everyone)) == 20


def test_the_investor_list_links_to_the_investors_projects(en_client, demo):
    hanil = Investor.objects.get(country="KR")
    body = en_client.get("/investors/?country=KR").content.decode()
    assert f'href="/projects/?investor={hanil.pk}"' in body
    projects = en_client.get(f"/projects/?investor={hanil.pk}")
    assert listed(projects) == ["Electronic components plant"]
    assert "Only the projects of one investor." in text(projects.content.decode())


def test_an_htmx_request_gets_only_the_investor_results(en_client, demo, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = en_client.get("/investors/?country=CN", headers={"hx-request": "true"})
    assert response.content.decode().lstrip().startswith('<section id="investor-results"')
    assert listed(response) == ["Guangxi Border Trade Machinery Co. (illustrative)"]


# A project ----------------------------------------------------------------------------------------------------


def test_a_project_page_shows_its_history_capital_lease_results_and_source(en_client, demo, django_assert_num_queries):
    plywood = Project.objects.get(name_en="Plywood mill")
    # The project (zone, investor, rates and source joined), its status history, leases and results.
    with django_assert_num_queries(4):
        response = en_client.get(f"/projects/{plywood.pk}/")

    assert response.status_code == 200
    body = response.content.decode()
    page = text(body)
    assert "This project's records (or some of them) are illustrative" in page
    assert "Status history Date Status Note Source 01/02/2016 Registered – synthetic-tenants" in page
    assert "01/08/2017 Operating – synthetic-tenants" in page
    assert (
        "Registered capital 180,000,000,000 VND 180,000,000,000 8,053,691.28 "
        "22,350 VND/USD, rate of 01/04/2016 "
        "(illustrative yearly rate (synthetic demo data); valid 01/01/2016 – 31/12/2016)"
    ) in page
    assert "Disbursed capital – – – not stated" in page
    assert "HP-01 synthetic Industrial land 22 01/04/2016 – Handed over" in page
    # Revenue, exports, budget contribution, production value (not reported), workers, average income.
    assert (
        "Results reported Period Revenue (VND) Exports (USD) Budget contribution (VND) Industrial production value "
        "(VND) Workers Average income (VND/month) 2020 synthetic 01/01/2020 – 31/12/2020 310,000,000,000 9,500,000 "
        "12,000,000,000 – 210 6,800,000"
    ) in page
    assert 'href="/sources/synthetic-tenants/"' in body
    assert f'href="/zones/{plywood.zone.code}/tenants/"' in body


def test_a_project_page_costs_the_same_with_more_records(en_client, demo, django_assert_num_queries):
    plywood = Project.objects.get(name_en="Plywood mill")
    for year in (2021, 2022, 2023):
        ProjectResult.objects.create(
            project=plywood, period_label=str(year), period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31)
        )
    with django_assert_num_queries(4):
        assert en_client.get(f"/projects/{plywood.pk}/").status_code == 200


def test_an_unknown_project_is_not_found(en_client, demo):
    assert en_client.get("/projects/999999/").status_code == 404


# Links --------------------------------------------------------------------------------------------------------


def test_the_navigation_the_zone_tenants_page_and_the_province_page_lead_here(en_client, demo):
    home = en_client.get("/projects/").content.decode()
    assert '<a href="/projects/" aria-current="page">Projects</a>' in home
    tenants = en_client.get(f"/zones/{DONG_BANH}/tenants/").content.decode()
    assert f'href="/projects/?zone={DONG_BANH}"' in tenants
    cement = Project.objects.get(name_en="Cement plant")
    assert f'href="/projects/{cement.pk}/"' in tenants
    assert 'href="/projects/?province=20"' in en_client.get("/provinces/20/").content.decode()
