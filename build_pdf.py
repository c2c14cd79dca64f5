#!/usr/bin/env python3
"""Build the Space Hacks PDF: `python build_pdf.py --help` lists the options."""

import sys

from spacehacks.errors import NOT_SET_UP  # the standard library only

try:
    from spacehacks.commands import main
except ModuleNotFoundError as missing:  # run with a Python that has not been set up
    sys.exit(NOT_SET_UP.format(name=missing.name))

if __name__ == "__main__":
    sys.exit(main())
