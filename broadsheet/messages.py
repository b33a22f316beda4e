"""What Broadsheet tells the person at the terminal: one wording for every problem.

`build` prints a problem once and exits; `watch` prints it and keeps going.
Both say it the same way, so both use these.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import jinja2

from broadsheet.clean import RulesError
from broadsheet.model import Rejected
from broadsheet.publish import NotOurFolder, UnsafePath

# Errors a build raises because of what the user gave it (not a bug in Broadsheet).
BUILD_ERRORS: tuple[type[Exception], ...] = (RulesError, NotOurFolder, UnsafePath, jinja2.TemplateError)


def describe(error: Exception, templates_dir: Path | None = None) -> str:
    """One line naming the file, the line when known, and the reason.

    `templates_dir` names a template's file when Jinja knows only the
    template's name (a template parsed from its source).
    """
    if isinstance(error, jinja2.TemplateSyntaxError):
        filename = error.filename or (str(templates_dir / error.name) if templates_dir and error.name else error.name)
        return f"template {_shown(filename)}, line {error.lineno}: {error.message}"
    if isinstance(error, jinja2.TemplateNotFound):
        return f"template {error.name} not found"
    if isinstance(error, jinja2.TemplateError):
        where = _template_frame(error)
        return f"template {where}: {error}" if where else f"template error: {error}"
    return str(error)


def _template_frame(error: BaseException) -> str | None:
    """`file, line N` of the template line that failed while rendering.

    Jinja rewrites a rendering error's traceback so that template frames carry
    the template's file name and line; the innermost such frame is the culprit.
    """
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if not frame.filename.endswith(".py")]
    frames = [frame for frame in frames if not frame.filename.startswith("<")]
    if not frames:
        return None
    frame = frames[-1]
    return f"{_shown(frame.filename)}, line {frame.lineno}"


def _shown(filename: str | None) -> str:
    """A file name as the user would type it: relative to the working directory when inside it."""
    if not filename:
        return "?"
    path = Path(filename)
    if path.is_absolute():
        try:
            return path.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return filename
    return os.path.normpath(filename)


def say(message: str) -> None:
    print(f"broadsheet: {message}", file=sys.stderr, flush=True)


def rejected_line(item: Rejected) -> str:
    return f"{item.origin}: rejected: {item.reason}"


def say_rejected(item: Rejected) -> None:
    say(rejected_line(item))
