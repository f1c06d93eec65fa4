"""The province dashboard: targets with status and forecast, funnel, occupancy, stalled zones, obstacles,
reporting completeness, wastewater coverage and the map; for whom, in both languages, with how many queries."""

from __future__ import annotations

import json
import re

from django.test import Client

from zoneatlas.accounts.tests.conftest import person, province

KHANH_HOA = "/provinces/56/dashboard/"


def target_article(html: str, ref: str) -> str:
    start = html.index(f'data-ref="{ref}"')
    return html[start : html.index("</article>", start)]


def text(fragment: str) -> str:
    """The visible text, blanks collapsed (no-break spaces kept, as the page writes "45 %")."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", fragment)).replace("&nbsp;", "\u00a0").strip()


def khanh_hoa_officer() -> Client:
    officer = person("khanhhoa", {"role": "provincial_officer", "agency": "doit", "province": province("56")})
    client = Client(headers={"accept-language": "en"})
    client.force_login(officer)
    return client


def test_khanh_hoa_shows_song_cau_and_khatoco_targets_with_progress_and_forecast(
    en_client, demo, django_assert_num_queries
):
    # The province, its zones and their current occupancy (3), the targets with their subjects and source, and their
    # milestones (2); what each target's metric reads: the scope's zones, lifecycle and plants for the wastewater
    # share (3), figures, leases and industrial land for each occupancy target (3 + 3), the group's zones and their
    # lifecycle for the count (2); then the operating zones' leases and land (2), the stalled zones' records, the
    # plants, the overdue obstacles and which of them the visitor may read, and the map (5): 23 for Khánh Hòa's five
    # zones and four targets. Each target costs its metric's two or three queries, whatever the number of zones.
    with django_assert_num_queries(23):
        response = en_client.get(KHANH_HOA)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Tỉnh Khánh Hòa: dashboard <small>(56)</small></h1>" in html
    assert re.findall(r'data-ref="(S\d+)"', html) == ["S098", "S097", "S096", "S100"]
    song_cau = text(target_article(html, "S097"))
    assert "Song Cau: occupancy about 45 % in 2024 At risk synthetic data" in song_cau
    assert "Target Occupancy: about 45\u00a0%" in song_cau
    assert "Latest 33.67\u00a0% (30 Sep 2024; 10.1 ha leased (plots: SC-01, SC-02, SC-03, SC-04) ÷ 30 ha" in song_cau
    assert "Forecast 39.17\u00a0% by 31 Dec 2024" in song_cau
    assert (
        "Why: forecast 39.17 % by 31 Dec 2024 against about 45 %: at risk by 5.83 pp (linear trend of 7 points from "
        "31 Mar 2023 to 30 Sep 2024)"
    ) in song_cau.replace("\u00a0", " ")
    assert "Song Cau Industrial Cluster (Khanh Vinh district) strives to reach about 45%" in song_cau
    khatoco = text(target_article(html, "S098"))
    assert "Khatoco Ninh Ich: occupancy about 75 % in 2024 On track synthetic data" in khatoco
    assert "Forecast 82\u00a0% by 31 Dec 2024" in khatoco
    assert (
        "Pipeline: 6 ha committed by investment approvals and not yet leased (plots: KNI-06) on 30 Sep 2024." in khatoco
    )
    charts = json.loads(re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html).group(1))
    song_cau_chart = next(chart for chart in charts["targets"] if chart["status"] == "at_risk")
    assert song_cau_chart["points"][-1] == ["2024-09-30", 33.67]
    assert song_cau_chart["forecast"] == [["2024-09-30", 33.67], ["2024-12-31", 39.17]]
    assert (song_cau_chart["target"], song_cau_chart["synthetic"][-1]) == (45.0, True)
    assert charts["funnel"] == {
        "labels": ["Planned", "Established", "Under construction", "Operating"],
        "zones": [5, 5, 2, 2],
        "area": [0.0, 0.0, 0.0, 0.0],
    }


def test_the_other_sections_of_khanh_hoa(en_client, demo):
    html = en_client.get(KHANH_HOA).content.decode()

    occupancy = html[html.index('id="occupancy"') : html.index('id="stalled"')]
    row = occupancy[occupancy.index('data-zone="CCN-56-0005"') :]
    assert "70&nbsp;%" in row.split("</tr>")[0]
    assert "12&nbsp;%" in row.split("</tr>")[0]
    stalled = text(html[html.index('id="stalled"') : html.index('id="obstacles"')])
    assert "Cụm công nghiệp Diên Thọ (CCN-56-0001), since 28 May 2024: Stalled by planning, site clearance" in stalled
    assert re.findall(r'<li data-zone="(CCN-56-\d+)">', html) == ["CCN-56-0001", "CCN-56-0002", "CCN-56-0003"]
    wwtp = text(html[html.index('id="wwtp"') : html.index('id="map"')])
    assert "0 of 5 established zones have a central plant built and meeting the national standard (0\u00a0%)." in wwtp
    assert "Periodic reports are for officials; sign in to see their completeness." in html
    obstacles = html[html.index('id="obstacles"') : html.index('id="reporting"')]
    assert "Dien Tho" in obstacles or "Diên Thọ" in obstacles


def test_an_officer_of_the_province_sees_reporting_completeness(demo):
    html = khanh_hoa_officer().get(KHANH_HOA).content.decode()

    reporting = html[html.index('id="reporting"') : html.index('id="wwtp"')]
    assert "Period 2026-H1: reports received ÷ expected, and on time ÷ expected, per form." in reporting
    assert re.findall(r'<tr data-form="([A-Z0-9-]+)">', reporting)


def test_the_kind_filter_keeps_parks_or_clusters(en_client, demo):
    parks = en_client.get("/provinces/20/dashboard/?kind=park").content.decode()
    clusters = en_client.get("/provinces/20/dashboard/?kind=cluster").content.decode()

    assert re.findall(r'data-ref="(S\d+)"', parks) == ["S074", "S076"]
    assert re.findall(r'data-ref="(S\d+)"', clusters) == ["S077", "S074"]
    assert '<input type="radio" name="kind" value="park" checked>' in parks


def test_a_bad_kind_is_refused_with_the_reason(en_client, demo):
    response = en_client.get(f"{KHANH_HOA}?kind=factory")

    assert response.status_code == 400
    assert "“factory” is not a kind of zone: choose park or cluster." in response.content.decode()


def test_in_vietnamese(vi_client, demo):
    html = vi_client.get(KHANH_HOA).content.decode()

    song_cau = text(target_article(html, "S097"))
    assert "CCN Sông Cầu: tỷ lệ lấp đầy khoảng 45 % năm 2024" in song_cau
    assert "39,17\u00a0%" in song_cau


def test_who_reads_the_dashboard(demo, personas):
    lang_son = Client()
    lang_son.force_login(personas["lang_son"])
    developer = Client()
    developer.force_login(personas["developer"])
    phu_tho = Client()
    phu_tho.force_login(personas["phu_tho"])

    assert lang_son.get(KHANH_HOA).status_code == 404
    assert developer.get("/provinces/25/dashboard/").status_code == 404
    assert phu_tho.get("/provinces/25/dashboard/").status_code == 200
    # The landing page sends an officer of one province to its dashboard, anyone else to the overview.
    assert phu_tho.get("/dashboard/")["Location"] == "/provinces/25/dashboard/"
    assert Client().get("/dashboard/")["Location"] == "/provinces/"


def test_a_pre_2025_code_redirects_to_todays_province(en_client, demo):
    assert en_client.get("/provinces/17/dashboard/")["Location"] == "/provinces/25/dashboard/"
    assert en_client.get("/provinces/99/dashboard/").status_code == 404


def test_the_province_page_links_to_its_dashboard(en_client, demo):
    assert 'href="/provinces/56/dashboard/"' in en_client.get("/provinces/56/").content.decode()
