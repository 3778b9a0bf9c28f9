"""Dragoman's HTTP API (``dragoman api``): see :mod:`workflow.api.app`."""

from workflow.api.app import ROUTES, create_app, openapi
from workflow.api.core import PREFIX

__all__ = ["PREFIX", "ROUTES", "create_app", "openapi"]
