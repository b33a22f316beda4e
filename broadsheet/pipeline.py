"""`build()`: every stage of a build, one call per line; `Builder` keeps one alive for `watch`.

    discover → key (content hashes) → [nothing changed? done]
    → process (read, clean, render; cached, in parallel) → deduplicate → collect
    → account → write (plan, keys, render what changed, in parallel) → publish → remember
"""

from __future__ import annotations

import gc
import shutil
import time
from functools import partial
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Collection, Mapping, Sequence

from broadsheet.audit import audit_files
from broadsheet.cache import BodyReader, Cache, CacheDamaged, OutputRecord, TermsReader
from broadsheet.clean import Rules, load_rules
from broadsheet.collect import collect
from broadsheet.config import Config
from broadsheet.dates import sort_key
from broadsheet.dedupe import find_sketched_duplicates
from broadsheet.incremental import Duplicates, LastBuild, Memory, basis, build_digest, decode_report, encode_report, left_as_it_was
from broadsheet.inputs import Keyed, Known, SettledSidecars, key_sources
from broadsheet.model import ArticleInfo, Entry, FileState, Meta, Rejected, Site
from broadsheet.parallel import Forked, fork_map, process_sources
from broadsheet.process import Result, code_digest, terms_key
from broadsheet.publish import publish, survey
from broadsheet.render import visible_text
from broadsheet.read import Discovery, discover, sidecar_rel
from broadsheet.related import related, relations_key
from broadsheet.read.discover import Stamp
from broadsheet.read.listing import Listing
from broadsheet.report import Outcome, Report, SkippedFile, printable, sorted_outcomes
from broadsheet.quick import Patch, patch_site
from broadsheet.write import Theme, plan_site, search_index, site_info, write_site
from broadsheet.write.plan import Data, Keys


@dataclass(frozen=True, slots=True)
class Log:
    """Where a build says things: problems with inputs, warnings, pages in place before the end."""

    rejected: Callable[[Rejected], None]
    warn: Callable[[str], None]
    # A rebuild that puts the edited pages in place before the rest (the search
    # index, which takes longest) names them here: open pages can reload at once.
    published: Callable[[frozenset[str]], None] = lambda paths: None


GC_THRESHOLDS = (50_000, 20, 100)


class StrictFailure(Exception):
    """`--strict` and some input was rejected: nothing was published."""


def build(config: Config, log: Log) -> Report:
    return Builder(config, log).build()


class Builder:
    """A build that stays alive between changes: `watch` keeps one and calls `rebuild`.

    `rebuild` takes the absolute paths of files that were added, changed or
    removed (content, templates or rules files) and redoes only what they
    touch, from what the Builder keeps in memory. A changed settings file
    means a new Builder. After each build, `changed_outputs` names the
    output files it wrote or removed (what open pages must reload).
    """

    def __init__(self, config: Config, log: Log) -> None:
        # A build makes millions of small objects that live to its end and hold
        # no cycles; at the default thresholds the collector rescans them all
        # over and over (half the time of a rebuild). Rarer collections, same garbage.
        gc.set_threshold(*GC_THRESHOLDS)
        self.config = config
        self.log = log
        self._memory = Memory()
        # Kept warm between rebuilds; dropped when a change touches them. The code
        # is what this process runs, hashed once: its files on disk may move on.
        self._code = code_digest()
        self._rules: Rules | None = None
        self._theme: Theme | None = None
        self._listing: Listing | None = None
        self._duplicates = Duplicates()
        self._site_id = str(config.output_dir.absolute())
        self._content_id = str(config.content_dir.resolve())
        self.changed_outputs: frozenset[str] = frozenset()

    def build(self) -> Report:
        return self._run(None)

    def rebuild(self, changed: Collection[Path]) -> Report:
        """Build again after `changed` files changed, trusting that nothing else did."""
        changed = [Path(path).absolute() for path in changed]
        templates = self.config.templates_dir.absolute()
        if any(templates in path.parents for path in changed):
            self._theme = None
        rules = {path.resolve() for path in self.config.rules}
        if rules and any(path.resolve() in rules for path in changed):
            self._rules = None
        return self._run(changed)

    def _run(self, changed: Sequence[Path] | None) -> Report:
        try:
            return self._build(changed)
        except CacheDamaged as error:
            self.log.warn(f"{error}; building again without the cache")
            shutil.rmtree(self.config.cache_dir, ignore_errors=True)
            self._memory, self._duplicates = Memory(), Duplicates()
            return self._build(None)

    def _build(self, changed: Sequence[Path] | None) -> Report:
        started = time.perf_counter()
        self.changed_outputs = frozenset()
        config, memory = self.config, self._memory
        rules = self._rules = self._rules or load_rules(config.rules)
        code = self._code
        theme = self._theme = self._theme or Theme(config.templates_dir)
        max_bytes = config.max_input_mb * 1_000_000
        cache = Cache(config.cache_dir, self.log.warn)
        try:
            known = {rel: item.known for rel, item in memory.inputs.items()} if memory.inputs else cache.known_inputs(self._content_id)
            discovery = self._discover(changed, SettledSidecars(known))
            last = memory.last or _last_build(cache, self._site_id)
            # Nothing cached (a first build): keys could find nothing, so the workers read and key the inputs.
            defer = last is None and not memory.results and cache.empty()
            keyed, unreadable, unkeyed = key_sources(discovery.sources, code, rules, max_bytes, known, changed, defer=defer)
            records = memory.records if memory.records is not None else cache.outputs(self._site_id)
            found = survey(config.output_dir, _files(records), trust=changed is not None and memory.records is not None)
            if not unkeyed:
                cache.save_inputs(self._content_id, _input_changes(known, keyed))
                digest = build_digest(code, rules, theme.digest, config, list(keyed.values()), unreadable, discovery)
                if last is not None and last.digest == digest and left_as_it_was(found, records):
                    report = replace(last.report, seconds=time.perf_counter() - started)
                    self._announce(report)
                    self._memory = replace(memory, inputs=keyed, records=records, last=last)
                    return report
            processed = process_sources(keyed, unkeyed, memory.results, cache, (code, rules, max_bytes, config.workers))
            if unkeyed:
                keyed, unreadable = _in_source_order(discovery, {**keyed, **processed.keyed}, [*unreadable, *processed.unreadable])
                cache.save_inputs(self._content_id, _input_changes(known, keyed))
                digest = build_digest(code, rules, theme.digest, config, list(keyed.values()), unreadable, discovery)
            results = processed.results
            articles = _articles(results)
            built_with = basis(code, rules, theme)
            bodies = BodyReader(cache.path)
            index: Forked[list[Data]] | None = None
            try:
                patch = self._patch(changed, built_with, keyed, unreadable, results, articles, bodies)
                if patch is not None:
                    keys = _keys(theme, code, results)
                    # The pages first (what a person who saved is waiting for), then the search index.
                    pages = write_site(patch.pages, keys, records, found, config, bodies, theme, partial=True)
                    self.log.published(pages.written | pages.removed)
                    found = survey(config.output_dir, _files(pages.records), trust=True)
                    written = write_site(patch.search, keys, pages.records, found, config, bodies, theme, partial=True, after=patch.index)
                    self.changed_outputs = pages.written | pages.removed | written.written | written.removed
                    report = replace(memory.last.report, seconds=time.perf_counter() - started)  # type: ignore[union-attr]
                    self._announce(report)
                    cache.save_site(self._site_id, _changes(records, written.records), (digest, None))  # the same report
                    self._memory = Memory(keyed, _by_key(results), written.records, LastBuild(digest, report), patch.site, built_with, tuple(unreadable))
                    return report
                unique, duplicate_of = self._deduplicate(articles, lambda info: visible_text(bodies(info.body)))
                relate = self._relate(cache)
                site = collect(unique, copies_of(articles, duplicate_of), per_page=config.per_page, summary_words=config.summary_words, relate=relate)
                outcomes = account(discovery, unreadable, results, site, duplicate_of)
                report = Report(outcomes, _skipped(discovery), len(site.entries), 0, 0.0)
                self._announce(report)
                # The search index is made on another core while the pages are planned and keyed (and,
                # in a small rebuild, rendered); rendering workers wait for it (see write_site).
                index = Forked(partial(search_index, site, TermsReader(cache.path)), config.workers, items=True)
                outputs = plan_site(site, config, theme)
                written = write_site(outputs, _keys(theme, code, results), records, found, config, bodies, theme, after=index.result)
                self.changed_outputs = written.written | written.removed
            finally:
                bodies.close()
                if index is not None:
                    index.cancel()  # nothing to stop once its result was taken
            report = replace(report, pages=written.pages, seconds=time.perf_counter() - started)
            cache.save_site(self._site_id, _changes(records, written.records), (digest, encode_report(report)))
            cache.prune({key for key, _ in results.values()}, {item.body for item in articles}, set(map(terms_key, articles)))
            self._memory = Memory(keyed, _by_key(results), written.records, LastBuild(digest, report), site, built_with, tuple(unreadable))
            return report
        finally:
            cache.close()

    def _patch(
        self,
        changed: Sequence[Path] | None,
        built_with: str,
        keyed: Mapping[str, Keyed],
        unreadable: Sequence[Rejected],
        results: Mapping[str, tuple[str, tuple[Result, ...]]],
        articles: Sequence[ArticleInfo],
        bodies: BodyReader,
    ) -> Patch | None:
        """For a rebuild that only changed articles' words: the last site patched, and what to plan (see `quick`)."""
        memory = self._memory
        if changed is None or memory.site is None or memory.last is None or memory.basis != built_with:
            return None
        if tuple(unreadable) != memory.unreadable or keyed.keys() != memory.inputs.keys():
            return None
        edited: dict[str, ArticleInfo] = {}
        for rel, item in keyed.items():
            before = memory.inputs[rel]
            if before.key == item.key:
                continue
            if before.source != item.source:
                return None
            old, new = memory.results[before.key], results[rel][1]
            if [_shape(result) for result in old] != [_shape(result) for result in new]:
                return None  # an article appeared, went, or was rejected for another reason
            edited.update((result.origin, result) for result in new if isinstance(result, ArticleInfo))
        duplicates_before = self._duplicates.found
        _, duplicate_of = self._deduplicate(articles, lambda info: visible_text(bodies(info.body)))
        if duplicate_of != duplicates_before or not edited:
            return None
        config = self.config
        terms = TermsReader(bodies.path)
        return patch_site(memory.site, edited, terms, summary_words=config.summary_words, info=site_info(config), feed_entries=config.feed_entries)

    def _relate(self, cache: Cache) -> Callable[[Sequence[Entry]], dict[str, tuple[str, ...]]]:
        """Related stories, taken from the last build when what they are found from is the same."""

        def relate(entries: Sequence[Entry]) -> dict[str, tuple[str, ...]]:
            profiles = {entry.slug: entry.article.profile for entry in entries}
            key = relations_key(entries, profiles)
            links = cache.relations(self._site_id, key)
            if links is None or links.keys() != profiles.keys():
                links = related(entries, profiles=profiles, spread=partial(fork_map, workers=self.config.workers))
                cache.save_relations(self._site_id, key, links)
            return links

        return relate

    def _discover(self, changed: Sequence[Path] | None, settled: Mapping[str, Stamp]) -> Discovery:
        """The inputs: walked in full, or (rebuild) the last listing updated with what changed."""
        if changed is None or self._listing is None or not self._listing.update(changed, settled):
            self._listing = Listing(self.config.content_dir, settled, outputs=(self.config.output_dir,))
        return self._listing.discovery()

    def _deduplicate(self, articles: Sequence[ArticleInfo], text_of: Callable[[ArticleInfo], str]) -> tuple[list[ArticleInfo], dict[str, str]]:
        """The articles to publish, and `{duplicate origin: kept origin}` for the rest.

        Of several copies of one story the earliest dated is kept (the original,
        usually), then the longest, then the first by name. Works from the
        sketches made with each article; `text_of` is asked only to confirm a candidate.
        """
        by_origin = {article.origin: article for article in articles}

        def find_all() -> dict[str, str]:
            priority = sorted(articles, key=lambda a: (0 if a.meta.date else 1, sort_key(a.meta.date), -a.words, a.origin))
            items = [(article.origin, article.sketch) for article in priority]
            return find_sketched_duplicates(items, lambda origin: text_of(by_origin[origin]))

        duplicate_of = self._duplicates.find({origin: article.sketch for origin, article in by_origin.items()}, find_all)
        return [article for article in articles if article.origin not in duplicate_of], duplicate_of

    def _announce(self, report: Report) -> None:
        for outcome in report.outcomes:
            if outcome.status == "rejected":
                self.log.rejected(Rejected(printable(outcome.input), printable(outcome.reason or "")))  # one line each, whatever the name
        if self.config.strict and report.count("rejected"):
            raise StrictFailure("inputs were rejected and --strict is on: the previous site is left as it was")


def write_audit(config: Config, report: Report, audit_dir: Path) -> None:
    """The cleaning audit of this build's inputs, published to `audit_dir` (see broadsheet.audit)."""
    outcomes = {outcome.input: outcome for outcome in report.outcomes}
    files = audit_files(
        discover(config.content_dir), load_rules(config.rules), outcomes,
        max_bytes=config.max_input_mb * 1_000_000, audit_dir=audit_dir.absolute(), output_dir=config.output_dir.absolute(),
    )  # fmt: skip
    publish(files, audit_dir)


def copies_of(articles: Sequence[ArticleInfo], duplicate_of: Mapping[str, str]) -> dict[str, list[Meta]]:
    """Kept origin → the metadata of its duplicates (their sources and URLs)."""
    copies: dict[str, list[Meta]] = {}
    for article in sorted(articles, key=lambda a: a.origin):
        if article.origin in duplicate_of:
            copies.setdefault(duplicate_of[article.origin], []).append(article.meta)
    return copies


def account(
    discovery: Discovery,
    unreadable: Sequence[Rejected],
    results: Mapping[str, tuple[str, tuple[Result, ...]]],
    site: Site,
    duplicate_of: Mapping[str, str],
) -> tuple[Outcome, ...]:
    """One outcome per input, article of a list file, and sidecar."""
    placed: dict[str, Entry] = {entry.article.origin: entry for entry in site.entries}
    outcomes = [Outcome(item.origin, "rejected", reason=item.reason) for item in (*discovery.rejected, *unreadable)]
    for source in discovery.sources:
        if source.rel not in results:
            continue  # unreadable, accounted for above
        _, items = results[source.rel]
        for item in items:
            if isinstance(item, Rejected):
                outcomes.append(Outcome(item.origin, "rejected", reason=item.reason))
            elif item.origin in duplicate_of:
                kept = placed[duplicate_of[item.origin]]
                reason = f"same story as {kept.article.origin}"
                outcomes.append(Outcome(item.origin, "duplicate", kept.slug, kept.path, reason))
            else:
                entry = placed[item.origin]
                outcomes.append(Outcome(item.origin, "built", entry.slug, entry.path))
        sidecar = sidecar_rel(source)
        if sidecar and not any(item.origin == sidecar for item in items):
            outcomes.append(_sidecar_outcome(sidecar, source.rel, items, placed, duplicate_of))
    return sorted_outcomes(outcomes)


def _sidecar_outcome(
    sidecar: str, partner: str, items: Sequence[Result], placed: Mapping[str, Entry], duplicate_of: Mapping[str, str]
) -> Outcome:
    """A sidecar shares its partner's fate."""
    article = next((item for item in items if isinstance(item, ArticleInfo)), None)
    if article is None:
        return Outcome(sidecar, "rejected", reason=f"metadata for {partner}, which was rejected")
    if article.origin in duplicate_of:
        kept = placed[duplicate_of[article.origin]]
        return Outcome(sidecar, "duplicate", kept.slug, kept.path, reason=f"metadata for {partner}, same story as {kept.article.origin}")
    entry = placed[article.origin]
    return Outcome(sidecar, "built", entry.slug, entry.path, reason=f"metadata merged into {partner}")


def _keys(theme: Theme, code: str, results: Mapping[str, tuple[str, tuple[Result, ...]]]) -> Keys:
    """Page keys, told that an article's source key determines its info: no need to hash each one."""
    keys = Keys(theme.template_digest, code)
    for key, items in results.values():
        for index, item in enumerate(items):
            if isinstance(item, ArticleInfo):
                keys.know(item, f"{key}/{index}")
                keys.know(item.meta, f"{key}/{index}/meta")
    return keys


def _in_source_order(discovery: Discovery, keyed: Mapping[str, Keyed], unreadable: Sequence[Rejected]) -> tuple[dict[str, Keyed], list[Rejected]]:
    """Keyed and unreadable sources in the order `key_sources` gives them: the build digest and report depend on it."""
    position = {source.rel: index for index, source in enumerate(discovery.sources)}
    ordered = {source.rel: keyed[source.rel] for source in discovery.sources if source.rel in keyed}
    return ordered, sorted(unreadable, key=lambda item: position[item.origin])


def _articles(results: Mapping[str, tuple[str, tuple[Result, ...]]]) -> list[ArticleInfo]:
    return [item for _, items in results.values() for item in items if isinstance(item, ArticleInfo)]


def _shape(result: Result) -> tuple[str, str | None]:
    return (result.origin, result.reason if isinstance(result, Rejected) else None)


def _by_key(results: Mapping[str, tuple[str, tuple[Result, ...]]]) -> dict[str, tuple[Result, ...]]:
    return {key: items for key, items in results.values()}


def _files(records: Mapping[str, OutputRecord]) -> dict[str, FileState]:
    return {path: record.file for path, record in records.items()}


def _skipped(discovery: Discovery) -> tuple[SkippedFile, ...]:
    return tuple(SkippedFile(item.rel, item.reason) for item in discovery.skipped)


def _last_build(cache: Cache, site_id: str) -> LastBuild | None:
    stored = cache.last_build(site_id)
    if stored is None:
        return None
    report = decode_report(stored[1])
    return LastBuild(stored[0], report) if report is not None else None


def _input_changes(before: Mapping[str, Known], after: Mapping[str, Keyed]) -> dict[str, Known | None]:
    changes: dict[str, Known | None] = {rel: item.known for rel, item in after.items() if before.get(rel) != item.known}
    changes.update((rel, None) for rel in before if rel not in after)
    return changes


def _changes(before: Mapping[str, OutputRecord], after: Mapping[str, OutputRecord]) -> dict[str, OutputRecord | None]:
    changes: dict[str, OutputRecord | None] = {path: record for path, record in after.items() if before.get(path) != record}
    changes.update((path, None) for path in before if path not in after)
    return changes
