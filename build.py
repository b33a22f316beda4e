#!/usr/bin/env python3
"""Broadsheet: scraped news articles → a static news site. See README.md."""

import sys

from broadsheet.cli import main

if __name__ == "__main__":
    sys.exit(main())
