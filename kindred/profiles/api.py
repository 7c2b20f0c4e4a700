from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status

from kindred.accounts.models import User
from kindred.lib.http import authenticated_user
from kindred.profiles import selectors, services
from kindred.profiles.models import Demographics, Profile, TimeOff
from kindred.profiles.schemas import (
    DemographicsIn,
    DemographicsOut,
    ProfileOut,
    ProfileUpdate,
    TimeOffIn,
    TimeOffOut,
    TopicOut,
)
from kindred.programs.selectors import person_for_viewer

router = Router(tags=["profiles"])


def _topics(manager: object) -> list[TopicOut]:
    return [TopicOut(id=t.pk, name=t.name) for t in manager.all()]  # type: ignore[attr-defined]


def _profile_out(profile: Profile) -> ProfileOut:
    user = profile.user
    saved = profile.pk is not None
    return ProfileOut.model_validate(
        {
            "id": user.pk,
            "full_name": user.full_name,
            "email": user.email,
            "timezone": user.timezone,
            "languages": user.languages,
            "values": profile.values,
            "big_five": profile.big_five,
            "calling": profile.calling,
            "career_dreams": profile.career_dreams,
            "goals": _topics(profile.goals) if saved else [],
            "skills_sought": _topics(profile.skills_sought) if saved else [],
            "skills_offered": _topics(profile.skills_offered) if saved else [],
            "working_windows": profile.working_windows,
            "sync_channels": profile.sync_channels,
            "async_channels": profile.async_channels,
            "quiet_hours": profile.quiet_hours,
            "boundary_blocks": profile.boundary_blocks,
            "topics_off_limits": profile.topics_off_limits,
            "camera_optional": profile.camera_optional,
            "steps_done": profile.steps_done,
            "intake_complete": profile.intake_complete,
        }
    )


@router.get("/profiles/me", response=ProfileOut, summary="Your own deep-level profile")
def my_profile(request: HttpRequest) -> ProfileOut:
    return _profile_out(selectors.profile_of(authenticated_user(request)))


@router.patch(
    "/profiles/me",
    response=ProfileOut,
    summary="Update sections of your profile",
    description=(
        "Send any subset of the sections, and within a section any subset of its fields: "
        "what is not named keeps what is stored. One rule the schema cannot state: a "
        "boundary block's start and end differ."
    ),
)
def update_my_profile(request: HttpRequest, payload: ProfileUpdate) -> ProfileOut:
    user = authenticated_user(request)
    with transaction.atomic():  # every given section, or none of them
        _apply_update(user, payload)
    return _profile_out(selectors.profile_of(user))


def _apply_update(user: User, payload: ProfileUpdate) -> None:
    """Each section the request names is saved through its service; within
    it, what the request does not name keeps what is stored."""
    profile = selectors.profile_of(user)
    if payload.values is not None:
        services.profile_save_values(actor=user, ratings=payload.values)
    if payload.tipi_answers is not None:
        services.profile_save_personality(actor=user, answers=payload.tipi_answers)
    if payload.calling is not None:
        services.profile_save_calling(actor=user, **(_calling(profile) | payload.calling.given()))
    if payload.logistics is not None:
        given = payload.logistics.given()
        if "timezone" in given:
            given["zone"] = given.pop("timezone")
        services.profile_save_logistics(actor=user, **(_logistics(user, profile) | given))
    if payload.boundaries is not None:
        given = payload.boundaries.given()
        services.profile_save_boundaries(actor=user, **(_boundaries(profile) | given))


def _ids(related: Any) -> list[int]:
    return [topic.pk for topic in related.all()] if related is not None else []


def _calling(profile: Profile) -> dict[str, Any]:
    saved = profile.pk is not None
    return {
        "calling": profile.calling,
        "career_dreams": profile.career_dreams,
        "goal_ids": _ids(profile.goals if saved else None),
        "skills_sought_ids": _ids(profile.skills_sought if saved else None),
        "skills_offered_ids": _ids(profile.skills_offered if saved else None),
    }


def _logistics(user: User, profile: Profile) -> dict[str, Any]:
    return {
        "zone": user.timezone,
        "languages": list(user.languages),
        "working_windows": list(profile.working_windows),
        "sync_channels": list(profile.sync_channels),
        "async_channels": list(profile.async_channels),
    }


def _boundaries(profile: Profile) -> dict[str, Any]:
    return {
        "quiet_hours": profile.quiet_hours,
        "blocks": list(profile.boundary_blocks),
        "topics_off_limits": list(profile.topics_off_limits),
        "camera_optional": profile.camera_optional,
    }


@router.get("/profiles/{id:person_id}", response=ProfileOut, summary="A profile you may see")
def person_profile(request: HttpRequest, person_id: int) -> ProfileOut:
    return _profile_out(selectors.profile_for_viewer(authenticated_user(request), person_id))


@router.get(
    "/profiles/{id:person_id}/demographics",
    response=DemographicsOut,
    summary="Self-identified demographics: the person themself, or an admin for a data request",
)
def person_demographics(request: HttpRequest, person_id: int) -> Demographics | DemographicsOut:
    viewer = authenticated_user(request)
    subject = person_for_viewer(viewer, person_id)
    record = selectors.demographics_read(
        viewer=viewer, subject=subject, channel="api", purpose="api read"
    )
    return record or DemographicsOut.model_validate({})


@router.put("/profiles/me/demographics", response=DemographicsOut)
def update_my_demographics(request: HttpRequest, payload: DemographicsIn) -> Demographics:
    user = authenticated_user(request)
    return services.demographics_save(actor=user, answers=payload.model_dump(), channel="api")


@router.get("/profiles/me/time-off", response=list[TimeOffOut], summary="Your upcoming time off")
def my_time_off(request: HttpRequest) -> list[TimeOff]:
    return selectors.upcoming_time_off(authenticated_user(request))


@router.post(
    "/profiles/me/time-off",
    response={201: TimeOffOut},
    summary="Add days away, or days with different hours, in your own zone",
    description="One rule the schema cannot state: the days are today or later, in your zone.",
)
def add_time_off(request: HttpRequest, payload: TimeOffIn) -> Status:
    user = authenticated_user(request)
    entry = services.time_off_add(actor=user, **payload.model_dump())
    return Status(201, TimeOffOut.model_validate(entry))


@router.delete("/profiles/me/time-off/{id:time_off_id}", response={204: None})
def remove_time_off(request: HttpRequest, time_off_id: int) -> Status:
    services.time_off_remove(actor=authenticated_user(request), time_off_id=time_off_id)
    return Status(204, None)
