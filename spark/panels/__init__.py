"""Stage 2: judging settings, criteria, panels, routing, conflicts and score sheets."""
