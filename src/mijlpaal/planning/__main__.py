"""`python -m mijlpaal.planning schedule PLAN.yaml`."""

import sys

from .cli import main

raise SystemExit(main(sys.argv[1:]))
