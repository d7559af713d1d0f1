"""Integer ids in paths name database rows: a number no row can have is a 404, not a 500.

Rows are keyed by `Integer` columns: 32-bit signed on PostgreSQL, 64-bit on SQLite. A path
id outside the 32-bit range cannot name a row on either, and the drivers refuse to bind it
(OverflowError, "value out of int32 range"). The guard runs only on routes with an integer
path parameter, so the other routes (the status lookup among them) pay nothing for it.
"""

from __future__ import annotations

import logging

from sanic import Request, Sanic
from sanic.exceptions import NotFound

logger = logging.getLogger(__name__)

ID_MIN = -(2**31)
ID_MAX = 2**31 - 1


def in_range(value: int) -> bool:
    return ID_MIN <= value <= ID_MAX


async def _ids_in_range(request: Request) -> None:
    for value in request.match_info.values():
        if type(value) is int and not in_range(value):
            raise NotFound()


def guard_route_ids(app: Sanic) -> None:
    """Attach the range check to every route registered so far with an int path parameter."""
    names = sorted({
        route.name for route in app.router.routes
        if any(param.cast is int for param in route.defined_params.values())
    })
    logger.debug("id range guard on %d routes", len(names))
    app.register_named_middleware(_ids_in_range, route_names=names, attach_to="request")
