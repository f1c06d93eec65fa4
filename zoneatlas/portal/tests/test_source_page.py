"""A source document: its metadata, its text with every quoted passage marked, and the figures citing it."""

from zoneatlas.figures.models import Observation
from zoneatlas.portal.pages import mark_quotes


def test_seed_000_marks_every_quoted_passage(en_client, demo, django_assert_num_queries):
    figures = Observation.objects.filter(document__code="seed-000")
    exact = figures.get(zone__code="CCN-25-0001", metric="occupancy_pct", is_approximate=False)

    with django_assert_num_queries(2):
        response = en_client.get("/sources/seed-000/")

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        f'<mark id="figure-{exact.pk}">The occupancy rate of Phu Thanh II Industrial Cluster is 86.87%</mark>' in html
    )
    for figure in figures:
        assert f'id="figure-{figure.pk}"' in html
    assert "passage not found" not in html
    assert 'href="/zones/CCN-25-0001/"' in html


def test_overlapping_passages_share_a_mark_and_every_figure_keeps_an_anchor():
    text = "Alpha <beta> gamma delta.\nEpsilon"

    marked, found = mark_quotes(text, [(1, "<beta> gamma"), (2, "gamma  delta."), (3, "not there"), (4, "")])

    assert str(marked) == (
        'Alpha <span id="figure-2"></span><mark id="figure-1">&lt;beta&gt; gamma delta.</mark>\nEpsilon'
    )
    assert found == {1, 2}


def test_a_figure_whose_passage_is_missing_is_anchored_in_the_list(en_client, demo):
    figure = Observation.objects.filter(document__code="seed-001").first()
    figure.quote = "A sentence the report does not contain."
    figure.save()

    html = en_client.get("/sources/seed-001/").content.decode()

    assert f'<tr id="figure-{figure.pk}">' in html
    assert "passage not found in the stored text" in html
