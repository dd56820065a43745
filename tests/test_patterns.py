"""Every example carried by a data file in patterns/ is checked here (one test per example)."""

from __future__ import annotations

import pytest
import regex

from narrcheck.align.resolve import section_kinds, split_qualifier
from narrcheck.claims.subjects import split_direction, split_measure
from narrcheck.claims.patterns import aliases, claim_patterns
from narrcheck.findings.residue import residue_rules
from narrcheck.patterns import load_toml
from narrcheck.recompute.basenames import whose_part
from narrcheck.tables.recognize import classify_title, kinds
from narrcheck.textnorm import fold, normalize

PATTERNS = claim_patterns()


def _match_cases():
    for p in PATTERNS:
        for i, ex in enumerate(p.match):
            yield pytest.param(p, ex, id=f"{p.id}-match{i}")


def _nomatch_cases():
    for p in PATTERNS:
        for i, text in enumerate(p.nomatch):
            yield pytest.param(p, text, id=f"{p.id}-nomatch{i}")


@pytest.mark.parametrize("pattern,example", list(_match_cases()))
def test_pattern_matches_its_examples(pattern, example):
    text = normalize(example["text"]).text
    m = pattern.rx.search(text)
    assert m, f"{pattern.id} does not match {example['text']!r}"
    assert pattern.requires is None or pattern.requires.search(m.group(0)), f"{pattern.id}: match lacks `requires`"
    for group, want in example.items():
        if group == "text":
            continue
        if isinstance(want, list):  # a repeated group of a respectively pattern: every capture, in order
            assert m.captures(group) == [fold(w) for w in want], (
                f"{pattern.id}: group {group} = {m.captures(group)!r}, want {want!r}"
            )
            continue
        assert (m.group(group) or "") == fold(want), f"{pattern.id}: group {group} = {m.group(group)!r}, want {want!r}"


@pytest.mark.parametrize("pattern,text", list(_nomatch_cases()))
def test_pattern_rejects_its_counter_examples(pattern, text):
    assert not pattern.rx.search(normalize(text).text), f"{pattern.id} wrongly matches {text!r}"


def test_every_pattern_has_examples_both_ways():
    for p in PATTERNS:
        assert p.match and p.nomatch, f"{p.id} needs match and nomatch examples"
    ids = [p.id for p in PATTERNS]
    assert len(ids) == len(set(ids))


def _residue_cases():
    for r in residue_rules():
        for i, t in enumerate(r["match"]):
            yield pytest.param(r, t, True, id=f"{r['id']}-match{i}")
        for i, t in enumerate(r["nomatch"]):
            yield pytest.param(r, t, False, id=f"{r['id']}-nomatch{i}")


@pytest.mark.parametrize("rule,text,hit", list(_residue_cases()))
def test_residue_rule_examples(rule, text, hit):
    assert bool(rule["rx"].search(normalize(text).text)) is hit


def _table_cases():
    for k in kinds():
        for t in k["examples"]["match"]:
            yield pytest.param(k["id"], t, True, id=f"{k['id']}-{t}")
        for t in k["examples"]["nomatch"]:
            yield pytest.param(k["id"], t, False, id=f"{k['id']}-not-{t}")


@pytest.mark.parametrize("kind,title,hit", list(_table_cases()))
def test_table_title_examples(kind, title, hit):
    got = classify_title(title)
    assert (got is not None and got["id"] == kind) is hit


def test_traditional_examples_fold():
    data = load_toml("traditional.toml")
    for trad, simp in data.get("overrides", {}).items():
        assert len(trad) == len(simp), trad
    for ex in data["examples"]:
        assert fold(ex["text"]) == ex["folded"]


def test_alias_examples():
    a = aliases()
    for ex in a["sections"]["section_examples"]:
        assert section_kinds([ex["heading"]]) == ex["kinds"]
    for ex in a["qualifiers"]["qualifier_examples"]:
        rest, kinds_ = split_qualifier(ex["subject"])
        assert rest == ex["rest"] and kinds_ == a["qualifiers"][ex["qualifier"]]
    for ex in a["measures"]["measure_examples"]:
        assert split_measure(ex["subject"]) == (ex["entity"], ex["measure"])
    for ex in a["names"]["name_examples"]:
        assert a["names"][ex["name"]] == ex["table_name"]
    for ex in a["directions"]["direction_examples"]:
        assert split_direction(ex["subject"]) == (ex["entity"], ex["sign"])


def test_exhaustive_examples():
    from narrcheck.model import Claim
    from narrcheck.recompute.compositions import exhaustive

    for ex in aliases()["exhaustive"]["exhaustive_examples"]:
        parts = [
            Claim(id="", kind="amount", pattern="", start=0, end=0, text="", sentence=(0, 0), subject=s, claimed={})
            for s in ex["parts"]
        ]
        assert exhaustive(parts) is ex["complete"]


def test_rule_ids_are_unique():
    ids = [r["id"] for r in residue_rules()]
    assert len(ids) == len(set(ids))


def test_disclosure_vocabulary_examples():
    from narrcheck.layout.sections import finance_vocabulary

    for ex in aliases()["disclosure"]["disclosure_examples"]:
        assert finance_vocabulary(ex["text"]) is ex["disclosure"], ex["text"]


def _year_slot_cases():
    from narrcheck.findings.residue import year_slots

    for slot in year_slots():
        for i, (year, text) in enumerate(slot["match"]):
            yield pytest.param(slot, year, text, True, id=f"{slot['what']}-match{i}")
        for i, (year, text) in enumerate(slot["nomatch"]):
            yield pytest.param(slot, year, text, False, id=f"{slot['what']}-nomatch{i}")


@pytest.mark.parametrize("slot,year,text,hit", list(_year_slot_cases()))
def test_year_slot_examples(slot, year, text, hit):
    """Each year slot reports its own examples, alone and through the whole check (other slots cannot hide them)."""
    from narrcheck.findings.residue import wrong_years

    doctype = "部门" + slot.get("stage", "决算")
    norm = normalize(text).text
    allowed = {year + k for k in slot["offsets"]}
    own = [m for m in slot["rx"].finditer(norm) if int(m.group("year")) not in allowed]
    assert bool(own) is hit
    if hit:
        assert wrong_years(norm, year, doctype)


@pytest.mark.parametrize("ex", aliases()["stated_difference"]["difference_examples"], ids=lambda e: e["subject"])
def test_stated_difference_examples(ex):
    m = regex.match(aliases()["stated_difference"]["regex"], ex["subject"])
    assert (m.group("rel") if m else "") == ex["rel"]


@pytest.mark.parametrize("ex", aliases()["breakdown"]["breakdown_examples"], ids=lambda e: e["text"][:20])
def test_breakdown_examples(ex):
    m = regex.search(aliases()["breakdown"]["regex"], ex["text"])
    assert (m.group("body") if m else "") == ex["body"]


def test_performance_words_are_consistent():
    from narrcheck.tables.recognize import performance_words

    w = performance_words()
    canon = {"年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分"}  # the names the checks use
    assert set(w.fund_columns.values()) <= canon and set(w.indicator_columns.values()) <= canon
    assert set(w.fund_totals) <= set(w.fund_rows) and set(w.scored_fund_rows) <= set(w.fund_totals)


def _fund_row_trims():
    from narrcheck.patterns import load_toml

    return sorted(load_toml("tables.toml")["performance"]["fund_row_trim_examples"].items())


@pytest.mark.parametrize(("label", "name"), _fund_row_trims())
def test_fund_row_labels_are_read_without_their_marks(label, name):
    from narrcheck.tables.recognize import performance_words

    assert performance_words().fund_row(label) == name


@pytest.mark.parametrize("ex", aliases()["share_item"]["share_item_examples"], ids=lambda e: e["lead"])
def test_share_item_examples(ex):
    from narrcheck.claims.shareitems import share_item

    assert share_item(ex["lead"]) == ex["item"]


@pytest.mark.parametrize("ex", aliases()["savings"]["savings_examples"], ids=lambda e: e["subject"])
def test_savings_examples(ex):
    from narrcheck.claims.linkroles import saving_role

    assert saving_role(ex["subject"]) == ex["role"]


@pytest.mark.parametrize("ex", aliases()["approximate"]["approximate_examples"], ids=lambda e: e["text"])
def test_approximate_examples(ex):
    from narrcheck.claims.breakdowns import approximate

    i = ex["text"].index(ex["figure"])
    assert approximate(ex["text"], i, i + len(ex["figure"])) is ex["approximate"]


@pytest.mark.parametrize("ex", aliases()["points"]["points_examples"], ids=lambda e: e["words"])
def test_points_examples(ex):
    from narrcheck.recompute.gaps import side

    assert side(ex["words"]) == ex["side"]


@pytest.mark.parametrize("ex", aliases()["share_item"]["together_examples"], ids=lambda e: e["lead"])
def test_share_together_examples(ex):
    from narrcheck.claims.link import share_of_sum

    assert share_of_sum(ex["lead"]) is ex["together"]


@pytest.mark.parametrize("ex", aliases()["balance"]["balance_examples"], ids=lambda e: e["subject"])
def test_balance_examples(ex):
    from narrcheck.claims.linkroles import balance_role

    assert balance_role(ex["subject"]) == ex["role"]


_CONTENTS = load_toml("tables.toml")["contents"]["examples"]


@pytest.mark.parametrize(("entry", "title"), list(zip(_CONTENTS["entries"], _CONTENTS["titles"])))
def test_contents_entry_examples(entry, title):
    from narrcheck.findings.contents import toc_title

    assert toc_title(entry) == title


@pytest.mark.parametrize("ex", aliases()["breakdown"]["within_examples"], ids=lambda e: e["text"])
def test_within_examples(ex):
    from narrcheck.claims.frames import within_rx

    assert bool(within_rx().search(ex["text"])) is ex["within"]


@pytest.mark.parametrize("ex", aliases()["measures"]["prior_lead_examples"], ids=lambda e: e["subject"])
def test_prior_lead_examples(ex):
    assert bool(regex.match(aliases()["measures"]["prior_lead"], ex["subject"])) is ex["prior"]


@pytest.mark.parametrize("ex", aliases()["breakdown"]["topic_examples"], ids=lambda e: e["text"])
def test_topic_examples(ex):
    assert bool(regex.match(aliases()["breakdown"]["topic"], ex["text"])) is ex["topic"]


@pytest.mark.parametrize("ex", aliases()["breakdown"]["named_head_examples"], ids=lambda e: e["text"])
def test_named_head_examples(ex):
    m = regex.search(aliases()["breakdown"]["named_head"], ex["text"])
    assert (m.group("head") if m else "") == ex["head"]


@pytest.mark.parametrize("ex", aliases()["breakdown"]["opens_examples"], ids=lambda e: e["text"])
def test_opens_examples(ex):
    assert bool(regex.search(aliases()["breakdown"]["opens"], ex["text"])) is ex["opens"]


@pytest.mark.parametrize("ex", aliases()["breakdown"]["inline_opens_examples"], ids=lambda e: e["text"])
def test_inline_opens_examples(ex):
    assert bool(regex.search(aliases()["breakdown"]["inline_opens"], ex["text"])) == ex["inline"]


def test_empty_table_note_examples():
    # patterns/tables.toml [notes]: which lines under a table say it has no data
    from narrcheck.findings.tablenotes import _spec

    for ex in _spec()["note_examples"]:
        assert bool(_spec()["empty_rx"].search(ex["text"])) == ex["empty"], ex["text"]


def test_budget_ref_examples():
    # patterns/aliases.toml [measures] budget_ref: which references compare with last year's budget
    spec = aliases()["measures"]
    for ex in spec["budget_ref_examples"]:
        assert (regex.search(spec["budget_ref"], ex["ref"]) is not None) == ex["last_budget"], ex["ref"]


def test_chain_opener_examples():
    # patterns/aliases.toml [chain]: where a total reached by adding on starts its items
    spec = aliases()["chain"]
    for ex in spec["chain_examples"]:
        assert (regex.search(spec["opener"], ex["text"]) is not None) == ex["opener"], ex["text"]


def test_carryover_role_examples():
    # patterns/aliases.toml [carryover]: the part an amount plays in a carryover sentence, by its name
    from narrcheck.claims.carryover import carryover_role

    for ex in aliases()["carryover"]["carryover_examples"]:
        assert carryover_role(ex["subject"]) == ex["role"], ex["subject"]


def test_garbled_examples():
    # patterns/aliases.toml [garbled]: a figure a word intrudes into is not read (the last figure of each example)
    from narrcheck.claims.extract import _garbled
    from narrcheck.textnorm import normalize

    for ex in aliases()["garbled"]["garbled_examples"]:
        text = normalize(ex["text"]).text
        last = regex.search(r"(?<![\d.,])\d[\d,.]*(?=\D*$)", text)
        assert last is not None and _garbled(text, [last.start()]) == ex["garbled"], ex["text"]


@pytest.mark.parametrize("ex", aliases()["base_synonyms"]["fold_examples"], ids=lambda e: e["name"])
def test_base_synonym_examples(ex):
    # patterns/aliases.toml [base_synonyms]: older names of one budget fold into one before a share's base is matched
    from narrcheck.recompute.basenames import _base_key

    assert _base_key(ex["name"]) == ex["folded"]


@pytest.mark.parametrize("ex", aliases()["directions"]["own_change_examples"], ids=lambda e: e["text"])
def test_own_change_examples(ex):
    # patterns/aliases.toml [directions] own_change: a comparison opens an item's own change, an item's name does not
    assert (regex.match(aliases()["directions"]["own_change"], ex["text"]) is not None) == ex["own"]


@pytest.mark.parametrize("ex", aliases()["directions"]["pair_first_examples"], ids=lambda e: e["subject"])
def test_pair_first_examples(ex):
    # patterns/aliases.toml [directions] pair_first: the pair's first figure and joiner leave its second's subject
    assert regex.sub(aliases()["directions"]["pair_first"], "", ex["subject"]) == ex["bare"]


@pytest.mark.parametrize("ex", aliases()["directions"]["target_examples"], ids=lambda e: e["subject"])
def test_target_gap_examples(ex):
    # patterns/aliases.toml [directions] target_over / target_short: an amount named as a distance from a target
    from narrcheck.claims.subjects import target_gap

    assert target_gap(ex["subject"]) == ex["sign"]


@pytest.mark.parametrize("ex", aliases()["breakdown"]["includes_examples"], ids=lambda e: e["text"])
def test_includes_examples(ex):
    m = regex.search(aliases()["breakdown"]["includes"], ex["text"])
    assert (m.group("item") if m else "") == ex["item"]


@pytest.mark.parametrize("ex", aliases()["breakdown"]["restated_examples"], ids=lambda e: e["name"])
def test_restated_examples(ex):
    # patterns/aliases.toml [breakdown] restated: a part named as an earlier one on another basis adds nothing
    assert bool(regex.search(aliases()["breakdown"]["restated"], ex["name"])) == ex["restated"]


@pytest.mark.parametrize("ex", aliases()["chain"]["listed_examples"], ids=lambda e: e["text"][:24])
def test_listed_total_examples(ex, tmp_path):
    # patterns/aliases.toml [chain] joiner / closer: a list with no opener closed by its total is read as one
    from narrcheck.pipeline import check

    path = tmp_path / "listed.txt"
    path.write_text(ex["text"] + "。\n", encoding="utf-8")
    comps = [c for c in check(path).claims if c.pattern == "composition.listed_total"]
    assert [(c.ctx.total.text.rstrip("万亿元") if c.ctx.total else "", len(c.ctx.parts)) for c in comps] == (
        [(ex["total"], ex["parts"])] if ex["parts"] else []
    )


@pytest.mark.parametrize("ex", aliases()["chain"]["signed_examples"], ids=lambda e: e["text"][:24])
def test_signed_chain_examples(ex, tmp_path):
    # patterns/aliases.toml [chain] minus_opener / signed_total: a total reached by adding on and taking away
    from narrcheck.pipeline import check

    path = tmp_path / "signed.txt"
    path.write_text(ex["text"] + "。\n", encoding="utf-8")
    chains = [c for c in check(path).claims if c.pattern == "balance.chain"]
    read = [(len(c.ctx.parts), len(c.ctx.subtracted), c.claimed.value.text if c.claimed.value else "") for c in chains]
    assert read == ([(ex["added"], ex["taken"], ex["total"])] if ex["added"] else [])
    assert all(c.verdict == "ok" for c in chains), [c.message for c in chains]


@pytest.mark.parametrize("ex", aliases()["reasons"]["reason_examples"], ids=lambda e: e["text"][:24])
def test_reason_split_examples(ex, tmp_path):
    # patterns/aliases.toml [reasons]: a change of spending its reason splits into 基本支出 and 项目支出 alone
    from narrcheck.pipeline import check

    path = tmp_path / "reason.txt"
    path.write_text(ex["text"] + "。\n", encoding="utf-8")
    found = [c.verdict for c in check(path).claims if c.pattern == "composition.reason_changes"]
    assert found == ([ex["verdict"]] if ex["verdict"] else [])


@pytest.mark.parametrize("ex", aliases()["breakdown"]["counted_examples"], ids=lambda e: e["text"][:20])
def test_counted_examples(ex):
    # patterns/aliases.toml [breakdown] counted: a total declared to be made of N parts, or of the parts marked after
    # its 组成如下： (opens, no count)
    m = regex.search(aliases()["breakdown"]["counted"], ex["text"])
    assert m is not None if ex["n"] or ex.get("opens") else m is None
    assert (m.group("n") or "" if m else "") == ex["n"]


def test_counted_ordinals():
    from narrcheck.claims.counted import count_of, ordinal

    assert [ordinal(k) for k in (1, 10, 11, 14, 20, 23)] == ["一", "十", "十一", "十四", "二十", "二十三"]
    assert [count_of(w) for w in ("三", "两", "14", "十四", "部")] == [3, 2, 14, 14, 0]


@pytest.mark.parametrize("ex", aliases()["breakdown"]["count_stated_examples"], ids=lambda e: e["text"][:20])
def test_count_stated_examples(ex):
    # patterns/aliases.toml [breakdown] count_stated: a sentence saying how many kinds its total holds
    m = regex.search(aliases()["breakdown"]["count_stated"], ex["text"])
    assert (m.group("n") if m else "") == ex["n"]


@pytest.mark.parametrize("ex", aliases()["scopes"]["collected_by_examples"], ids=lambda e: e["prefix"])
def test_collected_by_examples(ex):
    assert whose_part(ex["prefix"]) is ex["part"]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("全省人均为", "全省人均"),
        ("收入总计、支出总计均", "收入总计、支出总计"),
        ("支出各为", "支出"),
        ("车均", "车均"),
        ("收入、支出都", "收入、支出"),
    ],
)
def test_trailing_words_are_cut_but_never_inside_a_kept_ending(text, subject):
    from narrcheck.claims.subjects import _clean_subject

    assert _clean_subject(text) == subject
