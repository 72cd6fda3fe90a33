"""Fixtures shared by the app tests."""

from __future__ import annotations

import pytest

from tests.factories import make_user, sign_in


@pytest.fixture
def organiser(client):
    """An organiser, signed in."""
    person = make_user(name="Olive Organiser", roles=("organiser",))
    sign_in(client, person)
    return person
