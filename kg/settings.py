"""One typed configuration, built once at the CLI edge and passed down.

Nothing here runs at import time; ``Settings()`` reads the environment (and ``.env``) when called.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    neo4j_uri: str | None = Field(default=None, alias="NEO4J_URI")
    neo4j_username: str = Field(default="neo4j", alias="NEO4J_USERNAME")
    neo4j_password: SecretStr = Field(default=SecretStr(""), alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", alias="NEO4J_DATABASE")

    data_dir: Path = Field(default=Path(".kg"), alias="KG_DATA_DIR")
    embedded_database: str = Field(default="kg", alias="KG_EMBEDDED_DATABASE")
    batch_size: int = Field(default=500, ge=1, alias="KG_BATCH_SIZE")
    max_document_bytes: int = Field(default=20_000_000, ge=1, alias="KG_MAX_DOCUMENT_BYTES")
    gazetteer: Path | None = Field(default=None, alias="KG_GAZETTEER")

    @property
    def embedded(self) -> bool:
        """True when no external server is configured: kg runs its own ArcadeDB."""
        return not self.neo4j_uri
