"""`.md`: an article already cleaned, front matter plus Markdown body."""

from __future__ import annotations

from broadsheet.frontmatter import FrontMatterError, parse
from broadsheet.model import Meta, RawDoc, Rejected
from broadsheet.read.fields import FieldError, merge, meta_from_fields


def read_markdown(origin: str, text: str, stated: Meta) -> list[RawDoc | Rejected]:
    try:
        fields, body = parse(text)
        meta = merge(meta_from_fields(fields), stated)
    except (FrontMatterError, FieldError) as error:
        return [Rejected(origin, str(error))]
    if not body.strip():
        return [Rejected(origin, "no article text after the front matter")]
    return [RawDoc(origin, "markdown", body, meta)]
