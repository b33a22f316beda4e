"""Settings: defaults, then `site.toml`, then the command line; checked once, here.

`load_config` returns a frozen `Config` or raises `ConfigError` carrying every
problem at once, so a user fixes their file in one go (exit status 2).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import urlsplit

DEFAULT_CONFIG_FILE = "site.toml"


@dataclass(frozen=True, slots=True)
class Config:
    content_dir: Path = Path("content")
    output_dir: Path = Path("site")
    templates_dir: Path = Path("templates")
    cache_dir: Path = Path(".cache")
    base_url: str | None = None  # absolute, ends with "/": only feeds, sitemap and canonical links use it
    jobs: int = 0  # 0: one worker per CPU
    title: str = "Broadsheet"
    description: str = "News, cleaned and readable."
    language: str = "en"
    per_page: int = 20
    feed_entries: int = 20
    summary_words: int = 40
    max_input_mb: int = 16
    rules: tuple[Path, ...] = ()  # the site's own cleaning rules files
    strict: bool = False  # any rejected input fails the build (for CI)

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1


class ConfigError(Exception):
    """Every problem found in the settings, one per line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


_PATHS = {"content": "content_dir", "output": "output_dir", "templates": "templates_dir", "cache_dir": "cache_dir"}
_POSITIVE_INTS = ("per_page", "feed_entries", "summary_words", "max_input_mb")
_STRINGS = ("title", "description", "language")


def load_config(config_file: Path | None, overrides: Mapping[str, Any], *, for_build: bool = True) -> Config:
    """Defaults, then the settings file, then `overrides` (from the command line).

    `config_file` None means `site.toml` if it exists. Overrides use Config's
    field names; None values are ignored. `for_build` also checks the folders
    a build reads and replaces.
    """
    problems: list[str] = []
    settings: dict[str, Any] = {}
    path = config_file or Path(DEFAULT_CONFIG_FILE)
    if config_file is not None or path.exists():
        settings = _from_file(path, problems)
    settings.update({key: value for key, value in overrides.items() if value is not None})
    config = _checked(settings, problems)
    if for_build:
        _check_folders(config, problems)
    if problems:
        raise ConfigError(problems)
    return config


def _from_file(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{path}: settings file not found")
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.append(f"{path}: {error}")
        return {}
    base = path.parent
    settings: dict[str, Any] = {}
    known = {f.name for f in fields(Config)}
    for key, value in table.items():
        if key in _PATHS:
            settings[_PATHS[key]] = base / value if isinstance(value, str) else value
        elif key == "rules":
            files = [value] if isinstance(value, str) else value
            if not isinstance(files, list) or not all(isinstance(item, str) for item in files):
                problems.append(f"{path}: rules must be a file name or a list of file names")
            else:
                settings["rules"] = tuple(base / item for item in files)
        elif key in known and key not in _PATHS.values():
            settings[key] = value
        else:
            problems.append(f"{path}: unknown setting {key!r}")
    return settings


def _checked(settings: dict[str, Any], problems: list[str]) -> Config:
    for name in (*_PATHS.values(),):
        if name in settings and not isinstance(settings[name], Path):
            problems.append(f"{name.removesuffix('_dir')} must be a folder name")
            del settings[name]
    for name in _POSITIVE_INTS:
        value = settings.get(name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            problems.append(f"{name} must be a whole number of at least 1, not {value!r}")
            del settings[name]
    jobs = settings.get("jobs")
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0):
        problems.append(f"jobs must be 0 (one per CPU) or a positive whole number, not {jobs!r}")
        del settings["jobs"]
    for name in _STRINGS:
        if name in settings and not isinstance(settings[name], str):
            problems.append(f"{name} must be text")
            del settings[name]
    if "base_url" in settings:
        settings["base_url"] = _base_url(settings["base_url"], problems)
    if "strict" in settings and not isinstance(settings["strict"], bool):
        problems.append("strict must be true or false")
        del settings["strict"]
    return replace(Config(), **settings)


def _base_url(value: object, problems: list[str]) -> str | None:
    if not isinstance(value, str) or not value:
        problems.append("base_url must be an absolute http(s) URL")
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        problems.append(f"base_url {value!r} must be an absolute http(s) URL without query or fragment")
        return None
    return value if value.endswith("/") else value + "/"


def _check_folders(config: Config, problems: list[str]) -> None:
    """The output folder is replaced wholesale, so it must not hold anything else we need."""
    if not config.content_dir.is_dir():
        problems.append(f"content folder {config.content_dir} does not exist")
    if not config.templates_dir.is_dir():
        problems.append(f"templates folder {config.templates_dir} does not exist")
    output = config.output_dir.resolve()
    protected = {
        "the content folder": config.content_dir,
        "the templates folder": config.templates_dir,
        "the cache folder": config.cache_dir,
        "the working directory": Path.cwd(),
        "the home directory": Path.home(),
    }
    for what, folder in protected.items():
        folder = folder.resolve()
        if output == folder or output in folder.parents:
            problems.append(f"output folder {config.output_dir} would replace {what} ({folder})")
    if output == Path(output.anchor):
        problems.append("output folder cannot be the file system root")
