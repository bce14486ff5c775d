"""PolNeAR (Political News Attribution Relations, Newell, Margolin and Ruths, LREC 2018): 1,008
articles from seven US publishers on the 2016 election, every attribution annotated as source,
cue and content in brat standoff files, split by month into train, dev and test.

Layout read: `<root>/data/<split>/text/<article>.txt`, `<root>/data/<split>/attributions/
<article>_<annotator>.ann` (the first annotator in name order when several annotated an article)
and, where present, `<root>/data/<split>/corenlp/<article>.txt.xml`, CoreNLP's automatic
coreference, used only to tell which named mention a pronoun source ("he said") stands for.

Only statements count: attributions whose cue is a verb of saying, writing or reporting (or
"according to", "per"), with content of four words or more. Thoughts and feelings ("he thinks",
"voters like") are attributions in PolNeAR but not claims a desk would propose.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks.corpora import Document, Statement

_SPEECH_CUE = re.compile(
    r"\b(?:sa(?:y|ys|id|ying)|t(?:ell|ells|old|elling)|according|stat(?:e|es|ed|ing)|announc\w*|"
    r"claim\w*|report\w*|add(?:s|ed|ing)?|argu\w*|wr(?:ite|ites|ote|iting|itten)|explain\w*|"
    r"not(?:e|es|ed|ing)|warn\w*|insist\w*|accus\w*|testif\w*|tweet\w*|den(?:y|ies|ied)|"
    r"predict\w*|estimat\w*|acknowledg\w*|admit\w*|confirm\w*|reveal\w*|suggest\w*|promis\w*|"
    r"pledg\w*|declar\w*|assert\w*|contend\w*|maintain\w*|point\w* out|stress\w*|emphasi\w*|"
    r"respond\w*|repl(?:y|ies|ied)|recall\w*|conced\w*|boast\w*|vow\w*|charg(?:e|es|ed)|"
    r"alleg\w*|disclos\w*|recount\w*|quot\w*|per)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?")
_PRONOUNS = frozenset(
    [
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "me",
        "him",
        "her",
        "us",
        "them",
        "my",
        "his",
        "its",
        "our",
        "their",
        "this",
        "that",
        "who",
        "which",
    ]
)
# Capitalised words that name nobody: sentence openers and determiners.
_NOT_NAMES = (
    frozenset(["the", "a", "an", "mr", "mrs", "ms", "dr", "sen", "gov", "rep", "president"])
    | _PRONOUNS
)
_SPLIT = re.compile(r"[^\W_]+")
_NAMED = frozenset(("PERSON", "ORGANIZATION"))
_Parsed = tuple[
    Callable[[list[tuple[int, int]]], frozenset[str]] | None,
    list[tuple[list[tuple[int, int]], frozenset[str]]],
]


def read(root: Path, split: str) -> Iterator[Document]:
    base = root / "data" / split
    annotations: dict[str, Path] = {}
    for path in sorted((base / "attributions").glob("*.ann")):
        article = path.stem.rsplit("_", 1)[0]
        annotations.setdefault(article, path)
    for article, ann in annotations.items():
        text_path = base / "text" / f"{article}.txt"
        if not text_path.exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        parsed = _corenlp(base / "corenlp" / f"{article}.txt.xml")
        yield Document(article, "en", split, text, list(_statements(ann, text, parsed)))


def _spans(field: str) -> list[tuple[int, int]]:
    spans = []
    for part in field.split(";"):
        lo, hi = part.split()
        spans.append((int(lo), int(hi)))
    return spans


def _statements(ann: Path, text: str, parsed: _Parsed) -> Iterator[Statement]:
    names_in, chains = parsed
    mentions: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, where = parts[1].partition(" ")
            mentions[parts[0]] = (kind, _spans(where))
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(item.split(":", 1) for item in parts[1].split() if ":" in item)
            events.append(roles)
    for roles in events:
        cue, content, source = (
            mentions.get(roles.get(r, "")) for r in ("Cue", "Content", "Source")
        )
        if cue is None or content is None or source is None:
            continue
        cue_text = " ".join(text[lo:hi] for lo, hi in cue[1])
        if not _SPEECH_CUE.search(cue_text):
            continue
        start, end = content[1][0][0], content[1][-1][1]
        if len(_WORD.findall(text[start:end])) < 4:
            continue
        source_text = " ".join(text[lo:hi] for lo, hi in source[1])
        names = (names_in(source[1]) if names_in else frozenset()) or _name_words(source_text)
        resolved = True
        linked = _linked(source[1], chains)
        if names and linked:
            # "Figueroa" is the "Melezia Figueroa" introduced earlier.
            names |= linked
        elif not names and _refers(source_text):
            # "he", "the senator": whom they stand for, if the coreference knows.
            names = linked or frozenset()
            resolved = bool(linked)
        inside = tuple((lo, hi) for lo, hi in [*source[1], *cue[1]] if start <= lo and hi <= end)
        yield Statement(start, end, source_text, names, resolved, inside)


def _name_words(phrase: str) -> frozenset[str]:
    """The words of a source phrase if it holds a proper name ("Republican nominee Donald
    Trump", "the Clinton campaign"), else nothing."""
    words = _WORD.findall(phrase)
    if any(w[0].isupper() and w.lower() not in _NOT_NAMES for w in words):
        return _words(phrase)
    return frozenset()


def _words(phrase: str) -> frozenset[str]:
    return frozenset(w.casefold() for w in _SPLIT.findall(phrase))


def _refers(phrase: str) -> bool:
    """A pronoun or a definite role ("the senator"), which stand for someone named elsewhere;
    "a source" and "officials" stand for nobody in particular."""
    words = [w.lower() for w in _WORD.findall(phrase)]
    return bool(words) and (words[0] in _PRONOUNS or words[0] in ("the", "his", "her", "their"))


def _linked(
    spans: list[tuple[int, int]], chains: list[tuple[list[tuple[int, int]], frozenset[str]]]
) -> frozenset[str]:
    """Names of the chain with a mention inside the source phrase, or around it."""
    lo, hi = spans[0][0], spans[-1][1]
    for mentions, names in chains:
        if names and any(
            (m_lo <= lo and hi <= m_hi) or (lo <= m_lo and m_hi <= hi) for m_lo, m_hi in mentions
        ):
            return names
    return frozenset()


def _corenlp(path: Path) -> _Parsed:
    """From CoreNLP's output: a function giving the words of the people and organisations named
    inside some spans, and the coreference chains as (mention spans, words of the chain's
    people and organisations)."""
    if not path.exists():
        return None, []
    root = ET.parse(path).getroot()  # noqa: S314 - a local corpus file, not user input
    offsets: dict[tuple[int, int], tuple[int, int]] = {}
    proper: dict[tuple[int, int], bool] = {}
    named: list[tuple[int, int, str]] = []
    for sentence in root.iter("sentence"):
        number = sentence.get("id")
        tokens = sentence.find("tokens")
        if number is None or tokens is None:
            continue
        for token in tokens.iter("token"):
            key = (int(number), int(token.get("id", "0")))
            begin = int(token.findtext("CharacterOffsetBegin", "0"))
            end = int(token.findtext("CharacterOffsetEnd", "0"))
            offsets[key] = (begin, end)
            proper[key] = token.findtext("NER", "") in _NAMED
            if proper[key]:
                named.append((begin, end, token.findtext("word", "")))
    text_of = {(begin, end): word for begin, end, word in named}
    chains = []
    coreference = root.find(".//coreference")
    for chain in coreference.findall("coreference") if coreference is not None else []:
        spans = []
        names: set[str] = set()
        for mention in chain.findall("mention"):
            sentence = int(mention.findtext("sentence", "0"))
            first = int(mention.findtext("start", "0"))
            last = int(mention.findtext("end", "0")) - 1
            if (sentence, first) not in offsets or (sentence, last) not in offsets:
                continue
            spans.append((offsets[(sentence, first)][0], offsets[(sentence, last)][1]))
            for t in range(first, last + 1):
                if proper.get((sentence, t)):
                    begin, end = offsets[(sentence, t)]
                    names |= _words(text_of.get((begin, end), ""))
        chains.append((spans, frozenset(names)))

    def names_in(spans: list[tuple[int, int]]) -> frozenset[str]:
        inside = [w for b, e, w in named if any(lo <= b and e <= hi for lo, hi in spans)]
        return _words(" ".join(inside))

    return names_in, chains
