"""load_rules: the built-in file, site files that add and disable rules, clear errors, a stable digest."""

from __future__ import annotations

import pickle

import pytest

from broadsheet.clean import RulesError, clean, load_rules
from broadsheet.model import Article, Meta, RawDoc


def _site_rules(tmp_path, text: str, name: str = "site.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _clean(text: str, rules) -> Article:
    result = clean(RawDoc("t.txt", "text", text, Meta()), rules)
    assert isinstance(result, Article), result
    return result


def test_builtin_rules_load_and_pickle(rules):
    assert rules.patterns and rules.detectors
    copy = pickle.loads(pickle.dumps(rules))
    assert copy.digest == rules.digest
    assert [rule.id for rule in copy.patterns] == [rule.id for rule in rules.patterns]


def test_digest_is_stable_and_changes_with_any_rule(tmp_path, rules):
    assert load_rules().digest == rules.digest
    site = _site_rules(tmp_path, '[[rule]]\nid = "site.promo"\npattern = "^weekly special"\nwhy = "x"\nexample = "Weekly special"\n')
    with_site = load_rules([site])
    assert with_site.digest != rules.digest
    site.write_text(site.read_text().replace("weekly special", "monthly special"))
    assert load_rules([site]).digest != with_site.digest


def test_site_rule_adds_a_junk_phrase(tmp_path, rules, prose):
    site = _site_rules(
        tmp_path,
        """
[[rule]]
id = "site.harbour-promo"
pattern = '^visit the harbour shop\\b'
max_words = 20
why = "The Gazette's own shop advert."
example = "Visit the Harbour Shop for maps and prints"
""",
    )
    text = "\n".join([prose[0], "Visit the Harbour Shop for maps and prints", *prose[1:]])
    assert _clean(text, rules).trace[1].rule is None
    assert _clean(text, load_rules([site])).trace[1].rule == "site.harbour-promo"


def test_site_file_disables_a_builtin_rule(tmp_path, prose):
    site = _site_rules(tmp_path, 'disable = ["boilerplate.advertisement"]\n')
    text = "\n".join([prose[0], "Advertisement", prose[1]])
    article = _clean(text, load_rules([site]))
    assert "boilerplate.advertisement" not in {verdict.rule for verdict in article.trace}


def test_site_file_redefines_a_disabled_rule_and_overrides_thresholds(tmp_path):
    site = _site_rules(
        tmp_path,
        """
disable = ["price-list"]

[thresholds]
title_max_words = 5

[[rule]]
id = "price-list"
detector = "price-list"
params = { min_prices = 5, max_words = 8 }
why = "Stricter for this site."
example = "x"
""",
    )
    rules = load_rules([site])
    assert rules.detectors["price-list"].params.min_prices == 5
    assert rules.thresholds.title_max_words == 5


@pytest.mark.parametrize(
    "text, reason",
    [
        ("[[rule]]\nid = 'a.b'\npattern = '('\nwhy = 'w'\nexample = 'e'\n", "bad pattern"),
        ("[[rule]]\nid = 'a.b'\npattern = 'x'\nexample = 'e'\n", "'why' is required"),
        ("[[rule]]\nid = 'a.b'\ndetector = 'nope'\nwhy = 'w'\nexample = 'e'\n", "unknown detector"),
        ("[[rule]]\nid = 'Bad Id'\npattern = 'x'\nwhy = 'w'\nexample = 'e'\n", "id must be"),
        ("[[rule]]\nid = 'price-list'\npattern = 'x'\nwhy = 'w'\nexample = 'e'\n", "already defined"),
        ("disable = ['no.such-rule']\n", "no rule with id"),
        ("[[rule]]\nid = 'a.b'\npattern = 'x'\naction = 'explode'\nwhy = 'w'\nexample = 'e'\n", "action must be"),
        ("[[rule]]\nid = 'a.b'\npattern = '(x)\\1'\nwhy = 'w'\nexample = 'e'\n", "back-references"),
        ("[[rule]]\nid = 'a.b'\npattern = 'x'\naction = 'source'\nwhy = 'w'\nexample = 'e'\n", "(?P<source>"),
        ("[thresholds]\ntitle_max_words = 'many'\n", "must be a number"),
        ("[thresholds]\nno_such_key = 3\n", "unknown key"),
        ("[[rule]\n", "not valid TOML"),
        ("[[rule]]\nid = 'site.prices'\ndetector = 'price-list'\nparams = { min_prices = 3, max_words = 8 }\nwhy = 'w'\nexample = 'e'\n", "already used by rule 'price-list'"),
    ],
)
def test_bad_site_rules_name_file_rule_and_reason(tmp_path, text, reason):
    site = _site_rules(tmp_path, text)
    with pytest.raises(RulesError) as raised:
        load_rules([site])
    message = str(raised.value)
    assert str(site) in message and reason in message


def test_error_names_the_rule_and_its_line(tmp_path):
    site = _site_rules(tmp_path, "\n\n[[rule]]\nid = 'site.bad'\npattern = '[unclosed'\nwhy = 'w'\nexample = 'e'\n")
    with pytest.raises(RulesError, match=r"rule 'site.bad' \(line 4\)"):
        load_rules([site])


def test_missing_site_file_is_a_rules_error(tmp_path):
    with pytest.raises(RulesError, match="cannot read"):
        load_rules([tmp_path / "absent.toml"])
