"""Signals this stage sends so later stages can act without being imported here.

Sent inside the sender's transaction: a receiver adds rows to the same session and the
sender's commit makes both permanent together (or neither).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with the new Round as sender, before the round is committed.
round_created = _signals.signal("round-created")

# Sent with the withdrawn Pitch as sender (its status already 'withdrawn'), with ``actor``
# (the team member) and ``reason``, before the withdrawal is committed.
pitch_withdrawn = _signals.signal("pitch-withdrawn")
