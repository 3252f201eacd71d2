"""The app factories ``indsec serve --workers N`` names to uvicorn, one app per worker process.

uvicorn starts extra worker processes by importing the app from a string, so the app cannot be
an object the command built: each worker calls a factory here, which reads the settings from
the environment (``indsec serve`` reads them from the same environment, so every worker serves
the same instance).
"""

from __future__ import annotations

from fastapi import FastAPI

from indsec.server.app import create_app
from indsec.settings import load_settings


def enterprise_app() -> FastAPI:
    return create_app(load_settings(), mode="enterprise")


def supervision_app() -> FastAPI:
    return create_app(load_settings(), mode="supervision")
