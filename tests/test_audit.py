"""The cleaning audit shows every input line, kept or dropped, with the rule that dropped it."""

from __future__ import annotations

import re

RAW = (
    "Harbour tug crews end their strike\n"
    "The strike by harbour tug crews ended on Friday after the port agreed to a new rota for the winter.\n"
    "Crews said the agreement gave them two more rest days each month and a review of pay next year.\n"
    "Share this article\n"
    "Subscribe now for unlimited access.\n"
)


def test_audit_pages_show_kept_and_dropped_lines(build_site, tmp_path):
    run = build_site({"strike.txt": RAW, "note.md": "---\ntitle: A note\n---\n\nAlready clean."}, "--audit", str(tmp_path / "audit"))
    assert run.code == 0, run.stderr
    audit = tmp_path / "audit"
    index = (audit / "index.html").read_text()
    [page_name] = re.findall(r'href="([^"]+\.html)">strike\.txt<', index)
    assert "Markdown is not cleaned" in index  # note.md is accounted for too
    page = (audit / page_name).read_text()
    kept = re.findall(r'<td class="kept">(.*?)</td>', page, re.S)
    dropped = re.findall(r'<td class="dropped"><code class="rule"[^>]*>([^<]+)</code>(.*?)</td>', page, re.S)
    assert any("ended on Friday" in line for line in kept)
    assert {text.strip() for _, text in dropped} >= {"Share this article", "Subscribe now for unlimited access."}
    assert all(re.fullmatch(r"[a-z0-9.-]+", rule) for rule, _ in dropped)
    link = re.search(r'href="([^"]+)">the published article<', page).group(1)
    assert (audit / link).resolve().is_file()


def test_audit_is_not_part_of_the_site(build_site, tmp_path):
    run = build_site({"strike.txt": RAW}, "--audit", str(tmp_path / "audit"))
    assert not any("strike-txt" in p.name or p.name == "index.html" and "Cleaning audit" in p.read_text() for p in run.site.rglob("*"))


def test_a_site_rule_drops_junk_without_code(build_site, tmp_path):
    promo = "Listen to Harbour Radio live, every morning from six."
    (tmp_path / "rules.toml").write_text(
        "[[rule]]\n"
        'id = "site.harbour-radio-promo"\n'
        "pattern = '^Listen to Harbour Radio live'\n"
        'why = "our scraper keeps the radio banner"\n'
        f'example = "{promo}"\n'
    )
    (tmp_path / "site.toml").write_text('rules = ["rules.toml"]\n')
    run = build_site({"strike.txt": RAW.replace("Share this article\n", promo + "\n")}, "--audit", str(tmp_path / "audit"))
    assert run.code == 0, run.stderr
    assert promo not in run.page(run.outcome("strike.txt")["output"])
    assert "site.harbour-radio-promo" in (tmp_path / "audit" / "index.html").read_text()


def test_a_broken_site_rule_is_a_configuration_error(build_site, tmp_path):
    (tmp_path / "rules.toml").write_text('[[rule]]\nid = "bad"\npattern = "(unclosed"\nwhy = "x"\nexample = "x"\n')
    (tmp_path / "site.toml").write_text('rules = ["rules.toml"]\n')
    run = build_site({"strike.txt": RAW})
    assert run.code == 2 and "rules.toml" in run.stderr
