"""Meaning of free text without a model: TF-IDF over word stems, hashed into
a fixed number of features, L2-normalised so a dot product is the cosine.
Used when the `semantic` extra (sentence embeddings) is not installed."""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

FEATURES = 256  # enough buckets for short texts; keeps the all-pairs product cheap
_WORD = re.compile(r"[a-zà-ÿ]{3,}")
STOP_WORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "that",
        "with",
        "this",
        "from",
        "have",
        "has",
        "are",
        "was",
        "were",
        "you",
        "your",
        "our",
        "their",
        "they",
        "them",
        "what",
        "when",
        "where",
        "which",
        "who",
        "how",
        "why",
        "want",
        "would",
        "could",
        "should",
        "into",
        "about",
        "more",
        "most",
        "some",
        "such",
        "than",
        "then",
        "there",
        "these",
        "those",
        "very",
        "just",
        "also",
        "been",
        "being",
        "will",
        "can",
        "all",
        "any",
        "its",
        "it's",
        "not",
        "but",
        "out",
        "one",
        "two",
        "over",
        "only",
        "own",
        "same",
        "too",
        "under",
        "while",
        "because",
        "before",
        "after",
        "again",
        "make",
        "made",
        "like",
        "love",
        "work",
        "working",
        "help",
        "helping",
        "people",
        "other",
        "others",
        "i'm",
        "i've",
        "dont",
        "don't",
        "always",
        "still",
        "something",
        "really",
        "every",
        "year",
        "years",
        "day",
        "days",
        "time",
        "way",
        "ways",
        "get",
        "got",
    ]
)


def tokens(text: str) -> list[str]:
    words = (w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS)
    return [_stem(w) for w in words]


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    # A light suffix strip is enough to meet "lead", "leading" and "leader".
    for suffix in ("ational", "ation", "ings", "ing", "ers", "er", "ies", "es", "ed", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def _bucket(token: str) -> int:
    return zlib.crc32(token.encode()) % FEATURES


@lru_cache(maxsize=65536)
def _word_bucket(word: str) -> int:
    """A lower-case word's bucket, -1 for a stop word: one cached call per
    word instead of three, since every profile's text is read each run."""
    return -1 if word in STOP_WORDS else _bucket(_stem(word))


def tfidf_matrix(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised row per text; an empty text gives a zero row."""
    rows: list[int] = []
    buckets: list[int] = []
    counts: list[int] = []
    for row, text in enumerate(texts):
        bag = Counter(map(_word_bucket, _WORD.findall(text.lower())))
        bag.pop(-1, None)
        rows += [row] * len(bag)
        buckets += bag.keys()
        counts += bag.values()
    bucket_of = np.array(buckets, dtype=np.int64)
    document_frequency = np.bincount(bucket_of, minlength=FEATURES).astype(np.float64)
    idf = np.log((1 + len(texts)) / (1 + document_frequency)) + 1
    matrix = np.zeros((len(texts), FEATURES), dtype=np.float32)
    weight = (1 + np.log(np.array(counts, dtype=np.float64))) * idf[bucket_of]
    matrix[np.array(rows, dtype=np.int64), bucket_of] = weight
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return matrix


def shared_terms(text_a: str, text_b: str, limit: int = 3) -> list[str]:
    """Words both texts use (in the first text's spelling), for explanations."""
    stems_b = set(tokens(text_b))
    seen: dict[str, str] = {}
    for word in _WORD.findall(text_a.lower()):
        if word in STOP_WORDS:
            continue
        stem = _stem(word)
        if stem in stems_b and stem not in seen:
            seen[stem] = word
    return list(seen.values())[:limit]
