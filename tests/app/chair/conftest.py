"""The chair's tests share a live panel (three pitches, a chair and dragons) and its chair
signed in."""

from __future__ import annotations

import pytest

from tests.factories import sign_in
from tests.panel_factories import LivePanel


@pytest.fixture
def s(app) -> LivePanel:
    return LivePanel()


@pytest.fixture
def chair(client, s):
    sign_in(client, s.chair)
    return s.chair
