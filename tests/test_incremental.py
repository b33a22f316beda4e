"""After any edit, an incremental build gives the bytes a clean build gives, rewriting only what changed."""

from __future__ import annotations

import json
import random
import re
import shutil

import pytest

from broadsheet.publish import MANIFEST
from tests.project import PER_PAGE, Project, changed_files, edited, make_project, paragraph


@pytest.fixture
def project(tmp_path) -> Project:
    project = make_project(tmp_path)
    assert project.build() == 0
    return project


def _edit_body(p: Project) -> None:
    p.edit(p.text_file(3), "residents wrote", "residents complained in writing")


def _edit_title(p: Project) -> None:
    sidecar = p.text_file(4).with_suffix(".json")
    p.edit(sidecar, "Story number 4", "A new headline for story 4")


def _edit_tags(p: Project) -> None:
    p.edit(p.text_file(5).with_suffix(".json"), '"tags": [', '"tags": ["Elections", ')


def _add_newest(p: Project) -> None:
    p.add_text(50, date="2026-01-05")


def _add_in_the_middle(p: Project) -> None:
    p.add_text(51, date="2025-04-02")


def _remove(p: Project) -> None:
    p.text_file(6).unlink()
    p.text_file(6).with_suffix(".json").unlink()


def _remove_sidecar(p: Project) -> None:
    p.text_file(7).with_suffix(".json").unlink()


def _edit_markdown(p: Project) -> None:
    p.edit(p.content / "notes" / "0001.md", "title: Note 1", "title: Note one")


def _edit_json_list(p: Project) -> None:
    p.edit(p.content / "wire.json", "Wire 1", "Wire one")


def _break_an_input(p: Project) -> None:
    (p.content / "notes" / "0002.md").write_text("---\ntitle: [unclosed\n---\nbody", encoding="utf-8")


def _rewrite_a_syndicated_story(p: Project) -> None:
    """Article 8 has a copy on the wire: rewritten, the two are no longer one story."""
    p.text_file(8).write_text("Story eight, rewritten\n" + "\n".join(paragraph(300 + line, line) for line in range(3)) + "\n")


def _remove_the_original_of_a_copy(p: Project) -> None:
    p.text_file(8).unlink()


def _edit_article_template(p: Project) -> None:
    p.edit(p.theme / "article.html", '<article class="story"', '<article class="story edited"')


def _edit_base_template(p: Project) -> None:
    p.edit(p.theme / "base.html", "Skip to content", "Skip to the news")


def _edit_entry_partial(p: Project) -> None:
    p.edit(p.theme / "_entry.html", 'class="story-item"', 'class="story-item edited"')


def _edit_asset(p: Project) -> None:
    with (p.theme / "static" / "style.css").open("a") as css:
        css.write("\n.edited { color: red; }\n")


def _edit_rule(p: Project) -> None:
    """The site's rule now drops a line some articles have (and still its example)."""
    p.edit(p.rules, "pattern = '^Listen to Harbour Radio live'", "pattern = '^(Listen to Harbour Radio live|The library in Emberley was)'")


def _edit_title_setting(p: Project) -> None:
    p.edit(p.settings, 'title = "Test Gazette"', 'title = "Other Gazette"')


def _edit_per_page_setting(p: Project) -> None:
    p.edit(p.settings, f"per_page = {PER_PAGE}", "per_page = 2")


def _add_base_url_setting(p: Project) -> None:
    p.settings.write_text(p.settings.read_text() + 'base_url = "https://example.org/news/"\n')


EDITS = [
    _edit_body, _edit_title, _edit_tags, _add_newest, _add_in_the_middle, _remove, _remove_sidecar, _edit_markdown,
    _edit_json_list, _break_an_input, _rewrite_a_syndicated_story, _remove_the_original_of_a_copy, _edit_article_template, _edit_base_template, _edit_entry_partial, _edit_asset,
    _edit_rule, _edit_title_setting, _edit_per_page_setting, _add_base_url_setting,
]  # fmt: skip


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__.strip("_"))
def test_incremental_build_equals_clean_build(project, edit):
    edit(project)
    code = project.build()
    assert project.site() == project.clean_build()
    assert code == project.build("clean-site", "clean-cache")  # and the same exit status


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__.strip("_"))
def test_builder_rebuild_equals_clean_build(tmp_path, edit):
    project = make_project(tmp_path)
    builder = project.builder()
    builder.build()
    before = project.sources()
    edit(project)
    if edit.__name__.endswith("_setting"):
        builder = project.builder()  # a changed settings file means a new Builder (watch makes one)
        builder.build()
    else:
        builder.rebuild(edited(before, project.sources()))
    assert project.site() == project.clean_build()


def test_warm_build_rewrites_nothing(project):
    before = project.stamps()
    report_before = (project.root / "site" / MANIFEST).read_bytes()
    assert project.build() == 0
    assert project.stamps() == before  # no file touched: same inodes, same modification times
    assert (project.root / "site" / MANIFEST).read_bytes() == report_before


def _without_related(page: bytes) -> bytes:
    return re.sub(rb'<section class="related".*?</section>', b"", page, flags=re.S)


def test_one_edit_rewrites_only_the_pages_showing_it(project):
    before, old = project.stamps(), project.site()
    _edit_body(project)
    project.build()
    changed, new = changed_files(before, project.stamps()), project.site()
    edited = project.text_file(3).stem
    articles = {path for path in changed if path.startswith("articles/")}
    for path in articles:
        # Its own page; any other only because its related stories (found from words) changed.
        assert path.endswith(f"-{int(edited)}-about-route-{int(edited) % 5}.html") or _without_related(old[path]) == _without_related(new[path]), path
    assert MANIFEST in changed and "sitemap.xml" not in changed and "assets/style.css" not in changed
    lists = {path for path in changed if path.endswith("index.html") or path.startswith(("page/", "tags/", "sources/", "archive/"))}
    assert len(lists) <= 5, lists  # the front pages of the lists it is on here
    search = {path for path in changed if path.startswith("search/d/")}
    assert len(search) == 1  # its search document; the index shards holding its words change too


def test_adding_the_newest_article_leaves_numbered_pages_alone(project):
    before, old = project.stamps(), project.site()
    _add_newest(project)
    project.build()
    changed, new = changed_files(before, project.stamps()), project.site()
    numbered = {path for path in before if path.startswith(("page/", "tags/", "sources/", "archive/")) and not path.endswith("index.html")}
    newest = {max((p for p in numbered if p.rsplit("/", 1)[0] == folder), key=lambda p: int(p.rsplit("/", 1)[1][:-5])) for folder in {p.rsplit("/", 1)[0] for p in numbered}}
    assert numbered - newest, "the project should have older numbered pages"
    assert not changed & (numbered - newest), changed & numbered  # only a list's newest page may gain a link to a new one
    articles = {path for path in changed if path.startswith("articles/")}
    moved = {path for path in articles if path not in old or _without_related(old[path]) != _without_related(new[path])}
    assert len(moved) == 2  # the new one, and the one now older than it; the rest only for their related stories


def test_a_changed_template_rerenders_only_its_pages(project):
    before = project.stamps()
    _edit_article_template(project)
    project.build()
    changed = changed_files(before, project.stamps())
    assert changed - {MANIFEST} == {path for path in before if path.startswith("articles/")}


def test_a_file_edited_or_deleted_in_the_site_is_put_back(project):
    site = project.root / "site"
    expected = project.site()
    page = next((site / "articles").iterdir())
    page.write_text("defaced", encoding="utf-8")
    (site / "index.html").unlink()
    (site / "stray.html").write_text("not ours", encoding="utf-8")
    assert project.build() == 0
    assert project.site() == expected


def test_random_edit_sequences_stay_equal_to_clean_builds(tmp_path):
    project = make_project(tmp_path)
    builder = project.builder()
    builder.build()
    rng = random.Random(4)
    content_edits = [edit for edit in EDITS if not edit.__name__.endswith("_setting")]
    for step in range(6):
        edit = rng.choice(content_edits)
        before = project.sources()
        try:
            edit(project)
        except (AssertionError, FileNotFoundError):
            continue  # this edit was already made, or its file is gone
        if rng.random() < 0.5:
            builder.rebuild(edited(before, project.sources()))
            assert project.site() == project.clean_build(), f"step {step}: {edit.__name__} via Builder"
        else:
            project.build()
            assert project.site() == project.clean_build(), f"step {step}: {edit.__name__} via the command line"
            builder = project.builder()
            builder.build()


def test_deleting_the_cache_gives_a_cold_build_that_keeps_unchanged_files(project):
    before = project.stamps()
    shutil.rmtree(project.root / "cache")
    assert project.build() == 0
    assert project.stamps() == {path: stamp for path, stamp in before.items() if path != MANIFEST} | {MANIFEST: project.stamps()[MANIFEST]}


def test_a_build_with_nothing_to_do_reports_what_the_full_build_did(project, capsys, monkeypatch):
    _break_an_input(project)  # a rejected input: exit status 1 and its message, every time
    reports = []
    for attempt in range(2):
        if attempt:
            monkeypatch.setattr("broadsheet.pipeline.process_sources", None)  # nothing changed: no stage runs
        code = project.build("site", "cache", "--report", str(project.root / "report.json"))
        stderr = capsys.readouterr().err
        report = json.loads((project.root / "report.json").read_text(encoding="utf-8"))
        del report["summary"]["seconds"]
        reports.append((code, report, [line for line in stderr.splitlines() if "rejected:" in line]))
    assert reports[0] == reports[1]
    assert reports[0][0] == 1 and len(reports[0][2]) == 1


def _edit_a_figure(p: Project) -> None:
    """A corrected number: the words related stories are found by stay the same."""
    text = p.text_file(3).read_text(encoding="utf-8")
    number = re.search(r"after (\d+) residents", text).group(1)
    p.edit(p.text_file(3), f"after {number} residents", f"after {int(number) + 40} residents")


@pytest.mark.parametrize("edit", [_edit_a_figure, _edit_body, _rewrite_a_syndicated_story, _edit_title], ids=lambda edit: edit.__name__.strip("_"))
def test_a_rebuild_after_a_words_only_edit_places_nothing_again(tmp_path, monkeypatch, edit):
    """Editing an article's words patches the last site, unless they change what relates it to
    others (a short story's top words move easily); anything that may move an article builds in full."""
    project = make_project(tmp_path)
    builder = project.builder()
    builder.build()
    before = project.sources()
    edit(project)
    collected = []
    real_collect = __import__("broadsheet.pipeline", fromlist=["collect"]).collect
    monkeypatch.setattr("broadsheet.pipeline.collect", lambda *args, **kw: collected.append(1) or real_collect(*args, **kw))
    builder.rebuild(edited(before, project.sources()))
    assert bool(collected) == (edit is not _edit_a_figure)
    assert project.site() == project.clean_build()


def test_a_first_build_keys_inputs_where_it_reads_them_and_reports_as_any_build(tmp_path, monkeypatch):
    """With nothing cached the workers read and key the inputs (no read in the main process first):
    same site, same report, an unreadable input rejected the same, and the next build has nothing to do."""
    project = make_project(tmp_path, articles=30)  # enough inputs to start workers
    project.settings.write_text(project.settings.read_text() + "max_input_mb = 1\n", encoding="utf-8")
    (project.content / "huge.txt").write_text("Too long\n" + "word " * 300_000, encoding="utf-8")
    reports = []
    for site, cache in (("site", "cache"), ("again", "cache")):  # the second: everything cached, keyed first
        if site == "site":
            monkeypatch.setattr("broadsheet.inputs.load_source", None)  # not read to be keyed
        else:
            monkeypatch.undo()
        code = project.build(site, cache, "--report", str(project.root / f"{site}.json"))
        report = json.loads((project.root / f"{site}.json").read_text(encoding="utf-8"))
        del report["summary"]["seconds"]
        reports.append((code, report))
    assert reports[0] == reports[1] and reports[0][0] == 1
    rejected = [item for item in reports[0][1]["inputs"] if item["status"] == "rejected"]
    assert [item["input"] for item in rejected] == ["huge.txt"] and "input limit" in rejected[0]["reason"]
    assert project.site("site") == project.site("again")
    monkeypatch.setattr("broadsheet.pipeline.process_sources", None)  # the first build recorded every input
    assert project.build() == 1


def test_a_rule_edit_drops_the_lines_it_now_matches(project):
    sentence = b"The library in Emberley was"
    assert any(sentence in page for path, page in project.site().items() if path.startswith("articles/"))
    _edit_rule(project)
    project.build()
    assert not any(sentence in page for path, page in project.site().items() if path.startswith("articles/"))
