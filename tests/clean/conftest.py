"""Shared fixtures for the cleaner's tests."""

from __future__ import annotations

import pytest

from broadsheet.clean import Rules, load_rules


@pytest.fixture(scope="session")
def rules() -> Rules:
    return load_rules()


@pytest.fixture(scope="session")
def prose() -> tuple[str, ...]:
    """Paragraphs of ordinary prose (written for these tests) to set examples in."""
    return (
        "The harbour board agreed on Tuesday to rebuild the old pier before the summer season, "
        "after two years of argument over who should pay for the timber and the labour.",
        "Engineers will start work in March, and the board expects the pier to reopen to walkers "
        "by the end of June if the spring storms are kind to the builders and the barges arrive on time.",
        "Local fishermen, who moor their boats along the north side of the pier, said they were glad "
        "the work would finally begin but worried about losing their berths for most of the spring.",
    )
