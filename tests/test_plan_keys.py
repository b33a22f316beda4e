"""Page keys: the same context gives the same key, any changed value a new one."""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.write.plan import Keys, Page


@dataclass(frozen=True)
class Nothing:
    pass


@dataclass(frozen=True)
class One:
    name: str


@dataclass(frozen=True)
class Two:
    name: str
    count: int


def _key(**context: object) -> str:
    return Keys(lambda template: "digest-of-" + template, "code").key(Page("a.html", "page.html", context))


def test_dataclasses_of_any_number_of_fields_are_keyed_by_their_values():
    assert _key(value=Nothing()) == _key(value=Nothing())
    assert _key(value=One("tide")) == _key(value=One("tide")) != _key(value=One("moon"))
    assert _key(value=Two("tide", 1)) == _key(value=Two("tide", 1)) != _key(value=Two("tide", 2))
    assert len({_key(value=item) for item in (Nothing(), One("tide"), Two("tide", 1), [One("tide")])}) == 4
