"""The theme's static files (`templates/static/`) → `assets/` in the site."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from broadsheet.model import OutputFile

STATIC_FOLDER = "static"
ASSETS_FOLDER = "assets"


def static_assets(templates_dir: Path) -> Iterator[OutputFile]:
    folder = templates_dir / STATIC_FOLDER
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and not path.name.startswith("."):
            yield OutputFile(f"{ASSETS_FOLDER}/{path.relative_to(folder).as_posix()}", path.read_bytes())
