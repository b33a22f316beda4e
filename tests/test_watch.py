"""`build.py watch` driven for real: a temp project, real file writes, the real watchdog observer.

Each change a person makes (an editor's save, a rename, a delete, a checkout
of a thousand files, a broken then fixed template) must give exactly one
correct rebuild, and bad input must never stop the watch or spoil the site.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import jinja2
import pytest

from broadsheet.changes import ChangeQueue, ChangeSet, WatchedPaths
from broadsheet.messages import describe
from tests.sitecheck import tree_bytes
from tests.watchkit import (
    PATIENCE,
    SETTLE,
    article,
    make_project,
    project_config,
    save_atomically,
    start_watching,
    wait_for,
    watch_process,
)

ONE = article("Harbour bridge vote", "The council voted on the bridge today.")
TWO = article("Ferry fares rise", "Ferry fares rise again in the spring.", date="2024-04-01")


@pytest.fixture
def live(tmp_path, monkeypatch):
    root = make_project(tmp_path / "project", {"bridge.md": ONE, "ferry.md": TWO})
    monkeypatch.chdir(root)
    running, stop = start_watching(root)
    assert running.builds == 1 and running.results[0].report is not None, running.output()
    yield running
    stop()


def settled(live) -> int:
    """The number of builds once nothing more is pending (asserting on absence needs a wait)."""
    time.sleep(SETTLE)
    return live.builds


def test_an_atomic_save_rebuilds_the_article_once(live):
    save_atomically(live.root / "content/bridge.md", ONE.replace("voted on the bridge", "approved the new bridge"))
    wait_for(lambda: "approved the new bridge" in live.page("articles/harbour-bridge-vote.html"), "the edited article")
    assert settled(live) == 2
    assert "changed: content/bridge.md" in live.output()
    assert ".bridge.md.tmp" not in live.output()


def test_a_vim_style_save_rebuilds_once_and_its_scratch_files_never_do(live):
    content = live.root / "content"
    # While editing, vim keeps writing its swap file: no rebuild.
    for _ in range(3):
        (content / ".bridge.md.swp").write_bytes(os.urandom(64))
    (content / "#bridge.md#").write_text("emacs autosave")
    (content / "bridge.md~").write_text("a backup")
    assert settled(live) == 1
    # On :w, vim probes the folder with "4913", renames the file to a backup, writes anew, drops the backup.
    (content / "4913").write_text("")
    (content / "4913").unlink()
    os.rename(content / "bridge.md", content / "bridge.md~")
    (content / "bridge.md").write_text(ONE.replace("today", "on Tuesday"), encoding="utf-8")
    (content / "bridge.md~").unlink()
    wait_for(lambda: "on Tuesday" in live.page("articles/harbour-bridge-vote.html"), "the saved article")
    assert settled(live) == 2
    changed = [line for line in live.lines if line.startswith("changed:")]
    assert changed == ["changed: content/bridge.md"]


def test_deleting_and_renaming_files_and_folders(live):
    content = live.root / "content"
    (content / "ferry.md").unlink()
    live.wait_builds(2, "the build after a delete")
    assert not (live.site / "articles/ferry-fares-rise.html").exists()
    assert "Ferry fares rise" not in live.page("index.html")
    assert "ferry.md" not in live.inputs()

    os.rename(content / "bridge.md", content / "renamed.md")
    live.wait_builds(3, "the build after a rename")
    assert "renamed.md" in live.inputs() and "bridge.md" not in live.inputs()
    assert "Harbour bridge vote" in live.page("articles/harbour-bridge-vote.html")

    (content / "desk").mkdir()
    save_atomically(content / "desk/night.md", article("Night buses return", "Night buses run again."))
    wait_for(lambda: "desk/night.md" in live.inputs(), "an article in a new folder")
    assert (live.site / "articles/night-buses-return.html").exists()
    os.rename(content / "desk", content / "archive-desk")
    wait_for(lambda: "archive-desk/night.md" in live.inputs(), "the folder rename in the report")
    assert "desk/night.md" not in live.inputs()
    shutil.rmtree(content / "archive-desk")
    wait_for(lambda: "archive-desk/night.md" not in live.inputs(), "the removed folder's article to go")
    assert not (live.site / "articles/night-buses-return.html").exists()
    assert settled(live) == live.builds  # and nothing more


def test_a_broken_template_keeps_the_last_good_site_until_it_is_fixed(live):
    template = live.root / "templates/article.html"
    good = template.read_text(encoding="utf-8")
    before = tree_bytes(live.site)
    broken = good.replace("{% block main %}", "{% block main %}\n{% if %}", 1)
    line = broken.splitlines().index("{% if %}") + 1
    save_atomically(template, broken)
    failed = live.wait_builds(2, "the failed build")
    assert failed.report is None
    assert re.search(rf"error: template templates/article\.html, line {line}: ", live.output()), live.output()
    assert tree_bytes(live.site) == before

    # An article saved while the template is broken is published once the template is fixed.
    save_atomically(live.root / "content/bridge.md", ONE.replace("today", "this morning"))
    assert live.wait_builds(3).report is None
    assert tree_bytes(live.site) == before
    save_atomically(template, good)
    fixed = live.wait_builds(4, "the build after the fix")
    assert fixed.report is not None and fixed.problems == ()
    assert "this morning" in live.page("articles/harbour-bridge-vote.html")


def test_a_template_error_while_rendering_names_its_line(live):
    template = live.root / "templates/article.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    at = next(number for number, text in enumerate(lines) if "{% block main %}" in text) + 1
    lines.insert(at, "{{ meta.no_such_field.upper() }}")
    save_atomically(template, "\n".join(lines) + "\n")
    assert live.wait_builds(2).report is None
    assert f"error: template templates/article.html, line {at + 1}: " in live.output()


def test_bad_front_matter_is_named_and_the_rest_still_builds(live):
    content = live.root / "content"
    save_atomically(content / "bridge.md", "---\ntitle: [unclosed\n---\n\nBody.\n")
    result = live.wait_builds(2)
    assert result.report is not None
    assert "content/bridge.md: rejected: front matter is not valid YAML on line 2" in live.output()
    assert any("content/bridge.md: rejected" in problem for problem in result.problems)  # shown on open pages
    assert "Ferry fares rise" in live.page("articles/ferry-fares-rise.html")
    save_atomically(content / "bridge.md", ONE)
    fixed = live.wait_builds(3)
    assert fixed.problems == () and "content/bridge.md: builds again" in live.output()


def test_a_file_that_cannot_be_read_is_named_and_the_next_good_save_rebuilds(live):
    content = live.root / "content"
    (content / "wire.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    wait_for(lambda: "content/wire.txt: rejected: " in live.output(), "the rejection of a binary file")
    assert "Harbour bridge vote" in live.page("index.html")
    if os.geteuid() != 0:  # root reads files whatever their mode
        os.chmod(content / "ferry.md", 0)
        wait_for(lambda: "content/ferry.md: rejected: cannot read file" in live.output(), "the unreadable file")
        os.chmod(content / "ferry.md", 0o644)
    save_atomically(content / "wire.txt", "Wire story headline\nA plain paragraph of wire copy about the port.\n")
    wait_for(lambda: "content/wire.txt: builds again" in live.output(), "the fixed file to build")


def test_each_of_many_quick_saves_is_seen_and_the_last_one_wins(live):
    path = live.root / "content/bridge.md"
    for number in range(12):
        save_atomically(path, ONE.replace("today", f"in session {number}"))
        time.sleep(0.005 * (number % 4))  # some saves land while a rebuild is running
    wait_for(lambda: "in session 11" in live.page("articles/harbour-bridge-vote.html"), "the last save")


def test_settings_changes_rebuild_everything_and_bad_settings_keep_the_site(live):
    settings = live.root / "site.toml"
    save_atomically(settings, 'title = "Harbour Gazette"\n')
    live.wait_builds(2, "the build with new settings")
    assert "Harbour Gazette" in live.page("articles/ferry-fares-rise.html")
    before = tree_bytes(live.site)
    builds = live.builds
    save_atomically(settings, 'title = "Harbour Gazette"\nper_page = 0\n')
    wait_for(lambda: "per_page must be a whole number" in live.output(), "the settings error")
    assert live.builds == builds and tree_bytes(live.site) == before
    save_atomically(settings, 'title = "Harbour Times"\n')
    wait_for(lambda: "Harbour Times" in live.page("index.html"), "the fixed settings")


def test_a_checkout_of_a_thousand_files_is_one_rebuild(tmp_path, monkeypatch):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    root = tmp_path / "project"
    names = [f"story-{number:04d}.md" for number in range(1000)]
    make_project(root, {name: article(f"Story {number}", f"First version of story {number}.") for number, name in enumerate(names)})
    monkeypatch.chdir(root)
    (root / ".gitignore").write_text("site/\n.cache/\n")

    def run(*args: str) -> None:
        subprocess.run([git, "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=root, check=True, capture_output=True)

    run("init", "-q", "-b", "first")
    run("add", "-A")
    run("commit", "-q", "-m", "first")
    run("checkout", "-q", "-b", "second")
    for number, name in enumerate(names):
        (root / "content" / name).write_text(article(f"Story {number}", f"Second version of story {number}."))
    run("commit", "-q", "-am", "second")
    run("checkout", "-q", "first")

    live, stop = start_watching(root)
    try:
        assert "First version of story 999" in live.page("articles/story-999.html")
        run("checkout", "-q", "second")
        wait_for(lambda: "Second version of story 999" in live.page("articles/story-999.html"), "the checked-out site", PATIENCE * 2)
        assert "Second version of story 0." in live.page("articles/story-0.html")
        assert settled(live) == 2, live.output()
        assert re.search(r"changed: content/story-\d+\.md, .* and 99\d more", live.output())
    finally:
        stop()


def test_a_batch_is_taken_only_once_events_pause():
    queue = ChangeQueue()
    taken: list[ChangeSet | None] = []
    reader = threading.Thread(target=lambda: taken.append(queue.take()))
    reader.start()
    for number in range(200):  # a steady stream, one path at a time
        queue.add([Path(f"/c/{number}.md")])
        time.sleep(0.001)
    reader.join(PATIENCE)
    queue.close()
    assert len(taken) == 1 and taken[0] is not None and len(taken[0].paths) == 200


def test_dropped_events_rebuild_everything(live):
    logging.getLogger("watchdog.observers.inotify_c").warning("Inotify queue overflowed; filesystem events were lost")
    live.wait_builds(2, "the full rebuild after lost events")
    assert "the system dropped file events: rebuilding everything" in live.output()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_ctrl_c_and_kill_stop_watching_cleanly(tmp_path, stop_signal):
    root = make_project(tmp_path / "project", {"bridge.md": ONE})
    process, lines = watch_process(root)
    try:
        wait_for(lambda: any("Ctrl-C to stop" in line for line in lines), "watch to start")
        process.send_signal(stop_signal)
        assert process.wait(PATIENCE) == 0
    finally:
        if process.poll() is None:
            process.kill()
    output = "".join(lines)
    assert "stopped watching; site holds the last good build" in output
    assert "Traceback" not in output and "Error" not in output
    assert (root / "site/articles/harbour-bridge-vote.html").is_file()


def test_watch_refuses_an_output_folder_it_did_not_make(tmp_path):
    root = make_project(tmp_path / "project", {"bridge.md": ONE})
    (root / "site").mkdir()
    (root / "site/thesis.tex").write_text("years of work")
    process, lines = watch_process(root)
    assert process.wait(PATIENCE) == 2
    wait_for(lambda: "holds files Broadsheet did not write" in "".join(lines), "the refusal")
    assert (root / "site/thesis.tex").read_text() == "years of work"


def test_with_strict_settings_a_rejected_input_keeps_the_site_and_is_named(tmp_path, monkeypatch):
    root = make_project(tmp_path / "project", {"bridge.md": ONE, "ferry.md": TWO})
    (root / "site.toml").write_text("strict = true\n")
    monkeypatch.chdir(root)
    live, stop = start_watching(root)
    try:
        before = tree_bytes(live.site)
        save_atomically(root / "content/ferry.md", "---\ntitle: [unclosed\n---\n\nBody.\n")
        assert live.wait_builds(2).report is None
        assert "content/ferry.md: rejected: front matter is not valid YAML on line 2" in live.output()
        assert "--strict" in live.output() and tree_bytes(live.site) == before
    finally:
        stop()


def test_the_report_and_the_cleaning_audit_are_written_after_each_build(tmp_path):
    root = make_project(tmp_path / "project", {"bridge.md": ONE})
    (root / "content/wire.txt").write_text("Wire story headline\nA plain paragraph of wire copy about the port and the harbour.\n")
    process, lines = watch_process(root, "--report", "report.json", "--audit", "audit")
    try:
        wait_for(lambda: any("Ctrl-C to stop" in line for line in lines), "watch to start")
        assert (root / "audit/index.html").is_file()
        save_atomically(root / "content/extra.md", article("Night buses return", "Night buses run again."))
        wait_for(lambda: "extra.md" in (root / "report.json").read_text(), "the report of the rebuild")
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(PATIENCE) == 0


def test_a_content_folder_reached_through_a_link_is_watched(tmp_path, monkeypatch):
    root = make_project(tmp_path / "project", {"bridge.md": ONE})
    real = tmp_path / "elsewhere" / "articles"
    real.parent.mkdir()
    shutil.move(root / "content", real)
    (root / "content").symlink_to(real, target_is_directory=True)
    monkeypatch.chdir(root)
    watched = WatchedPaths.of(project_config(root)(), root / "site.toml")
    # The builder hears of a change under both names: the real one and the one the settings use.
    assert watched.names_of(real.resolve() / "bridge.md") == {real.resolve() / "bridge.md", root / "content/bridge.md"}
    live, stop = start_watching(root)
    try:
        save_atomically(real / "bridge.md", ONE.replace("today", "this evening"))
        live.wait_builds(2)
        assert "this evening" in live.page("articles/harbour-bridge-vote.html")
    finally:
        stop()


def test_a_template_error_names_the_file_even_when_jinja_knows_only_its_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    error = jinja2.TemplateSyntaxError("unexpected '}'", 7, name="article.html", filename=None)
    assert describe(error, tmp_path / "theme") == "template theme/article.html, line 7: unexpected '}'"


WIRE = (
    "Harbour tolls to rise in spring\n"
    "The harbour board agreed on Tuesday to raise the tolls paid by ferries and fishing boats from April.\n"
    "The Kestlebury pilot scheme for night crossings ends in May.\n"
    "Board members said the money would pay for dredging the eastern channel before the summer season.\n"
    "Ferry operators said they would pass part of the cost on to passengers over the coming year.\n"
)
SITE_RULE = '[[rule]]\nid = "site.pilot"\npattern = "^The Kestlebury pilot"\nwhy = "a line this site drops"\nexample = "The Kestlebury pilot ends"\n'


def test_a_site_rules_file_saved_while_watching_cleans_the_next_build(tmp_path, monkeypatch):
    root = make_project(tmp_path / "project", {"bridge.md": ONE})
    (root / "content/tolls.txt").write_text(WIRE, encoding="utf-8")
    (root / "rules.toml").write_text("# this site's own cleaning rules\n", encoding="utf-8")
    (root / "site.toml").write_text('rules = ["rules.toml"]\n', encoding="utf-8")
    monkeypatch.chdir(root)
    live, stop = start_watching(root)
    try:
        page = "articles/harbour-tolls-to-rise-in-spring.html"
        assert "Kestlebury pilot" in live.page(page), live.output()
        save_atomically(root / "rules.toml", SITE_RULE)
        wait_for(lambda: "Kestlebury pilot" not in live.page(page), "the page cleaned by the new rule")
        assert "dredging the eastern channel" in live.page(page)
    finally:
        stop()


def test_an_edited_article_is_reloaded_once_and_before_the_search_index_is_written(live):
    """Open pages hear of the edited page as soon as it is in place; the search index follows.

    (A words-only edit: one that moves nothing on the site is patched in, pages first.)
    """
    seq = live.watching.session.signals.hello().seq
    page = "articles/harbour-bridge-vote.html"
    save_atomically(live.root / "content/bridge.md", ONE.replace("the bridge today.", "the bridge today!"))
    live.wait_builds(2, "the rebuild")
    builds = [json.loads(event.data) for event in live.watching.session.signals.after(seq, 0) if event.name == "build"]
    naming = [build for build in builds if page in (build["changed"] or ())]
    assert len(naming) == 1, builds
    assert not any(path.startswith("search/") for path in naming[0]["changed"])  # the index came after
    assert any(path.startswith("search/") for build in builds for path in build["changed"] or ())
    assert "the bridge today!" in live.page(page)
