"""The web platform's server: one FastAPI app for the enterprise console and the regulator.

Routers call the feature services (through the :class:`~indsec.app.AppContext` the app
holds) and nothing deeper; every route is authenticated and scoped (``server.scopes``).
"""

from indsec.server.app import create_app

__all__ = ["create_app"]
