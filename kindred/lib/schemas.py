"""Types shared by the API's input schemas.

Every request body is an `In`: a plain pydantic model that refuses fields it
does not know and values of the wrong type. (django-ninja's own `Schema`
reads any object by its attributes, so `{"boundaries": []}` validated as an
empty section with every default, and a PATCH wiped what it did not name.)
Numbers and booleans are strict: `"5"` is not 5 and `true` is not 1."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict


def _whole_number(value: object) -> object:
    """JSON Schema counts 3.0 as an integer; so do we (but not true or "3")."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# Bounds go before the validator: after it, pydantic leaves them out of the
# JSON schema (and schemathesis would call 0 a valid id).
WHOLE = BeforeValidator(_whole_number)

Int = Annotated[int, Strict(), WHOLE]
Bool = Annotated[bool, Strict()]

# An id a caller sends: positive and inside the database's 64-bit integer,
# so a huge number is a 422 naming the field, not an overflow in the query.
RowId = Annotated[int, Strict(), Field(ge=1, le=2**62), WHOLE]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def given(self) -> dict[str, object]:
        """Only the fields the request named (a partial update applies these)."""
        return self.model_dump(exclude_unset=True)
