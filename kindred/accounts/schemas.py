from __future__ import annotations

from ninja import Schema


class MembershipOut(Schema):
    programme: str
    programme_name: str
    role: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    title: str
    department: str
    timezone: str
    languages: list[str]
    is_org_admin: bool
    manages: list[str]
    memberships: list[MembershipOut]
