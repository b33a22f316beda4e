"""The one Jinja environment: autoescape on, undefined names are errors."""

from __future__ import annotations

from pathlib import Path

import jinja2

from broadsheet.dates import display, rfc3339


def make_environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["display_date"] = display
    env.filters["rfc3339"] = rfc3339
    return env
