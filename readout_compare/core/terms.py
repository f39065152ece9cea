"""Turning a claim into the terms a matcher compares: glossary equivalents, synonyms, stems.

The glossary (named things: "Daesh = ISIS", "Kiev = Kyiv") and the synonym list (readout
vocabulary: "protesters = demonstrators") are plain-text resources of groups, one a line,
separated by " = ". Each group becomes one token, so every matcher sees through it.
Standard library plus snowballstemmer.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from ..resources import read_resource

# Function words, and words every readout uses of every claim ("the two presidents said"):
# they say nothing about which assertion a claim makes.
STOPWORDS = set(
    """a an the and or but nor of to in on at by for with from into onto upon about as than that this these those
    there their them they he she his her him it its we our us i you your be is are was were been being am
    have has had having do does did will would shall should can could may might must also further furthermore
    which who whom whose what when where while whilst during after before between among over under again
    all any both each other such own same so very just only not no more most some many much well too
    said says say stated told added noted stressed emphasized emphasised underlined underscored highlighted
    president presidents minister ministers prime foreign leader leaders head heads state side sides party
    parties two counterpart counterparts mr mrs ms dr today yesterday tuesday monday wednesday thursday friday
    saturday sunday h e his excellency one another respective particular particularly including""".split()
)

# Stems of the words that carry a position rather than a topic: what someone commits to, worries
# about, supports or rejects. Two people's claims on one topic make the same assertion only if
# they share one of these (both "committed to the agreement"), not just the topic's nouns.
STANCE_STEMS = set(
    """commit concern support oppos welcom condemn agre reject continu resum suspend postpon cancel
    respect violat breach implement withdraw accept refus deni insist demand request urg warn threaten
    hope expect regret prais thank congratul appreci criticis critic deplor denounc object endors back
    stop end halt freez ban lift impos ea easing strengthen deepen expand reduc limit restrain restraint
    de-escal escal peac peaceful negoti talk dialogu cooper contact stabil destabil secur protect defend
    defens defenc aggress attack threat risk danger legitim illeg unlaw lawful right freedom""".split()
)

GROUP_SEPARATOR = " = "
TERM_CACHE = 500_000  # words whose term a vocabulary remembers (cleared beyond: a long session's texts)
_UNSEEN = object()
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# "call" alone is the phone call, but "called on"/"call for" is an appeal: keep them apart.
_CALL = re.compile(r"\b(?:the|a|this|their|his|her|phone|telephone)\s+call(s)?\b|\bcalled\b(?!\s+(?:on|for|upon|to|the\s+\w+\s+(?:unwarranted|baseless)))")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents: matching ignores both ("Élysée" = "elysee").

    Cached: every contradiction rule and difference kind folds the same claim texts again.
    """
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("’", "'")


def longest_first(phrases) -> str:
    """A regex matching any of the phrases, the longest one where several match at one place (as
    the phrases longest first joined with "|" would), written as a tree of their characters: a
    scan tries one branch per character instead of every phrase at every place."""
    tree: dict = {}
    for phrase in phrases:
        node = tree
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def branch(node: dict) -> str:
        longer = [re.escape(ch) + branch(child) for ch, child in node.items() if ch != ""]
        if not longer:
            return ""
        body = longer[0] if len(longer) == 1 else "(?:" + "|".join(longer) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer phrase first, the shorter if it fails

    return branch(tree)


def parse_groups(text: str) -> list[list[str]]:
    """Groups of equivalent terms from the " = " format; comments (#) and blank lines skipped."""
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        names = [name.strip() for name in line.split("=") if name.strip()]
        if len(names) >= 2:
            groups.append(names)
    return groups


@dataclass(frozen=True)
class Analysed:
    tokens: tuple[str, ...]  # stems and group tokens, in text order, stopwords dropped
    hits: tuple[str, ...]  # glossary groups this text mentions, by their shown name


class Vocabulary:
    """Rewrites text into comparable terms through the glossary and synonym groups."""

    def __init__(self, glossary: list[list[str]], synonyms: list[list[str]]):
        self.shown: dict[str, str] = {}  # group token -> name shown to the analyst
        variants: dict[str, str] = {}  # folded phrases (and glossary names) -> group token
        stems: dict[str, str] = {}  # single-word synonyms, by stem: "cooperating" finds "cooperation"
        acronyms: dict[str, str] = {}  # "US", "UN", "AI": matched with their case, or "us" would be the pronoun
        self._stemmer = snowballstemmer.stemmer("english")
        self._stem_lock = threading.Lock()
        for kind, groups in (("g", glossary), ("s", synonyms)):
            for n, names in enumerate(groups):
                token = f"{kind}{n}x"
                self.shown[token] = names[0]
                for name in names:
                    folded = fold(name)
                    if name.isupper() and len(name.replace(".", "")) <= 4:
                        acronyms.setdefault(name, token)
                    elif kind == "s" and re.fullmatch(r"[a-z]+", folded):
                        stems.setdefault(self._stemmer.stemWord(folded), token)
                    else:
                        variants.setdefault(folded, token)
        self._stems = stems
        self._acronyms = acronyms
        self._acronym_pattern = (
            re.compile(r"(?<![\w.])(?:" + longest_first(acronyms) + r")(?![\w-])")
            if acronyms else None
        )
        self.glossary_tokens = {t for t in self.shown if t.startswith("g")}
        # Synonym groups whose words state a position ("concern = worry") count as stances too.
        self._stance_groups = {
            f"s{n}x" for n, names in enumerate(synonyms)
            if any(self._stemmer.stemWord(fold(w).split()[0]) in STANCE_STEMS for w in names)
        }
        self._stance_terms = frozenset(STANCE_STEMS) | frozenset(self._stance_groups)
        ordered = sorted(variants, key=len, reverse=True)  # longest first: "Islamic Republic of Iran" before "Iran"
        self._variants = variants
        self._pattern = (
            re.compile(r"(?<![\w'])(?:" + longest_first(ordered) + r")(?![\w-])") if ordered else None
        )
        self._stem_cache: dict[str, str] = {}
        self._terms: dict[str, str | None] = {}  # word -> its term, as ``_term`` reads it (analyse's loop)

    def analyse(self, text: str) -> Analysed:
        hits: list[str] = []

        def swap(token: str) -> str:
            if token in self.glossary_tokens and self.shown[token] not in hits:
                hits.append(self.shown[token])
            return f" {token} "

        if self._acronym_pattern is not None:
            text = self._acronym_pattern.sub(lambda m: swap(self._acronyms[m.group()]), text)
        folded = fold(text)
        if "call" in folded:  # what every _CALL match holds
            folded = _CALL.sub(" telephone ", folded)
        if self._pattern is not None:
            folded = self._pattern.sub(lambda m: swap(self._variants[m.group()]), folded)
        terms = self._terms
        if len(terms) > TERM_CACHE:
            terms.clear()
        tokens = []
        for word in _TOKEN.findall(folded.replace("-", " ")):
            token = terms.get(word, _UNSEEN)
            if token is _UNSEEN:
                token = terms[word] = self._term(word)
            if token is not None:
                tokens.append(token)
        return Analysed(tuple(tokens), tuple(hits))

    def _term(self, word: str) -> str | None:
        """The term a word of the text stands for (None: a stopword), the same whatever the text."""
        if word in self.shown:
            return word
        word = word.split("'")[0]  # possessives: "Iran's" -> "iran"
        if word in STOPWORDS or len(word) < 2:
            return None
        stem = self.stem(word)
        return self._stems.get(stem, stem)

    def stem(self, word: str) -> str:
        stem = self._stem_cache.get(word)
        if stem is None:
            # One vocabulary serves every thread (the window compares files while the library seeds
            # its samples), and a snowball stemmer keeps its word in itself while it works: two
            # threads at once garble stems or fail with IndexError. Cached words need no lock.
            with self._stem_lock:
                stem = self._stemmer.stemWord(word)
            self._stem_cache[word] = stem
        return stem

    def is_stance(self, token: str) -> bool:
        """A stem or synonym group that states a position (see STANCE_STEMS)."""
        return token in STANCE_STEMS or token in self._stance_groups

    @property
    def stance_terms(self) -> frozenset[str]:
        """Every term ``is_stance`` accepts."""
        return self._stance_terms

    def describe(self, token: str) -> str:
        """How a token reads to the analyst (a group's shown name, or the stem)."""
        return self.shown.get(token, token)


@lru_cache(maxsize=8)
def default_vocabulary(extra_glossary: str = "") -> Vocabulary:
    """The shipped glossary and synonyms, plus the analyst's own glossary groups (same format)."""
    glossary = parse_groups(extra_glossary) + parse_groups(read_resource("glossary.txt"))
    return Vocabulary(glossary, parse_groups(read_resource("synonyms.txt")))
