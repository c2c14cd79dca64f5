#!/usr/bin/env python3
"""Build the Space Hacks PDF: `python build_pdf.py --help` lists the options."""

import sys

from spacehacks.commands import main

if __name__ == "__main__":
    sys.exit(main())
