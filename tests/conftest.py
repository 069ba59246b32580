"""Shared fixtures. Graph tests run against a real Bolt server, never a mock:

* ``NEO4J_URI`` set           -> that server (e.g. ``docker compose up``);
* a Docker engine reachable   -> Neo4j 5 in a testcontainer;
* otherwise                   -> the embedded ArcadeDB server (the default of ``kg`` itself).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "gold"
ARTICLES = ROOT / "tests" / "data" / "articles"


def _docker_available() -> bool:
    if not shutil.which("docker"):
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


KNOWN_GAPS = ROOT / "tests" / "known_gaps.txt"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Expected-behaviour cases the extractor does not meet yet run as strict xfails: each is
    listed by node id in tests/known_gaps.txt, so a fix turns into an XPASS failure that asks
    for the line to be removed, and nothing is silently skipped."""
    gaps = {
        line.strip()
        for line in KNOWN_GAPS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for item in items:
        if item.nodeid in gaps:
            item.add_marker(pytest.mark.xfail(reason="known extraction gap", strict=True))


@pytest.fixture(scope="session")
def bolt_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings pointing at a live Bolt server for the whole session."""
    data_dir = tmp_path_factory.mktemp("kgdata")
    if os.environ.get("NEO4J_URI"):
        yield Settings(KG_DATA_DIR=data_dir)
        return
    if os.environ.get("KG_TEST_DOCKER", "1") == "1" and _docker_available():
        from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer("neo4j:5-community", password="kg-test-password") as neo4j:
            yield Settings(
                NEO4J_URI=neo4j.get_connection_url(),
                NEO4J_USERNAME="neo4j",
                NEO4J_PASSWORD="kg-test-password",
                NEO4J_DATABASE="neo4j",
                KG_DATA_DIR=data_dir,
            )
        return
    from kg.embedded import EmbeddedServer

    server = EmbeddedServer(tmp_path_factory.mktemp("arcadedb"), "kgtest")
    server.start()
    try:
        user, password = server.auth
        yield Settings(
            NEO4J_URI=server.uri,
            NEO4J_USERNAME=user,
            NEO4J_PASSWORD=password,
            NEO4J_DATABASE=server.database,
            KG_DATA_DIR=data_dir,
        )
    finally:
        server.stop()


@pytest.fixture
def clean_settings(bolt_settings: Settings, tmp_path: Path) -> Settings:
    """The session's server, emptied, with a private data folder (locks, manifests)."""
    from kg.api import open_store

    with open_store(bolt_settings) as store:
        store.write("MATCH (n) DETACH DELETE n")
    return bolt_settings.model_copy(update={"data_dir": tmp_path / "kgdata"})


@pytest.fixture(scope="session")
def seed_extractions() -> list:
    from kg import api

    result = api.extract([SEEDS], Settings())
    assert not result.errors
    return result.extractions
