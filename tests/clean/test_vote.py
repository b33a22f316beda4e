"""The extractor's vote: what two of trafilatura's three settings agree on."""

from __future__ import annotations

from broadsheet.clean import vote
from broadsheet.clean.vote import agreed, extract_paragraphs


def test_a_text_two_settings_take_is_in_the_vote_and_one_alone_is_not():
    balanced = ["Opening paragraph", "Second paragraph", "Teaser for another story"]
    precision = ["First paragraph the balanced setting missed", "Opening paragraph", "Second paragraph"]
    recall = ["First paragraph the balanced setting missed", "Opening paragraph", "Second paragraph", "A caption"]
    assert agreed(balanced, precision, recall) == [
        "Opening paragraph",
        "Second paragraph",
        "First paragraph the balanced setting missed",
    ]


def test_a_text_only_the_balanced_and_one_other_take_stays():
    assert agreed(["A", "B"], ["A"], ["B"]) == ["A", "B"]


def test_the_precision_setting_runs_only_when_recall_and_balanced_differ(monkeypatch, prose):
    html = "<html><body><article>" + "".join(f"<p>{paragraph}</p>" for paragraph in prose) + "</article></body></html>"
    asked = []
    real = vote._units

    def counting(tree, setting):
        asked.append(setting)
        return real(tree, setting)

    monkeypatch.setattr(vote, "_units", counting)
    assert extract_paragraphs(html) == list(prose)
    assert asked == ["balanced", "recall"]

    # When the settings differ, the third one is asked.
    asked.clear()
    monkeypatch.setattr(vote, "_units", lambda tree, setting: asked.append(setting) or {"recall": ["X"]}.get(setting, ["Y"]))
    assert extract_paragraphs(html) == ["Y"]
    assert asked == ["balanced", "recall", "precision"]


def test_nothing_parseable_is_no_vote():
    assert extract_paragraphs("") == []
    assert extract_paragraphs("\x00\x01") == []
