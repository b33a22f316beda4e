"""Nothing lost: for any mix of good, bad and odd files, the report names every input exactly once and the counts add up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.conftest import build
from tests.hostile.corpus import story, text_file

# Each kind of file: what it writes, and the report rows (`name` or `name#N`) or skipped entries it must give.
KINDS = ("good-txt", "sidecar-pair", "bad-sidecar-pair", "json-list", "jsonl", "good-md", "bad-md", "binary", "empty", "hidden", "other-type", "copy", "bad-date")


def _write(content: Path, index: int, kind: str, items: list[bool]) -> tuple[set[str], set[str]]:
    """Write one file (or pair) of `kind`; its report rows and skipped names."""
    stem = f"sub{index % 2}/f{index:02}"
    path = content / stem
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(story(f"acct-{index}"))
    if kind == "good-txt":
        path.with_suffix(".txt").write_bytes(text_file(f"Story {index} about the harbour", f"acct-{index}"))
        return {f"{stem}.txt"}, set()
    if kind in ("sidecar-pair", "bad-sidecar-pair"):
        path.with_suffix(".txt").write_bytes(text_file(f"Story {index} with metadata", f"acct-{index}"))
        path.with_suffix(".json").write_text(json.dumps({"title": f"Sidecar {index}", "tags": ["x"]}) if kind == "sidecar-pair" else "{broken")
        return {f"{stem}.txt", f"{stem}.json"}, set()
    if kind == "json-list":
        records = [{"title": f"Item {index}.{n}", "text": "\n\n".join(story(f"acct-{index}-{n}"))} if ok else {"title": "no body"} for n, ok in enumerate(items)]
        path.with_suffix(".json").write_text(json.dumps(records))
        return ({f"{stem}.json#{n}" for n in range(1, len(items) + 1)} if items else {f"{stem}.json"}), set()
    if kind == "jsonl":
        lines = [json.dumps({"title": f"Line {index}.{n}", "body": "\n\n".join(story(f"acct-{index}-l{n}"))}) if ok else "{bad" for n, ok in enumerate(items)]
        path.with_suffix(".jsonl").write_text("\n".join(lines) + "\n\n")
        return ({f"{stem}.jsonl#{n}" for n in range(1, len(items) + 1)} if items else {f"{stem}.jsonl"}), set()
    if kind == "good-md":
        path.with_suffix(".md").write_text(f"---\ntitle: Notes {index}\n---\n\n{body}\n")
        return {f"{stem}.md"}, set()
    if kind == "bad-md":
        path.with_suffix(".md").write_text("---\ntitle: [\n---\nBody.\n")
        return {f"{stem}.md"}, set()
    if kind == "binary":
        path.with_suffix(".txt").write_bytes(bytes(range(256)) * 4)
        return {f"{stem}.txt"}, set()
    if kind == "empty":
        path.with_suffix(".html").write_bytes(b"")
        return {f"{stem}.html"}, set()
    if kind == "hidden":
        hidden = path.with_name(f".f{index:02}.txt")
        hidden.write_text("hidden")
        return set(), {hidden.relative_to(content).as_posix()}
    if kind == "other-type":
        path.with_suffix(".pdf").write_bytes(b"%PDF-1.4")
        return set(), {f"{stem}.pdf"}
    if kind == "copy":  # the same story as good article 0 (always written): a duplicate
        path.with_suffix(".txt").write_bytes(text_file("Story 0 about the harbour, again", "acct-0"))
        return {f"{stem}.txt"}, set()
    assert kind == "bad-date"
    path.with_suffix(".json").write_text(json.dumps({"title": "When?", "date": "2026-13-45", "text": body}))
    return {f"{stem}.json"}, set()


plans = st.lists(st.tuples(st.sampled_from(KINDS), st.lists(st.booleans(), max_size=3)), min_size=1, max_size=8)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(plan=plans)
def test_every_input_is_in_the_report_once_and_the_counts_add_up(tmp_path, plan):
    content = tmp_path / "content"
    shutil.rmtree(tmp_path, ignore_errors=True)
    tmp_path.mkdir()
    rows, skipped = _write(content, 0, "good-txt", [])
    for index, (kind, items) in enumerate(plan, start=1):
        more_rows, more_skipped = _write(content, index, kind, items)
        rows |= more_rows
        skipped |= more_skipped
    code, stderr, report = build(content, tmp_path / "site", tmp_path)
    names = [item["input"] for item in report["inputs"]]
    assert len(names) == len(set(names)), "no input twice"
    assert set(names) == rows
    assert {item["input"] for item in report["skipped"]} == skipped
    summary = report["summary"]
    assert summary["inputs"] == len(names) == summary["built"] + summary["duplicate"] + summary["rejected"]
    for item in report["inputs"]:
        if item["status"] in ("built", "duplicate"):
            assert (tmp_path / "site" / item["output"]).is_file(), item
        else:
            assert item["reason"] and f"{item['input']}: rejected: {item['reason']}" in stderr
    assert code == (1 if summary["rejected"] else 0)
    if any(kind == "copy" for kind, _ in plan):
        assert summary["duplicate"] >= 1
