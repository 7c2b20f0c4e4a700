"""Kindred's matching engine: certified-optimal, explainable mentor matching
on deep-level similarity. Framework-free: plain data in, plain data out."""

from kindred.engines.matching.explain import Reason, explain
from kindred.engines.matching.model import (
    COMPONENTS,
    ENGINE_VERSION,
    MatchResult,
    Pair,
    Person,
    Settings,
    Unmatched,
    Weights,
)
from kindred.engines.matching.peer import PeerPair, PeerResult, match_peers
from kindred.engines.matching.solver import evaluate, match, suggest

__all__ = [
    "COMPONENTS",
    "ENGINE_VERSION",
    "MatchResult",
    "Pair",
    "PeerPair",
    "PeerResult",
    "Person",
    "Reason",
    "Settings",
    "Unmatched",
    "Weights",
    "evaluate",
    "explain",
    "match",
    "match_peers",
    "suggest",
]
