"""Types shared by the API's input schemas."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

# An id a caller sends: positive and inside the database's 64-bit integer,
# so a huge number is a 422 naming the field, not an overflow in the query.
RowId = Annotated[int, Field(ge=1, le=2**62)]
