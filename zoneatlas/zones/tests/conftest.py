import pytest

from zoneatlas.demo.loading import load_demo


@pytest.fixture
def demo(db):
    """The demo registry built from the five seed reports."""
    return load_demo()
