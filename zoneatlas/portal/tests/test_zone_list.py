"""The zone list: the API's filters, sorting and paging, HTMX fragments, and exports of exactly the rows shown."""

import csv
import io
import json

from openpyxl import load_workbook

from zoneatlas.portal.tests.helpers import listed_codes
from zoneatlas.zones.models import Zone

PHU_THO = ["CCN-25-0001", "CCN-25-0002", "CCN-25-0003", "CCN-25-0004"]


def test_the_list_shows_every_demo_zone_on_two_pages(en_client, demo, django_assert_num_queries):
    # Given 26 demo zones and 25 a page, when a visitor opens the list
    # then: count, zones page, prefetched occupancy and plants, and the province choices of the filter form.
    with django_assert_num_queries(5):
        response = en_client.get("/zones/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="result-count" role="status">26 zones</h2>' in html
    codes = listed_codes(html)
    assert len(codes) == 25
    assert codes[:2] == ["CCN-01-0001", "CCN-01-0002"]
    assert "Page 1 of 2" in html
    assert listed_codes(en_client.get("/zones/?page=2").content.decode()) == ["KKT-20-0001"]


def test_the_query_count_does_not_grow_with_the_page(en_client, demo, django_assert_num_queries):
    with django_assert_num_queries(5):
        en_client.get("/zones/?page=2")


def test_filtering_by_province_lists_exactly_its_four_clusters(vi_client, demo):
    html = vi_client.get("/zones/?province=25").content.decode()

    assert listed_codes(html) == PHU_THO
    assert '<h2 id="result-count" role="status">4 khu, cụm</h2>' in html
    assert "86,87&nbsp;%" in html
    assert "Cụm công nghiệp" in html
    assert 'href="/zones/export/?province=25&amp;format=csv"' in html


def test_the_filters_are_the_apis(en_client, demo):
    assert listed_codes(en_client.get("/zones/?has_wwtp=true").content.decode()) == ["CCN-25-0001"]
    assert listed_codes(en_client.get("/zones/?occupancy_min=50&occupancy_max=90").content.decode()) == [
        "CCN-25-0001",
        "CCN-25-0002",
        "KCN-20-0001",
    ]
    assert listed_codes(en_client.get("/zones/?kind=park").content.decode()) == [
        "KCN-20-0001",
        "KCN-20-0002",
        "KCN-20-0003",
    ]
    assert listed_codes(en_client.get("/zones/?status=stalled&kind=cluster").content.decode()) == [
        "CCN-56-0001",
        "CCN-56-0002",
        "CCN-56-0003",
    ]
    assert listed_codes(en_client.get("/zones/?search=Phu+Thanh").content.decode()) == ["CCN-25-0001"]


def test_sorting_keeps_the_filters_and_marks_the_column(en_client, demo):
    html = en_client.get("/zones/?occupancy_min=50&ordering=-occupancy").content.decode()

    assert listed_codes(html) == ["CCN-20-0001", "CCN-25-0001", "KCN-20-0001", "CCN-25-0002"]
    assert 'aria-sort="descending"' in html
    # The next click on the column sorts the other way, keeping the filter.
    assert 'href="/zones/?occupancy_min=50&amp;ordering=occupancy"' in html
    # The chosen order travels with the filter form, so a later filter change keeps it.
    assert '<input type="hidden" name="ordering" value="-occupancy" form="zone-filters">' in html
    assert listed_codes(en_client.get("/zones/?ordering=-code").content.decode())[:2] == ["KKT-20-0001", "KCN-20-0003"]


def test_an_htmx_request_gets_only_the_results(en_client, demo, django_assert_num_queries):
    with django_assert_num_queries(4):
        response = en_client.get("/zones/?province=25", headers={"hx-request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="zone-results"')
    assert "<html" not in html
    assert 'id="zone-filters"' not in html
    assert listed_codes(html) == PHU_THO
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(en_client, demo):
    response = en_client.get(
        "/zones/?province=25", headers={"hx-request": "true", "hx-history-restore-request": "true"}
    )

    assert "<html" in response.content.decode()


def test_a_synthetic_zone_carries_a_badge(en_client, demo):
    real = Zone.objects.get(code="CCN-25-0001")
    Zone.objects.create(
        code="CCN-25-9999", kind="cluster", name="Cụm minh họa", province=real.province, is_synthetic=True
    )

    html = en_client.get("/zones/?search=CCN-25-9999").content.decode()

    assert listed_codes(html) == ["CCN-25-9999"]
    assert '<span class="badge synthetic"' in html
    assert ">synthetic</span>" in html


def test_the_csv_export_has_exactly_the_filtered_rows(en_client, demo):
    response = en_client.get("/zones/export/?province=25&ordering=-code&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="zoneatlas-zones.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["code"] for row in rows] == list(reversed(PHU_THO))
    assert rows[-1]["occupancy_pct"] == "86.87"


def test_the_export_covers_every_page_not_only_the_one_shown(en_client, demo):
    response = en_client.get("/zones/export/?page=2&format=csv")

    assert len(list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))) == 26


def test_the_xlsx_and_geojson_exports_have_the_same_rows(en_client, demo):
    xlsx = en_client.get("/zones/export/?province=25&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == PHU_THO

    geojson = json.loads(en_client.get("/zones/export/?province=25&format=geojson").content)
    assert [feature["properties"]["code"] for feature in geojson["features"]] == PHU_THO


def test_an_unknown_export_format_is_not_found(en_client, demo):
    assert en_client.get("/zones/export/?format=pdf").status_code == 404


def test_an_invalid_filter_is_reported_and_ignored(en_client, demo):
    response = en_client.get("/zones/?occupancy_min=lots&province=25")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="errors" role="alert"><p>Enter a number.</p></div>' in html
    assert listed_codes(html) == PHU_THO


WITH_OCCUPANCY_ASCENDING = ["KCN-20-0003", "CCN-25-0003", "CCN-25-0002", "KCN-20-0001", "CCN-25-0001", "CCN-20-0001"]
WITHOUT_OCCUPANCY = [
    *(f"CCN-01-{number:04}" for number in range(1, 13)),
    "CCN-25-0004",
    *(f"CCN-56-{number:04}" for number in range(1, 6)),
    "KCN-20-0002",
    "KKT-20-0001",
]


def test_zones_without_a_value_sort_last_both_ways_on_every_database(en_client, demo):
    # PostgreSQL puts NULL last when ascending and SQLite first: the list, its export and the API agree on both,
    # with ties (here, every zone without an occupancy) in code order. CI runs this test on both databases.
    ascending = en_client.get("/zones/?ordering=occupancy").content.decode()
    descending = en_client.get("/zones/?ordering=-occupancy").content.decode()
    export = en_client.get("/zones/export/?ordering=-occupancy&format=csv").content.decode("utf-8-sig")
    api = en_client.get("/api/v1/zones/?ordering=-occupancy&page_size=100").json()

    assert listed_codes(ascending) + listed_codes(
        en_client.get("/zones/?ordering=occupancy&page=2").content.decode()
    ) == [
        *WITH_OCCUPANCY_ASCENDING,
        *WITHOUT_OCCUPANCY,
    ]
    expected_descending = [*reversed(WITH_OCCUPANCY_ASCENDING), *WITHOUT_OCCUPANCY]
    assert listed_codes(descending) == expected_descending[:25]
    assert [row["code"] for row in csv.DictReader(io.StringIO(export))] == expected_descending
    assert [zone["code"] for zone in api["results"]] == expected_descending


def test_zones_without_an_area_sort_last(en_client, demo):
    ascending = listed_codes(en_client.get("/zones/?ordering=gross_area_ha&province=20").content.decode())
    descending = listed_codes(en_client.get("/zones/?ordering=-gross_area_ha&province=20").content.decode())

    assert ascending == ["CCN-20-0001", "KCN-20-0001", "KCN-20-0002", "KCN-20-0003", "KKT-20-0001"]
    assert descending == ["KCN-20-0002", "KCN-20-0001", "CCN-20-0001", "KCN-20-0003", "KKT-20-0001"]
