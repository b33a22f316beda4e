"""`build.py import`: raw files → cleaned, reviewable Markdown files.

The same reading and cleaning as a build, stopping at `MarkdownDoc`; each
article becomes `<slug>.md` with its slug in the front matter, so it keeps
its URL when its headline is edited later.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from broadsheet.clean import Rules
from broadsheet.frontmatter import dumps
from broadsheet.model import MarkdownDoc, OutputFile, Rejected
from broadsheet.process import to_markdown_doc
from broadsheet.publish import write_new_files
from broadsheet.read import Discovery, load_source, read
from broadsheet.report import Outcome, printable, sorted_outcomes
from broadsheet.slug import slugify, unique_slugs


def import_files(discovery: Discovery, to_dir: Path, rules: Rules, *, max_bytes: int, overwrite: bool) -> tuple[Outcome, ...]:
    outcomes = [Outcome(item.origin, "rejected", reason=item.reason) for item in discovery.rejected]
    docs: list[MarkdownDoc] = []
    for source in discovery.sources:
        loaded = load_source(source, max_bytes)
        if isinstance(loaded, Rejected):
            outcomes.append(Outcome(loaded.origin, "rejected", reason=loaded.reason))
            continue
        for doc in read(source, *loaded):
            result = doc if isinstance(doc, Rejected) else to_markdown_doc(doc, rules)
            if isinstance(result, Rejected):
                outcomes.append(Outcome(result.origin, "rejected", reason=result.reason))
            else:
                docs.append(result)
    slugs = unique_slugs([(doc.origin, slugify(doc.meta.slug or doc.meta.title)) for doc in docs])
    files = []
    for doc in docs:
        slug = slugs[doc.origin]
        files.append(OutputFile(f"{slug}.md", dumps(replace(doc, meta=replace(doc.meta, slug=slug))).encode("utf-8")))
    written = write_new_files(files, to_dir, overwrite=overwrite)
    for doc, file in zip(docs, files):
        if file.path in written:
            outcomes.append(Outcome(doc.origin, "built", slugs[doc.origin], (to_dir / file.path).as_posix()))
        else:
            reason = f"{(to_dir / file.path).as_posix()} exists and differs (use --force to replace it)"
            outcomes.append(Outcome(doc.origin, "rejected", slugs[doc.origin], reason=reason))
    # Outcomes are what `import` prints: names shown escaped, one line each (report.printable).
    return sorted_outcomes([replace(outcome, input=printable(outcome.input), reason=outcome.reason and printable(outcome.reason)) for outcome in outcomes])
