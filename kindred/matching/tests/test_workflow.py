from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from kindred.conftest import World, client_for, enrol, give_intake, make_user
from kindred.lib.errors import Conflict, NotFound
from kindred.lib.phrases import kept, phrase
from kindred.matching import services
from kindred.matching.models import Exclusion, MatchRun, Proposal
from kindred.matching.suggestions import mentor_suggestions
from kindred.matching.tests.conftest import add_mentor, finished_run
from kindred.profiles.models import Demographics
from kindred.programs.models import Membership
from kindred.relationships.models import Relationship


def test_a_run_proposes_explained_pairs_and_proves_optimality(matched_world: World) -> None:
    run = finished_run(matched_world)
    assert run.status == MatchRun.Status.DONE and run.gap == 0
    assert (
        run.engine_version
        and len(run.input_hash) == 64
        and run.text_method in ("tfidf", "semantic")
    )
    assert run.proposals.count() == 2  # one mentor with room for two, two mentees
    proposal = run.proposals.get(mentee=matched_world.owner)
    assert proposal.mentor == matched_world.partner
    assert proposal.mentee_reasons and proposal.mentor_reasons
    assert any("skills you want to build" in r["text"] for r in proposal.mentee_reasons)
    assert any("wants to build" in r["text"] for r in proposal.mentor_reasons)
    assert run.settings["min_overlap_hours"] == 2.0


def test_mentors_capacity_and_unmatched_reasons(matched_world: World) -> None:
    Membership.objects.filter(user=matched_world.partner).update(capacity=1)
    run = finished_run(matched_world)
    assert run.proposals.count() == 1
    assert {u["reason"] for u in run.unmatched} == {"mentors_full"}


def test_incomplete_intake_is_reported_not_matched(matched_world: World) -> None:
    newcomer = make_user("new@test.example", "Nia New")
    enrol(newcomer, matched_world.programme, "mentee")
    run = finished_run(matched_world)
    assert {
        "mentee": newcomer.pk,
        "reason": "intake_incomplete",
        "feasible_mentors": 0,
    } in run.unmatched


def test_publish_then_both_accept_starts_a_relationship(
    matched_world: World, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    w = matched_world
    run = finished_run(w)
    proposal = run.proposals.get(mentee=w.owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(actor=w.manager, run=run)
    # Through the outbox: one e-mail each; the mentor's two proposals arrive as one digest.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [w.owner.email, w.participant.email, w.partner.email]
    )
    services.proposal_decide(actor=proposal.mentee, proposal_id=proposal.pk, accept=True)
    assert not Relationship.objects.exists()
    done = services.proposal_decide(actor=proposal.mentor, proposal_id=proposal.pk, accept=True)
    assert done.status == Proposal.Status.ACCEPTED and done.relationship is not None
    assert done.relationship.mentor == proposal.mentor
    with pytest.raises(Conflict):
        services.proposal_decide(actor=proposal.mentor, proposal_id=proposal.pk, accept=False)


def test_a_decline_returns_the_mentee_to_the_pool_without_that_mentor(matched_world: World) -> None:
    w = matched_world
    add_mentor(w, "second@test.example", seed=7)
    run = finished_run(w)
    services.run_publish(actor=w.manager, run=run)
    proposal = run.proposals.get(mentee=w.owner)
    services.proposal_decide(
        actor=w.owner, proposal_id=proposal.pk, accept=False, reason="Too close to home"
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decline_reason) == (
        Proposal.Status.DECLINED,
        "Too close to home",
    )
    again = finished_run(w)
    retry = again.proposals.get(mentee=w.owner)
    assert retry.mentor != proposal.mentor


def test_strangers_cannot_decide(matched_world: World) -> None:
    run = finished_run(matched_world)
    services.run_publish(actor=matched_world.manager, run=run)
    proposal = run.proposals.all()[0]
    with pytest.raises(NotFound):
        services.proposal_decide(actor=matched_world.outsider, proposal_id=proposal.pk, accept=True)


def test_manager_pins_removes_swaps_and_reruns_keeping_pins(matched_world: World) -> None:
    w = matched_world
    Membership.objects.filter(user=w.partner).update(capacity=1)
    add_mentor(w, "second@test.example", seed=7, capacity=1)
    run = finished_run(w)
    first, second = run.proposals.order_by("mentee_id")
    services.proposals_swap(actor=w.manager, first=first, second=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.pinned and second.pinned and first.mentor != second.mentor
    swapped_pairs = {(first.mentee_id, first.mentor_id), (second.mentee_id, second.mentor_id)}
    rerun = services.run_execute(services.run_rerun(actor=w.manager, run=run).pk)
    assert {
        (p.mentee_id, p.mentor_id) for p in rerun.proposals.filter(pinned=True)
    } == swapped_pairs
    services.proposal_remove(actor=w.manager, proposal=rerun.proposals.get(mentee=w.owner))
    assert Exclusion.objects.filter(mentee=w.owner).exists()
    services.run_publish(actor=w.manager, run=rerun)
    with pytest.raises(Conflict):
        services.proposal_set_pinned(
            actor=w.manager, proposal=rerun.proposals.all()[0], pinned=False
        )


def test_demographics_never_change_scores_or_assignment(matched_world: World) -> None:
    w = matched_world
    add_mentor(w, "second@test.example", seed=7)
    before = {(p.mentee_id, p.mentor_id, p.score) for p in finished_run(w).proposals.all()}
    MatchRun.objects.all().delete()
    people = [w.owner, w.partner, w.participant]
    for n, person in enumerate(people):
        Demographics.objects.update_or_create(
            user=person,
            defaults={
                f: Demographics.answers_for(f)[n % len(Demographics.answers_for(f))]
                for f in Demographics.FIELDS
            },
        )
    after = {(p.mentee_id, p.mentor_id, p.score) for p in finished_run(w).proposals.all()}
    assert before == after


def test_the_audit_reports_groups_of_five_or_more_only(matched_world: World) -> None:
    w = matched_world
    for n in range(6):
        mentee = make_user(f"m{n}@test.example", f"Mentee {n}")
        enrol(mentee, w.programme, "mentee")
        give_intake(mentee, seed=20 + n)
        Demographics.objects.create(user=mentee, gender="woman" if n < 5 else "man")
    run = finished_run(w)
    gender = next(a for a in run.audit if a["attribute"] == "gender")
    assert [g["group"] for g in gender["groups"]] == ["not stated", "woman"] or [
        g["group"] for g in gender["groups"]
    ] == ["woman"]
    assert gender["suppressed_groups"] >= 1  # the lone "man"


def test_only_one_run_at_a_time(matched_world: World) -> None:
    services.run_start(actor=matched_world.manager, programme=matched_world.programme)
    with pytest.raises(Conflict):
        services.run_start(actor=matched_world.manager, programme=matched_world.programme)


def test_run_page_polls_until_done_then_shows_results(matched_world: World) -> None:
    w = matched_world
    client = client_for(w.manager)
    response = client.post("/programmes/alpha/matching/start/")
    run = MatchRun.objects.get()
    assert response["Location"] == f"/matching/runs/{run.pk}/"
    waiting = client.get(f"/matching/runs/{run.pk}/")
    assert b'hx-trigger="every 1s"' in waiting.content
    services.run_execute(run.pk)
    status = client.get(f"/matching/runs/{run.pk}/status/", headers={"HX-Request": "true"})
    assert status["HX-Refresh"] == "true"
    page = client.get(f"/matching/runs/{run.pk}/").content.decode()
    assert "Best possible" in page and "Fairness" in page and "Publish" in page
    # The background run keeps what it is doing as a phrase: each manager
    # watching it reads the note in their own language.
    run.refresh_from_db()
    assert run.progress_words == "Done"
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.RUNNING, progress_note=kept(phrase("Gathering profiles"))
    )
    w.manager.language = "es"
    w.manager.save()
    running = client.get(f"/matching/runs/{run.pk}/").content.decode()
    assert "Reuniendo perfiles" in running


def test_participant_pages_show_only_their_own_proposal(matched_world: World) -> None:
    w = matched_world
    run = finished_run(w)
    services.run_publish(actor=w.manager, run=run)
    mine = client_for(w.owner).get("/matches/").content.decode()
    assert "is proposed as your mentor" in mine and "Why you were matched" in mine
    assert "Pia Participant" not in mine
    other = client_for(w.outsider).get("/matches/").content.decode()
    assert "proposed" not in other
    proposal = run.proposals.get(mentee=w.owner)
    response = client_for(w.owner).post(
        f"/matches/proposals/{proposal.pk}/decide/", {"decision": "accept"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.mentee_decision == "accepted"


def test_run_detail_queries_are_bounded(
    matched_world: World, django_assert_max_num_queries
) -> None:
    w = matched_world
    for n in range(5):
        add_mentor(w, f"extra{n}@test.example", seed=40 + n)
        mentee = make_user(f"x{n}@test.example", f"X {n}")
        enrol(mentee, w.programme, "mentee")
        give_intake(mentee, seed=60 + n)
    run = finished_run(w)
    client = client_for(w.manager)
    client.get("/")
    with django_assert_max_num_queries(12):
        client.get(f"/matching/runs/{run.pk}/")


def test_match_command_dry_run_and_stored(matched_world: World, tmp_path) -> None:
    out = io.StringIO()
    target = tmp_path / "result.json"
    call_command("match", "--programme", "alpha", "--dry-run", "--json", str(target), stdout=out)
    assert "gap 0" in out.getvalue() and not MatchRun.objects.exists()
    assert json.loads(target.read_text())["gap"] == 0
    call_command("match", "--programme", "alpha", stdout=io.StringIO())
    assert MatchRun.objects.get().status == MatchRun.Status.DONE


def test_self_match_request_accept_and_expiry(matched_world: World) -> None:
    w = matched_world
    suggestions = mentor_suggestions(user=w.owner, programme=w.programme)
    assert suggestions and suggestions[0][1].id == w.partner.pk
    made = services.mentor_request_create(
        actor=w.owner, programme=w.programme, mentor_id=w.partner.pk
    )
    with pytest.raises(Conflict):
        services.mentor_request_create(actor=w.owner, programme=w.programme, mentor_id=w.partner.pk)
    assert services.mentor_request_follow_up(request_id=made.pk) == "nudged"
    answered = services.mentor_request_respond(actor=w.partner, request_id=made.pk, accept=True)
    assert answered.relationship is not None
    later = services.mentor_request_create
    with pytest.raises(Conflict):
        later(actor=w.owner, programme=w.programme, mentor_id=w.partner.pk)
    other = services.mentor_request_create(
        actor=w.participant, programme=w.programme, mentor_id=w.partner.pk
    )
    other.expires_at = timezone.now()
    other.save()
    assert services.mentor_request_follow_up(request_id=other.pk) == "expired"


def test_self_match_refuses_mentors_not_offered(matched_world: World) -> None:
    from kindred.lib.errors import InvalidInput

    with pytest.raises(InvalidInput):
        services.mentor_request_create(
            actor=matched_world.owner,
            programme=matched_world.programme,
            mentor_id=matched_world.manager.pk,
        )


def test_a_swap_that_breaks_a_rule_is_kept_with_a_warning(matched_world: World) -> None:
    w = matched_world
    Membership.objects.filter(user=w.partner).update(capacity=1)
    other = add_mentor(w, "second@test.example", seed=7, capacity=1)
    other.languages = ["fr"]  # shares no language with either mentee
    other.save()
    give_intake(other, seed=7)
    other.languages = ["fr"]
    other.save()
    add_mentor(w, "third@test.example", seed=8, capacity=1)
    run = finished_run(w)
    first, second = run.proposals.order_by("mentee_id")
    french = type(first).objects.get(pk=first.pk)
    french.mentor = other
    french.save()  # as if an earlier swap had put the French speaker here
    warnings = services.proposals_swap(actor=w.manager, first=french, second=second)
    assert len(warnings) == 1 and "break a matching rule" in warnings[0]


def test_a_run_delivered_twice_is_solved_once(matched_world: World) -> None:
    run = finished_run(matched_world)
    proposals = sorted(run.proposals.values_list("pk", flat=True))
    again = services.run_execute(run.pk)
    assert again.status == MatchRun.Status.DONE
    assert sorted(again.proposals.values_list("pk", flat=True)) == proposals


def test_each_run_s_duration_is_measured_for_prometheus(matched_world: World) -> None:
    from prometheus_client.registry import REGISTRY

    labels = {"format": matched_world.programme.format, "outcome": "done"}
    before = REGISTRY.get_sample_value("kindred_matching_run_duration_seconds_count", labels) or 0
    run = services.run_start(actor=matched_world.manager, programme=matched_world.programme)
    services.run_execute(run.pk)
    after = REGISTRY.get_sample_value("kindred_matching_run_duration_seconds_count", labels)
    assert after == before + 1
