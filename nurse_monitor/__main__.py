"""`python -m nurse_monitor` runs the same command line as `nurse-monitor`."""

import sys

from nurse_monitor.cli import main

sys.exit(main())
