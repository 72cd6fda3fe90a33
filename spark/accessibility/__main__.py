"""``python -m spark.accessibility PATH [PATH ...] [--json]`` — see spark.accessibility.cli."""

import sys

from spark.accessibility.cli import main

if __name__ == "__main__":
    sys.exit(main())
