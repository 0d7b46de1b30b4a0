"""``python -m tiktok_deal`` runs the ``tiktok-deal`` command."""

import sys

from .cli import main

sys.exit(main())
