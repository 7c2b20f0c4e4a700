"""Background work for profiles."""

from __future__ import annotations

from kindred.lib.jobs import task


@task()
def embed_profile_text(profile_id: int) -> bool:
    """Store the sentence embedding of the profile's calling, dreams and
    goals, when the semantic extra is installed (returns False otherwise)."""
    from kindred.profiles.embeddings import SemanticEncoder
    from kindred.profiles.models import Profile
    from kindred.profiles.selectors import profile_text

    encoder = SemanticEncoder.load()
    profile = Profile.objects.filter(pk=profile_id).first()
    if encoder is None or profile is None:
        return False
    text = profile_text(profile)
    vector = encoder.encode([text])[0].round(5).tolist() if text else None
    Profile.objects.filter(pk=profile_id).update(text_embedding=vector)
    return True
