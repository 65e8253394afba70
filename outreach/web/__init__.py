"""Turn HTTP requests into calls of the library: the coaches' pages and Twilio's webhooks.

`create_app()` builds one Starlette app from the route lists of the modules in this package;
routes stay thin and call the same library functions as the CLI.
"""

from __future__ import annotations

from starlette.applications import Starlette


def create_app() -> Starlette:
    """The ASGI app: coach pages and Twilio webhooks."""
    from . import twilio

    return Starlette(routes=[*twilio.routes()])
