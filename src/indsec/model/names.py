"""Bilingual names: every label and category has a stable id and names in zh-CN and en."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Names(BaseModel):
    """A name in Simplified Chinese and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en
