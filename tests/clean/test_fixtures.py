"""The fixture corpus (tests/clean/fixtures): must-keep and must-drop lines, a pinned quality floor."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from broadsheet.clean import clean, load_rules
from broadsheet.model import Article, Meta, RawDoc

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("*.txt"))
RULES = load_rules()
# Mean line F1 over the fixtures when this floor was pinned, less a small
# margin. Raise it when the cleaner gets better; never lower it to pass.
FLOOR = 0.99


@dataclass(frozen=True)
class Fixture:
    lines: list[str]
    keep: set[int]  # indexes of must-keep lines
    meta: dict[str, str]


def _read(path: Path) -> Fixture:
    lines, keep, meta = [], set(), {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#!"):
            field, _, value = raw[2:].partition(":")
            meta[field.strip()] = value.strip()
        elif raw.startswith("#"):
            continue
        elif raw[:2] in ("+ ", "- "):
            if raw[0] == "+":
                keep.add(len(lines))
            lines.append(raw[2:])
        else:
            raise ValueError(f"{path.name}: line without a mark: {raw!r}")
    return Fixture(lines, keep, meta)


def _clean(fixture: Fixture, name: str) -> Article:
    result = clean(RawDoc(name, "text", "\n".join(fixture.lines), Meta()), RULES)
    assert isinstance(result, Article), result
    return result


def _line_f1(fixture: Fixture, article: Article) -> float:
    kept = {index for index, verdict in enumerate(article.trace) if verdict.rule is None}
    common = len(kept & fixture.keep)
    if not common:
        return 0.0
    precision, recall = common / len(kept), common / len(fixture.keep)
    return 2 * precision * recall / (precision + recall)


def test_quality_floor():
    scores, wrong = {}, []
    for path in FIXTURES:
        fixture = _read(path)
        article = _clean(fixture, path.name)
        scores[path.name] = _line_f1(fixture, article)
        wrong += [
            f"{path.name}:{index + 1} {'kept' if verdict.rule is None else 'dropped by ' + verdict.rule}: {verdict.text[:60]}"
            for index, verdict in enumerate(article.trace)
            if (verdict.rule is None) != (index in fixture.keep)
        ]
    mean = sum(scores.values()) / len(scores)
    assert mean >= FLOOR, f"fixture line F1 {mean:.3f} fell below the pinned floor {FLOOR}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_stated_metadata(path):
    fixture = _read(path)
    article = _clean(fixture, path.name)
    for field, value in fixture.meta.items():
        actual = article.meta.authors if field == "authors" else getattr(article.meta, field)
        expected = tuple(name.strip() for name in value.split(",")) if field == "authors" else value
        assert actual == expected, field
