"""Invented news prose for the benchmark corpus: a small sentence grammar.

Every name, place and phrase here is made up for the benchmark. Articles are
built from topic vocabularies, so articles sharing a topic share words (which
related-story and search stages can find), while no fixed run of more than a
few words repeats across articles, as in real reporting (near-duplicate
detection compares five-word runs). Sizes follow real news: 400 to 1,200
words in paragraphs of two to five sentences.
"""

from __future__ import annotations

import random

PLACES = (
    "Port Alder", "Wrenmouth", "Kestlebury", "Osterfield", "Lindqvist Bay", "Harrowgate Vale", "Saint Ives-on-Marr",
    "Tolvercombe", "New Brennick", "Calloway Cross", "Marrowdale", "Fennick Heath", "Quillon", "Ardenmoor",
    "Belhaven Reach", "Corrowick", "Dunmere", "Emberley", "Garston Keys", "Hollins Ford", "Ivelbridge", "Jessup Point",
    "Kilnsey", "Larkhollow", "Mossgiel", "Northcote", "Oakhampton", "Pellow", "Redruth Sands", "Stennick",
)  # fmt: skip
FIRST_NAMES = (
    "Amara", "Bruno", "Célia", "Dmitri", "Eun-ji", "Farouk", "Greta", "Hamish", "Inès", "Jonas", "Kalani", "Lucía",
    "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Søren", "Tamsin", "Umar", "Vera", "Wendell", "Ximena",
    "Yusuf", "Zofia", "Anouk", "Bilal", "Carys", "Dario",
)  # fmt: skip
SURNAMES = (
    "Abernathy", "Bellweather", "Castellanos", "Drummond", "Eriksen", "Fairbairn", "Gallagher", "Hoskins", "Ibarra",
    "Jaworski", "Kettering", "Lindgren", "Moreau", "Nakamura", "Okonkwo", "Pemberton", "Quayle", "Rasmussen",
    "Szabó", "Thistlewood", "Underhill", "Valdés", "Whitcombe", "Yilmaz", "Achterberg", "Brannigan", "Coutinho",
)  # fmt: skip
ROLES = (
    "spokesperson", "chief executive", "senior analyst", "council leader", "local resident", "project director",
    "economist", "union secretary", "researcher", "mayor", "deputy minister", "shop owner", "campaigner", "engineer",
)  # fmt: skip
ORGS = (
    "regional council", "harbour authority", "transport board", "statistics office", "university", "chamber of commerce",
    "health trust", "environment agency", "central bank", "residents' association", "ministry", "port workers' union",
    "water company", "planning inspectorate", "audit office", "fire service",
)  # fmt: skip
SAY = ("said", "told reporters", "wrote", "argued", "warned", "added", "insisted", "noted", "confirmed", "admitted")
WHEN = (
    "on Monday", "on Tuesday", "late on Wednesday", "on Thursday morning", "on Friday", "over the weekend",
    "last month", "this spring", "before the summer", "in the autumn", "by the end of the year", "next week",
)  # fmt: skip
HEDGE = ("", "", "probably ", "almost certainly ", "still ", "quietly ", "finally ", "not yet ", "again ")
LINK = ("", "", "", "Meanwhile, ", "However, ", "In the end, ", "Even so, ", "For now, ", "By contrast, ", "Separately, ")
# Each topic: the nouns, verbs and adjectives its stories lean on.
TOPICS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "Politics": (("coalition", "ballot", "motion", "committee", "mandate", "caucus", "amendment", "recount"), ("debate", "approve", "reject", "delay", "table"), ("cross-party", "contested", "narrow", "late")),
    "Economy": (("inflation", "growth forecast", "wage index", "deficit", "interest rate", "output gap", "jobless rate"), ("slow", "rise", "stall", "recover", "ease"), ("quarterly", "seasonal", "underlying", "core")),
    "Transport": (("bus network", "timetable", "ferry route", "junction", "rail link", "fare cap", "cycle lane"), ("reroute", "expand", "suspend", "upgrade", "close"), ("overnight", "commuter", "single-track", "rural")),
    "Health": (("waiting list", "clinic", "vaccine trial", "ward", "screening programme", "outpatient unit", "ambulance fleet"), ("reopen", "treat", "recruit", "screen", "staff"), ("clinical", "routine", "emergency", "mobile")),
    "Education": (("curriculum", "exam board", "school meal scheme", "teacher shortage", "campus", "bursary fund"), ("reform", "fund", "extend", "review", "cut"), ("primary", "vocational", "remote", "adult")),
    "Climate": (("emissions target", "heatwave", "flood defence", "carbon budget", "drought plan", "tree cover"), ("cut", "breach", "adapt", "model", "raise"), ("record", "coastal", "long-term", "binding")),
    "Energy": (("wind farm", "grid connection", "solar array", "tariff", "substation", "battery store", "heat pump scheme"), ("generate", "connect", "curtail", "price", "switch"), ("offshore", "peak", "renewable", "district")),
    "Sport": (("league title", "transfer window", "home fixture", "relegation fight", "marathon", "squad", "cup run"), ("win", "draw", "sign", "train", "host"), ("unbeaten", "away", "veteran", "youth")),
    "Culture": (("festival", "exhibition", "gallery", "theatre season", "archive", "orchestra", "book fair"), ("open", "host", "restore", "tour", "stage"), ("touring", "restored", "experimental", "free")),
    "Science": (("telescope", "laboratory", "field study", "genome survey", "sample", "observatory", "ice core"), ("detect", "measure", "publish", "replicate", "drill"), ("peer-reviewed", "deep-sea", "orbital", "early")),
    "Technology": (("data centre", "chip plant", "broadband rollout", "software update", "app", "cable link"), ("launch", "patch", "migrate", "license", "test"), ("open-source", "encrypted", "rural", "public")),
    "Housing": (("rent cap", "housing estate", "planning permit", "mortgage rate", "tenancy rule", "shelter"), ("build", "approve", "freeze", "demolish", "convert"), ("affordable", "social", "derelict", "modular")),
    "Courts": (("appeal", "verdict", "tribunal", "injunction", "jury", "hearing", "inquest"), ("rule", "adjourn", "overturn", "hear", "seal"), ("landmark", "closed", "lengthy", "fresh")),
    "Fisheries": (("catch quota", "trawler fleet", "fish market", "spawning ground", "harbour wall", "oyster bed"), ("land", "limit", "survey", "dredge", "close"), ("seasonal", "inshore", "depleted", "shared")),
    "Tourism": (("visitor numbers", "hotel occupancy", "cruise call", "heritage trail", "campsite", "ski season"), ("attract", "double", "book", "promote", "cap"), ("summer", "overseas", "off-peak", "record")),
    "Labour": (("strike ballot", "pay offer", "shift pattern", "pension scheme", "walkout", "overtime ban"), ("negotiate", "accept", "picket", "settle", "reject"), ("indefinite", "national", "improved", "final")),
    "Space": (("launch window", "satellite", "lander", "orbit", "ground station", "rocket stage"), ("deploy", "track", "land", "relay", "scrub"), ("lunar", "geostationary", "crewed", "reusable")),
    "Food": (("harvest", "market stall", "bakery", "price of bread", "school kitchen", "food bank"), ("stock", "ration", "import", "bake", "donate"), ("organic", "local", "seasonal", "surplus")),
    "Water": (("reservoir", "hosepipe ban", "treatment works", "leak rate", "river level", "sewer outfall"), ("drain", "refill", "repair", "monitor", "lift"), ("low", "untreated", "metered", "storm")),
    "Heritage": (("lighthouse", "castle wall", "chapel", "market hall", "shipwreck", "mill race"), ("restore", "list", "excavate", "reopen", "survey"), ("medieval", "listed", "crumbling", "Georgian")),
    "Wildlife": (("seal colony", "nesting site", "otter survey", "wetland", "migration route", "bat roost"), ("count", "protect", "tag", "return", "ring"), ("rare", "protected", "migratory", "native")),
    "Markets": (("share index", "bond yield", "currency", "commodity price", "listing", "pension fund"), ("climb", "slide", "rally", "float", "stall"), ("volatile", "benchmark", "thin", "strong")),
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "a dozen", "several", "dozens of", "hundreds of")


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _amount(rng: random.Random) -> str:
    return f"{rng.randint(2, 980)}{rng.choice(('', '.5', ',000', '.2', ' million'))}"


def _sentence(rng: random.Random, topic: str) -> str:
    nouns, verbs, adjectives = TOPICS[topic]
    noun, other = rng.sample(nouns, 2)
    verb, adjective, place = rng.choice(verbs), rng.choice(adjectives), rng.choice(PLACES)
    who = f"{person(rng)}, {rng.choice(('a', 'the'))} {rng.choice(ROLES)} at the {rng.choice(ORGS)}"
    when = rng.choice(WHEN)
    hedge = rng.choice(HEDGE)
    shapes = (
        f"{who}, {rng.choice(SAY)} the {adjective} {noun} would {hedge}{verb} the {other} {when}.",
        f"In {place}, the {noun} is {hedge}expected to {verb} {when}, {rng.choice(('according to', 'says', 'in the view of'))} the {rng.choice(ORGS)}.",
        f"{rng.choice(NUMBERS).capitalize()} plans to {verb} the {other} have reached {place} officials since {rng.choice(MONTHS)}.",
        f"Figures out {when} put the change in the {noun} at {_amount(rng)} per cent, {rng.choice(('well above', 'just below', 'close to', 'far from'))} forecasts.",
        f"\"We cannot {verb} the {noun} alone,\" {rng.choice(SAY)} {person(rng)}, who has followed the {other} for {rng.randint(2, 30)} years.",
        f"Critics in {place} {rng.choice(SAY)} the {adjective} {other} would do little unless the {rng.choice(ORGS)} {rng.choice(('acts', 'pays', 'moves', 'listens'))} first.",
        f"{rng.choice(LINK)}the move to {verb} the {noun} follows {rng.choice(('months', 'weeks', 'years'))} of pressure from {rng.choice(PLACES)} and {place}.",
        f"A {rng.choice(ORGS)} report counts {_amount(rng)} {rng.choice(('households', 'firms', 'pupils', 'patients', 'boats'))} around {place} that rely on the {noun}.",
        f"Supporters {rng.choice(SAY)} the {adjective} {noun} could {hedge}{verb} the {other} {rng.choice(('faster', 'sooner', 'more cheaply', 'more fairly'))} than planned.",
        f"{place} has not seen a {noun} like it since {rng.randint(1950, 2020)}, {rng.choice(('locals say', 'records show', 'archivists note'))}.",
        f"Asked {when} about the {other}, {person(rng)} {rng.choice(('declined to comment', 'did not reply', 'referred questions elsewhere'))}.",
        f"{rng.choice(LINK)}the bill for the {noun} stands near {_amount(rng)}, {rng.choice(('up from', 'down from', 'against'))} {rng.choice(('an early estimate', 'last year', 'the budget', 'the first bid'))}.",
        f"Residents of {place} queued {when} to hear how the {noun} would {verb}.",
        f"Under the {adjective} plan the {noun} would {verb} in {rng.choice(NUMBERS)} stages, {other} last.",
        f"{rng.choice(LINK)}{person(rng)} {rng.choice(SAY)} {when} that the {other} in {place} was {hedge}{rng.choice(('safe', 'at risk', 'overdue', 'on track', 'unaffordable'))}.",
    )
    text = rng.choice(shapes)
    return text[0].upper() + text[1:]


def paragraph(rng: random.Random, topic: str) -> list[str]:
    """Two to five sentences on `topic`."""
    return [_sentence(rng, topic) for _ in range(rng.randint(2, 5))]


def headline(rng: random.Random, topic: str) -> str:
    nouns, verbs, adjectives = TOPICS[topic]
    place = rng.choice(PLACES)
    shapes = (
        f"{place} moves to {rng.choice(verbs)} {rng.choice(adjectives)} {rng.choice(nouns)}",
        f"{rng.choice(nouns).capitalize()} plan for {place} faces {rng.choice(('delay', 'scrutiny', 'vote', 'challenge', 'court test'))}",
        f"Why the {rng.choice(nouns)} in {place} matters for the {rng.choice(nouns)}",
        f"{person(rng)} to {rng.choice(verbs)} {place} {rng.choice(nouns)}",
        f"{place} {rng.choice(nouns)} {rng.choice(('set to', 'could', 'will not', 'may yet'))} {rng.choice(verbs)} {rng.choice(('this year', 'by spring', 'after all', 'soon'))}",
    )
    return rng.choice(shapes)
