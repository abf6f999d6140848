"""``python -m tui`` runs the ``negotiations`` command."""

import sys

from tui.cli import main

sys.exit(main())
