"""Stage 3: tally, unanimous/split, outcome, letters, amendments."""
