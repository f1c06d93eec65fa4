import pytest
from django.test import Client

from zoneatlas.demo.loading import load_demo


@pytest.fixture
def demo(db):
    """The demo registry built from the five seed reports."""
    return load_demo()


@pytest.fixture
def vi_client():
    """A visitor whose browser asks for Vietnamese (also the site's default language)."""
    return Client(headers={"accept-language": "vi"})


@pytest.fixture
def en_client():
    """A visitor whose browser asks for English."""
    return Client(headers={"accept-language": "en"})
