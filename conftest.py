import pytest

from parta.core.testing.world import World, build_world

pytest_plugins = ["parta.core.testing.browser"]


@pytest.fixture
def world(db: None) -> World:
    """Two schools under one municipality, a third under another, users for every role."""
    return build_world()
