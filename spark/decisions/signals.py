"""Signals this stage sends so the lab can act without being imported here.

Sent inside the sender's transaction: a receiver adds rows to the same session and the
sender's commit makes both permanent together (or neither).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with the Decision just signed as sender (``signed_at`` set, not yet committed), with
# ``actor`` (the chair) and ``superseded`` (the signed Decision it amends, or None).
decision_signed = _signals.signal("decision-signed")
