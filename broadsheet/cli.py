"""The command line (see DESIGN.md, a contract): parse, run, print, exit status.

Exit status: 0 every input built; 1 some input rejected (the rest is built
and published); 2 usage or configuration error (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

import jinja2

from broadsheet.clean import RulesError, load_rules
from broadsheet.config import Config, ConfigError, load_config
from broadsheet.importer import import_files
from broadsheet.model import Rejected
from broadsheet.pipeline import Log, StrictFailure, build, write_audit
from broadsheet.publish import NotOurFolder, UnsafePath
from broadsheet.read import discover_files
from broadsheet.report import Report

OK, REJECTED, USAGE = 0, 1, 2
COMMANDS = ("build", "import")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in (*COMMANDS, "-h", "--help"):
        args.insert(0, "build")  # `build` is the default command
    parsed = _parser().parse_args(args)
    try:
        if parsed.command == "import":
            return _import(parsed)
        return _build(parsed)
    except ConfigError as error:
        for problem in error.problems:
            _say(f"error: {problem}")
        return USAGE
    except KeyboardInterrupt:
        _say("interrupted: the previous site is left as it was")
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Broadsheet: scraped news articles → a static news site.")
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="build the site (the default command)")
    _build_options(build_parser)
    importer = commands.add_parser("import", help="clean raw files into reviewable Markdown files")
    importer.add_argument("sources", nargs="+", type=Path, metavar="SRC", help="raw .txt, .html, .json, .jsonl files or folders")
    importer.add_argument("--to", type=Path, default=Path("content"), metavar="DIR", help="where to write the .md files (default: content/)")
    importer.add_argument("--config", type=Path, metavar="FILE", help="settings file (default: site.toml if present)")
    importer.add_argument("--force", action="store_true", help="replace .md files that exist and differ")
    return parser


def _build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, metavar="DIR", help="input folder (default: content/)")
    parser.add_argument("--output", type=Path, metavar="DIR", help="output folder (default: site/)")
    parser.add_argument("--templates", type=Path, metavar="DIR", help="theme folder (default: templates/)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="settings file (default: site.toml if present)")
    parser.add_argument("--base-url", metavar="URL", help="absolute URL the site is published at (feeds, sitemap)")
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per CPU)")
    parser.add_argument("--report", type=Path, metavar="FILE", help="write a JSON account of every input")
    parser.add_argument("--cache-dir", type=Path, metavar="DIR", help="build cache folder (default: .cache/)")
    parser.add_argument("--strict", action="store_true", default=None, help="fail, publishing nothing, if any input is rejected")
    parser.add_argument("--audit", type=Path, metavar="DIR", help="also write the cleaning audit (kept and dropped lines per article) to DIR")


def _config(parsed: argparse.Namespace) -> Config:
    return load_config(
        parsed.config,
        {
            "content_dir": parsed.content,
            "output_dir": parsed.output,
            "templates_dir": parsed.templates,
            "base_url": parsed.base_url,
            "jobs": parsed.jobs,
            "cache_dir": parsed.cache_dir,
            "strict": parsed.strict,
        },
    )


def _build(parsed: argparse.Namespace) -> int:
    config = _config(parsed)
    log = Log(
        rejected=lambda item: _say_rejected(Rejected((config.content_dir / item.origin).as_posix(), item.reason)),
        warn=lambda message: _say(f"warning: {message}"),
    )
    try:
        report = build(config, log)
        if parsed.audit is not None:
            write_audit(config, report, parsed.audit)
    except (RulesError, NotOurFolder, UnsafePath) as error:
        _say(f"error: {error}")
        return USAGE
    except jinja2.TemplateError as error:
        _say(f"error: {_template_problem(error)}")
        return USAGE
    except StrictFailure as error:
        _say(f"error: {error}")
        return REJECTED
    _write_report(parsed.report, report)
    print(report.summary_line(), file=sys.stderr)
    return REJECTED if report.count("rejected") else OK


def _import(parsed: argparse.Namespace) -> int:
    config = load_config(parsed.config, {}, for_build=False)
    try:
        rules = load_rules(config.rules)
    except RulesError as error:
        _say(f"error: {error}")
        return USAGE
    files: list[Path] = []
    for source in parsed.sources:
        if source.is_dir():
            files.extend(sorted(path for path in source.rglob("*") if path.is_file()))
        elif source.is_file():
            files.append(source)
        else:
            _say(f"error: {source}: no such file or folder")
            return USAGE
    discovery = discover_files(files)
    outcomes = import_files(discovery, parsed.to, rules, max_bytes=config.max_input_mb * 1_000_000, overwrite=parsed.force)
    for outcome in outcomes:
        if outcome.status == "rejected":
            _say_rejected(Rejected(outcome.input, outcome.reason or ""))
        else:
            print(f"{outcome.input} → {outcome.output}")
    rejected = sum(1 for outcome in outcomes if outcome.status == "rejected")
    _say(f"{len(outcomes) - rejected} imported, {rejected} rejected")
    return REJECTED if rejected else OK


def _write_report(path: Path | None, report: Report) -> None:
    if path is not None:
        path.write_text(report.to_json() + "\n", encoding="utf-8")


def _template_problem(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"template {error.filename or error.name}, line {error.lineno}: {error.message}"
    return f"template error: {error}"


def _say_rejected(item: Rejected) -> None:
    _say(f"{item.origin}: rejected: {item.reason}")


def _say(message: str) -> None:
    print(f"broadsheet: {message}", file=sys.stderr)
