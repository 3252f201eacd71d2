"""Imports every module that registers a rule-pack kind, so loading a pack can find its model."""

from __future__ import annotations
