"""Allow ``python -m airoles``."""

import sys

from airoles_kg.cli import main

if __name__ == "__main__":
    sys.exit(main())
