"""Joint projects: milestones, deliverables (links and files), feedback both
ways, the showcase, and files that are only ever downloads for the pair and
the programme's managers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kindred.conftest import World, client_for
from kindred.lib.errors import Conflict, Forbidden, InvalidInput
from kindred.notifications.models import Notification
from kindred.programs.models import Programme
from kindred.projects import services
from kindred.projects.models import Deliverable, Project
from kindred.projects.selectors import milestone_figures, projects_of
from kindred.projects.teams import pair_team
from kindred.relationships.models import Relationship

UTC = dt.UTC
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def project(world: World, pair: Relationship) -> Project:
    return services.project_create(
        actor=world.owner,
        team=pair_team(pair),
        title="Onboarding guide for remote hires",
        purpose="New starters in four time zones need one place to begin.",
        beneficiaries="Everyone who joins the support team",
        skills=["Writing", "Project management"],
    )


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def add_file(
    world: World, pair: Relationship, project: Project, file: SimpleUploadedFile
) -> Deliverable:
    return services.deliverable_add(
        actor=world.owner,
        team=pair_team(pair),
        project_id=project.pk,
        title="Draft guide",
        upload=file,
    )


def test_milestones_and_their_on_time_figures(
    world: World, pair: Relationship, project: Project
) -> None:
    today = dt.date.today()
    first = services.milestone_add(
        actor=world.owner, team=pair_team(pair), project_id=project.pk,
        title="Outline agreed", due_date=today + dt.timedelta(days=3), owner_id=world.owner.pk,
    )  # fmt: skip
    second = services.milestone_add(
        actor=world.partner, team=pair_team(pair), project_id=project.pk,
        title="First draft", due_date=today + dt.timedelta(days=10), owner_id=world.partner.pk,
    )  # fmt: skip
    services.milestone_done(actor=world.owner, team=pair_team(pair), milestone_id=first.pk)
    late = dt.datetime.combine(second.due_date + dt.timedelta(days=2), dt.time(12), tzinfo=UTC)
    services.milestone_done(
        actor=world.partner, team=pair_team(pair), milestone_id=second.pk, now=late
    )
    figures = milestone_figures(list(projects_of(pair)))
    assert (figures.total, figures.done, figures.on_time) == (2, 2, 1)
    with pytest.raises(InvalidInput):
        services.milestone_add(
            actor=world.owner, team=pair_team(pair), project_id=project.pk,
            title="Too late", due_date=today - dt.timedelta(days=5), owner_id=world.owner.pk,
        )  # fmt: skip
    with pytest.raises(Forbidden):
        services.milestone_add(
            actor=world.manager, team=pair_team(pair), project_id=project.pk,
            title="Not mine", due_date=today, owner_id=world.owner.pk,
        )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("guide.html", b"<script>alert(1)</script>", "Upload one of these types"),
        ("guide.exe", b"MZ\x90\x00", "Upload one of these types"),
        ("guide.pdf", b"<html><script>alert(1)</script></html>", "not a real .pdf"),
        ("photo.png", PDF, "not a real .png"),
        ("notes.txt", b"\x00\x01binary", "plain UTF-8"),
        ("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "10 MB"),
        ("empty.pdf", b"", "10 MB"),
    ],
)
def test_files_outside_the_allow_list_are_refused_and_nothing_is_stored(
    world: World, pair: Relationship, project: Project, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        add_file(world, pair, project, upload(name, content, "text/html"))
    assert not Deliverable.objects.exists()


def test_a_file_is_only_ever_a_download_for_the_pair_and_the_managers(
    world: World, pair: Relationship, project: Project
) -> None:
    deliverable = add_file(world, pair, project, upload("Guide <draft>.pdf", PDF, "text/html"))
    assert (
        deliverable.content_type == "application/pdf" and deliverable.file_name == "Guide draft.pdf"
    )
    assert "Guide" not in deliverable.file.name  # stored under a random name
    url = f"/relationships/{pair.pk}/projects/{project.pk}/files/{deliverable.pk}/"
    for reader in (world.owner, world.partner, world.manager):
        response = client_for(reader).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    for outsider in (world.participant, world.outsider, world.other_manager, world.admin):
        assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_links_and_feedback_both_ways(world: World, pair: Relationship, project: Project) -> None:
    link = services.deliverable_add(
        actor=world.partner, team=pair_team(pair), project_id=project.pk,
        title="Shared outline", link="https://docs.example.org/outline",
    )  # fmt: skip
    with pytest.raises(InvalidInput):
        services.deliverable_add(
            actor=world.partner, team=pair_team(pair), project_id=project.pk,
            title="Bad", link="javascript:alert(1)",
        )  # fmt: skip
    with pytest.raises(InvalidInput):  # a link and a file at once
        services.deliverable_add(
            actor=world.partner, team=pair_team(pair), project_id=project.pk, title="Both",
            link="https://docs.example.org", upload=upload("a.pdf", PDF),
        )  # fmt: skip
    feedback = services.feedback_give(
        actor=world.owner, team=pair_team(pair), project_id=project.pk, deliverable_id=link.pk,
        worked="Clear structure", improve="Shorter intro", try_next="Test it on a new hire",
    )  # fmt: skip
    told = Notification.objects.get(kind="project_feedback")
    assert told.recipient == world.partner and feedback.author == world.owner
    services.feedback_give(
        actor=world.partner, team=pair_team(pair), project_id=project.pk, deliverable_id=link.pk,
        worked="Good questions", improve="Nothing yet", try_next="Keep going",
    )  # fmt: skip
    assert Notification.objects.filter(kind="project_feedback", recipient=world.owner).exists()
    with pytest.raises(InvalidInput):  # both targets
        services.feedback_give(
            actor=world.owner, team=pair_team(pair), project_id=project.pk, deliverable_id=link.pk,
            milestone_id=1, worked="x y", improve="x y", try_next="x y",
        )  # fmt: skip


def test_the_showcase(world: World, pair: Relationship, project: Project) -> None:
    Programme.objects.filter(pk=world.programme.pk).update(
        joint_project_expected=True, showcase_date=dt.date.today() + dt.timedelta(days=30)
    )
    pair.refresh_from_db()
    link = services.deliverable_add(
        actor=world.owner, team=pair_team(pair), project_id=project.pk,
        title="The guide", link="https://docs.example.org/guide",
    )  # fmt: skip
    services.showcase_submit(
        actor=world.owner, team=pair_team(pair), project_id=project.pk, deliverable_id=link.pk,
        summary="A single starting page for remote hires, tested with three new starters.",
    )  # fmt: skip
    url = f"/programmes/{world.programme.slug}/showcase/"
    page = client_for(world.participant).get(url).content.decode()
    assert "Onboarding guide for remote hires" in page and "tested with three" in page
    assert client_for(world.outsider).get(url).status_code == 404
    Programme.objects.filter(pk=world.programme.pk).update(
        showcase_date=dt.date.today() - dt.timedelta(days=2)
    )
    pair.refresh_from_db()
    with pytest.raises(Conflict):
        services.showcase_submit(
            actor=world.owner, team=pair_team(pair), project_id=project.pk, deliverable_id=link.pk,
            summary="A late change to the summary after the showcase happened.",
        )  # fmt: skip


def test_the_pages(world: World, pair: Relationship, project: Project) -> None:
    owner = client_for(world.owner)
    base = f"/relationships/{pair.pk}/projects/"
    assert (
        owner.post(base, {"title": "Second", "purpose": "Something useful to build"}).status_code
        == 302
    )
    act = f"{base}{project.pk}/act/"
    assert (
        owner.post(
            act, {"action": "deliverable", "title": "Draft", "file": upload("d.pdf", PDF)}
        ).status_code
        == 302
    )
    bad = owner.post(
        act, {"action": "deliverable", "title": "Page", "file": upload("p.html", b"<p>")}
    )
    assert bad.status_code == 422 and b"Upload one of these types" in bad.content
    assert owner.post(act, {"action": "launch"}).status_code == 422
    assert (
        client_for(world.manager).post(act, {"action": "status", "status": "done"}).status_code
        == 403
    )
    page = client_for(world.manager).get(f"{base}{project.pk}/").content.decode()
    assert "d.pdf" in page and "Add a deliverable" not in page  # managers read, never write
    assert client_for(world.participant).get(f"{base}{project.pk}/").status_code == 404
