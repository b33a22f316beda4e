"""The theme folder: the one Jinja environment, what each template depends on, and its assets."""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
import jinja2.meta

from broadsheet.write.assets import STATIC_FOLDER, static_assets
from broadsheet.write.env import make_environment
from broadsheet.write.plan import Data


class Theme:
    """Templates and assets of one theme folder, read once per build (or per change, in watch)."""

    def __init__(self, templates_dir: Path) -> None:
        self.env = make_environment(templates_dir)
        self.assets: tuple[Data, ...] = tuple(Data(file.path, file.data) for file in static_assets(templates_dir))
        self.digest = _folder_digest(templates_dir)  # every byte of the theme, for the whole-build digest
        self._digests: dict[str, str] = {}

    def template_digest(self, name: str) -> str:
        """A hash of template `name` and every template it extends, includes or imports.

        A template that names another one only at run time depends on all of them.
        """
        if name not in self._digests:
            seen: set[str] = set()
            pending = [name]
            while pending:
                current = pending.pop()
                if current in seen:
                    continue
                seen.add(current)
                source, _, _ = self.env.loader.get_source(self.env, current)  # type: ignore[union-attr]
                references = list(jinja2.meta.find_referenced_templates(self.env.parse(source, current)))
                if None in references:
                    seen.update(self._all_templates())
                    break
                pending.extend(reference for reference in references if reference)
            digest = hashlib.sha256()
            for template in sorted(seen):
                source, _, _ = self.env.loader.get_source(self.env, template)  # type: ignore[union-attr]
                digest.update(f"{len(template)}:{template}{len(source)}:".encode() + source.encode("utf-8", "surrogateescape"))
            self._digests[name] = digest.hexdigest()
        return self._digests[name]

    def _all_templates(self) -> list[str]:
        return [name for name in self.env.list_templates() if not name.startswith(STATIC_FOLDER + "/")]


def _folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            name = path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape")
            data = path.read_bytes()
            digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()
