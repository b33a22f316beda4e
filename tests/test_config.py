"""Settings: defaults, site.toml, command line; every problem reported at once."""

from pathlib import Path

import pytest

from broadsheet.config import ConfigError, load_config


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "templates").mkdir()
    return tmp_path


def test_defaults_without_a_settings_file(project):
    config = load_config(None, {})
    assert (config.content_dir, config.output_dir, config.base_url, config.per_page) == (Path("content"), Path("site"), None, 20)


def test_settings_file_then_command_line(project):
    (project / "site.toml").write_text('title = "Harbour News"\nbase_url = "https://example.org/news"\nper_page = 10\n')
    config = load_config(None, {"per_page": 5, "base_url": None})
    assert (config.title, config.base_url, config.per_page) == ("Harbour News", "https://example.org/news/", 5)


def test_all_problems_at_once(project):
    (project / "site.toml").write_text('per_page = 0\nbase_url = "javascript:alert(1)"\ncolour = "red"\noutput = "."\n')
    with pytest.raises(ConfigError) as caught:
        load_config(None, {})
    problems = "\n".join(caught.value.problems)
    assert "per_page" in problems and "base_url" in problems and "unknown setting 'colour'" in problems
    assert "would replace the content folder" in problems or "would replace the working directory" in problems


def test_missing_explicit_settings_file(project):
    with pytest.raises(ConfigError, match="settings file not found"):
        load_config(Path("nope.toml"), {})
