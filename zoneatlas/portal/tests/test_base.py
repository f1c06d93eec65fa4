"""What every page shares: landmarks, a skip link, the language switch, no CDN."""

import pytest


@pytest.mark.parametrize(
    "url", ["/", "/zones/", "/zones/CCN-25-0001/", "/sources/seed-000/", "/provinces/", "/provinces/25/", "/map/"]
)
def test_every_page_has_landmarks_a_skip_link_and_no_cdn(vi_client, demo, url):
    html = vi_client.get(url).content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert 'action="/i18n/setlang/"' in html
    assert '<script src="http' not in html
    assert '<link rel="stylesheet" href="http' not in html
    assert "/static/vendor/htmx.org/htmx.min.js" in html


def test_the_language_switch_sets_the_language_and_comes_back(vi_client, demo):
    response = vi_client.post("/i18n/setlang/", {"language": "en", "next": "/zones/CCN-25-0001/"})

    assert response.status_code == 302
    assert response["Location"] == "/zones/CCN-25-0001/"
    html = vi_client.get("/zones/CCN-25-0001/").content.decode()
    assert '<html lang="en">' in html
    assert "86.87" in html
