"""Dutch word forms for the catalogue search, the same on SQLite and PostgreSQL.

PostgreSQL's ``dutch`` configuration is the old (Porter) Snowball stemmer: it joins "mentor"/"mentoren" but not
"stage"/"stages" (``stag`` against ``stages``). Snowball's newer Dutch stemmer joins "stage"/"stages" but not
"mentor"/"mentoren" (``mentoor``). So every word is reduced by both, and a query word matches a text when the two
share a stem. The text side is stored (``GoodPractice.search_text``) as `` stem stem … `` so a match is a plain
``LIKE '% stem %'`` on any database.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+")
# A snowballstemmer object keeps the word it is working on: one thread at a time.
_LOCK = threading.Lock()
_STEMMERS = (snowballstemmer.stemmer("dutch"), snowballstemmer.stemmer("dutch_porter"))


def words(text: str) -> list[str]:
    """The words of ``text``, lower case (letters with accents and digits count as letters)."""
    return _WORD.findall((text or "").lower())


@lru_cache(maxsize=50_000)
def word_stems(word: str) -> frozenset[str]:
    """The stems of one lower-case word: {"stage", "stag"} for "stage", {"stage", "stages"} for "stages"."""
    with _LOCK:
        return frozenset(stemmer.stemWord(word) for stemmer in _STEMMERS)


def stemmed_text(*texts: str) -> str:
    """Every stem of every word in ``texts``, once each, between spaces (the stored search text)."""
    stems = {stem for text in texts for word in words(text) for stem in word_stems(word)}
    return f" {' '.join(sorted(stems))} " if stems else ""


def query_terms(query: str) -> list[tuple[str, frozenset[str]]]:
    """Each word of a search query with its stems; a text matches the query when it has every word."""
    return [(word, word_stems(word)) for word in dict.fromkeys(words(query))]
