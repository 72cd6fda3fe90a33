"""Walk every GET route in app.url_map as each kind of person and check its rule holds.

The rule on each view (public, signed_in, role:organiser, role:lab) decides what a
signed-out visitor, a plain user and each role must get; nobody ever gets a 500.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter, Rule

from spark.core.permissions import ROLES, permission_of
from tests.factories import make_user, sign_in

SKIP = {"static", "assets", "accounts.sign_out"}


def _sample_url(rule: Rule) -> str:
    values = {}
    for argument in rule.arguments:
        is_id = isinstance(rule._converters[argument], IntegerConverter)
        values[argument] = 999999 if is_id else "no-such-thing"
    return rule.build(values, append_unknown=False)[1]


def _get_routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP or "GET" not in (rule.methods or ()):
            continue
        yield rule, permission_of(app.view_functions[rule.endpoint])


def _expected(permission: str, who: str) -> set[int]:
    if permission == "public":
        return {200, 302, 400, 404}
    if who == "anonymous":
        return {302}
    # The lab's pages across every project (the board, portfolio totals): the lab and
    # organisers; anyone else signed in is refused.
    if permission == "project:portfolio":
        return {200, 404} if who in ("lab", "organiser") else {403}
    # Panel pages check membership themselves: 404 for anyone not on the (sample) panel; a
    # round's results, whether they are an organiser or chair in the (sample) round.
    if permission in ("signed_in", f"role:{who}") or permission.startswith(
        ("panel:", "round:", "project:")
    ):
        return {200, 302, 400, 404}
    return {403}


@pytest.mark.parametrize("who", ["anonymous", "user", *ROLES])
def test_every_get_route_applies_its_rule(app, client, who):
    if who != "anonymous":
        sign_in(client, make_user(roles=() if who == "user" else (who,)))
    checked = 0
    for rule, permission in _get_routes(app):
        url = _sample_url(rule)
        response = client.get(url)
        assert response.status_code in _expected(permission, who), (
            f"{who} GET {url} ({permission}) -> {response.status_code}"
        )
        if who == "anonymous" and permission != "public":
            assert response.headers["Location"].startswith("/sign-in?next=")
        checked += 1
    assert checked >= 5
