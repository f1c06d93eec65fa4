"""The checks page: the establish and expand answers rendered on the server, whole or as an HTMX fragment."""

import html
import re

from django.test import Client

from zoneatlas.accounts.tests.conftest import personas  # noqa: F401 (a fixture)


def text(page):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def en():
    return Client(headers={"accept-language": "en"})


def test_the_page_asks_both_questions(demo):
    response = en().get("/checks/")
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "May a new industrial cluster be established?" in page
    assert "May a cluster expand?" in page
    assert 'option value="25"' in response.content.decode()


def test_may_phu_tho_establish_a_new_cluster(demo):
    response = en().get("/checks/establish/?province=25&on=2026-11-26")

    assert response.status_code == 200
    page = text(response.content.decode())
    assert "May Tỉnh Phú Thọ establish a new industrial cluster on 26 Nov 2026?" in page
    assert "Area tested: Tỉnh Phú Thọ (25) · the province has recorded no choice: the whole province" in page
    assert (
        "average occupancy of the established clusters in the area above 50 % The average is weighted by industrial "
        "land; 4 of the 4 clusters cannot be weighed."
    ) in page
    assert "Applied after its end (14 Sep 2026): the rule reported to replace it (50, Decree 303/2026" in page
    assert "Cụm công nghiệp Phú Thành II CCN-25-0001 86.87 % · 01/09/2024 · seed-000" in page
    assert "“The occupancy rate of Phu Thanh II Industrial Cluster is 86.87%”" in page
    assert (
        "What is missing Cụm công nghiệp Phú Thành II (CCN-25-0001): its industrial land is not known (registry or "
        "figure), so its rate cannot be weighed"
    ) in page
    assert "Under the pending Decree 303/2026 values this would be: Cannot tell" in page
    assert "the commune: under this rule the area is the commune; name one" in page


def test_an_htmx_request_gets_the_answer_alone(demo):
    response = en().get("/checks/establish/?province=20&on=2026-11-26", headers={"HX-Request": "true"})

    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="establish-answer"')
    assert "<html" not in body
    assert "Counted: Σ leased 6.11 ha ÷ Σ industrial land 6.5 ha = 94 %; unleased 0.39 ha." in text(body)
    assert response["Vary"].count("HX-Request") == 1


def test_may_phu_thanh_ii_expand(demo):
    response = en().get("/checks/expand/?code=CCN-25-0001&on=2026-11-26&area_after=60")

    assert response.status_code == 200
    page = text(response.content.decode())
    assert "May Cụm công nghiệp Phú Thành II (CCN-25-0001) expand on 26 Nov 2026?" in page
    assert "total area after the expansion at most 75 ha 60 ha after the expansion; at most 75 ha allowed." in page
    assert "occupancy figure: 86.87 % · 01/09/2024 · seed-000" in page
    assert "expand on 26 Nov 2026? Cannot tell Condition Rule Value Result total area after the expansion" in page
    assert "the state of internal roads and sidewalks: not reported" in page
    assert "Under the pending Decree 303/2026 values this would be: Cannot tell" in page
    assert "the state of fire prevention and fighting: not reported" in page


def test_the_page_speaks_vietnamese(demo):
    response = Client(headers={"accept-language": "vi"}).get("/checks/establish/?province=25&on=2026-11-26")

    assert response.status_code == 200
    page = text(response.content.decode())
    assert '<html lang="vi">' in response.content.decode()
    # Numbers and dates as Vietnamese writes them, and the labels the catalogue already translates.
    assert "86,87 % · 01/09/2024 · seed-000" in page
    assert "26/11/2026" in page
    assert "Tỉnh Phú Thọ (25)" in page


def test_bad_input_is_answered_with_the_reason(demo):
    legacy = en().get("/checks/establish/?province=17")
    assert legacy.status_code == 404
    assert "17 was the code of Tỉnh Hòa Bình before 1 July 2025; it is now part of Tỉnh Phú Thọ: use 25." in text(
        legacy.content.decode()
    )
    bad_day = en().get("/checks/establish/?province=25&on=yesterday")
    assert bad_day.status_code == 400
    assert "“yesterday” is not a date: write YYYY-MM-DD" in text(bad_day.content.decode())
    assert en().get("/checks/expand/?code=CCN-99-0001").status_code == 404
    fragment = en().get("/checks/expand/?code=CCN-99-0001", headers={"HX-Request": "true"})
    assert (fragment.status_code, text(fragment.content.decode())) == (404, "No zone you may read has this code.")
    park = en().get("/checks/expand/?code=KCN-20-0001")
    assert park.status_code == 400
    assert "KCN-20-0001 is not an industrial cluster: this test is for clusters." in text(park.content.decode())


def test_the_province_and_cluster_pages_link_to_their_checks(demo):
    province = en().get("/provinces/25/").content.decode()
    assert 'href="/checks/establish/?province=25"' in province
    cluster = en().get("/zones/CCN-25-0001/").content.decode()
    assert 'href="/checks/expand/?code=CCN-25-0001"' in cluster
    park = en().get("/zones/KCN-20-0001/").content.decode()
    assert "/checks/expand/" not in park


def test_an_officer_of_another_province_gets_404(personas):  # noqa: F811
    client = en()
    client.force_login(personas["lang_son"])
    assert client.get("/checks/establish/?province=25").status_code == 404
    assert client.get("/checks/expand/?code=CCN-25-0001").status_code == 404
    assert client.get("/checks/establish/?province=20&on=2026-11-26").status_code == 200
