"""The HTML briefing: self-contained, complete, and inert whatever the accounts contain."""

import lxml.html
import pytest

from readout_compare.export.briefing import build_briefing
from readout_compare.export.html_form import render_groups_html, render_groups_text, render_html, write_html

from .accounts import ARABIC, LONG_WORD, PERSIAN, flat


def parse(markup: str):
    return lxml.html.document_fromstring(markup)


def text_of(tree) -> str:
    return flat(tree.text_content())


def test_briefing_contains_accounts_omissions_and_aligned_claims(rouhani_macron, tmp_path):
    briefing = build_briefing(rouhani_macron, title="Rouhani–Macron phone call, January 2018")
    path = write_html(briefing, tmp_path / "briefing.html")
    tree = parse(path.read_text(encoding="utf-8"))
    text = text_of(tree)
    assert tree.findtext(".//title") == "Rouhani–Macron phone call, January 2018"
    assert "Only in Iranian presidency" in text and "Only in Élysée" in text
    for k in range(2):
        for claim in rouhani_macron.omissions(k):
            assert flat(claim.text) in text
    assert "president.ir" in text and "2018-01-02" in text
    # The side-by-side table has one row per aligned group, with a column per account.
    table = tree.xpath("//table[thead/tr/th[.='Relation']]")[0]
    assert [flat(th.text_content()) for th in table.xpath("thead/tr/th")] == ["Relation", "Iranian presidency", "Élysée"]
    assert len(table.xpath("tbody/tr")) == len(briefing.aligned)
    # Differing words are marked beside their counterpart only, not in the lists of omissions.
    assert table.xpath(".//span[contains(@style, 'underline')]")
    assert not tree.xpath("//li//span[contains(@style, 'underline')]")


def test_relation_is_shown_by_word_and_symbol_not_only_colour(arland_belmark):
    briefing = build_briefing(arland_belmark)
    tree = parse(render_html(briefing))
    table = tree.xpath("//table[thead/tr/th[.='Relation']]")[0]
    cues = [flat(tr.xpath("td")[0].text_content()) for tr in table.xpath("tbody/tr")]
    for cue, group in zip(cues, briefing.aligned):
        expected = {"matched": "= Match", "changed": "≈ Match, different wording", "conflict": "≠ Conflict"}
        assert cue.startswith(expected[group.relation])
    # Differing words are underlined as well as highlighted.
    marked = tree.xpath("//span[contains(@style, 'underline')]")
    assert marked


def test_conflicts_section_lists_both_claims_and_why(arland_belmark):
    briefing = build_briefing(arland_belmark)
    tree = parse(render_html(briefing))
    text = text_of(tree)
    conflicts_at = text.index("≠ Conflicts")
    for link in arland_belmark.conflicts():
        for cid in link.claims:
            assert flat(arland_belmark.claim(cid).text) in text[conflicts_at:]
    reasons = [r for c in briefing.conflicts for r in c.reasons]
    assert reasons and all(flat(r) in text[conflicts_at:] for r in reasons)


def test_no_external_requests(rouhani_macron):
    markup = render_html(build_briefing(rouhani_macron))
    tree = parse(markup)
    assert not tree.xpath("//script | //link | //img | //iframe | //object | //style[contains(., 'url(')]")
    assert not tree.xpath("//@src")
    assert "url(" not in markup and "@import" not in markup
    assert "default-src 'none'" in tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]


def test_hostile_account_is_shown_as_text_never_as_markup(hostile):
    markup = render_html(build_briefing(hostile))
    tree = parse(markup)
    # Nothing the account wrote became an element or an attribute.
    assert not tree.xpath("//script | //a[contains(@href, 'javascript')] | //*[@onclick] | //b[.='Ministry'] | //i[.='src']")
    assert all(href.startswith("https://") for href in tree.xpath("//a/@href"))
    # The tables are intact: the account's "</table>" did not close anything.
    assert len(tree.xpath("//table[thead/tr/th[.='Relation']]/tbody/tr")) == len(build_briefing(hostile).aligned)
    text = tree.text_content()
    assert "<script>alert('owned')</script>" in text
    assert '</table></td> and "regional" security' in text
    assert '<a href="javascript:alert(1)" onclick="steal()">the full text</a>' in text
    assert '<b>Ministry</b> "of" Truth & Co' in text
    assert "javascript:alert(document.cookie)" in text  # the bad address is shown, not linked
    assert LONG_WORD in text


def test_right_to_left_text_gets_its_direction_and_long_words_wrap(hostile):
    tree = parse(render_html(build_briefing(hostile)))
    for sentence in (PERSIAN, ARABIC):
        holder = tree.xpath(f"//div[contains(., '{sentence}')]")[-1]
        assert holder.get("dir") == "rtl"  # its own direction: dir="auto" would see the Latin id first
    holder = tree.xpath(f"//div[contains(., '{LONG_WORD}')]")[-1]
    assert "overflow-wrap: anywhere" in holder.get("style")


@pytest.mark.parametrize("pick", ["first", "last-two"])
def test_selected_groups_as_rich_text_for_the_clipboard(arland_belmark, pick):
    briefing = build_briefing(arland_belmark)
    aligned = briefing.aligned
    chosen = aligned[:1] if pick == "first" else aligned[-2:]
    fragment = lxml.html.fragment_fromstring(render_groups_html(briefing, [g.id for g in chosen]))
    rows = fragment.xpath(".//table/tbody/tr")
    assert len(rows) == len(chosen)
    text = flat(fragment.text_content())
    for group in aligned:
        inside = all(flat(c.text) in text for c in group.claims)
        assert inside == (group in chosen)
    assert "Key:" in text  # the pasted rows explain their colours
    assert not fragment.xpath(".//style | .//@class")  # inline styles survive e-mail clients
    plain = render_groups_text(briefing, [g.id for g in chosen])
    assert all(c.text in plain for g in chosen for c in g.claims)
