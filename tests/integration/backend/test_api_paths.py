"""Every URL the web process documents stays where it was (the OpenAPI path list).

`openapi_paths.json` was taken before the API blueprints were grouped under one
`/api/v1` prefix; a change that moves, adds or drops a URL updates it on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.backend.conftest import Api

EXPECTED = Path(__file__).with_name("openapi_paths.json")


def test_the_openapi_path_list_is_unchanged(api: Api) -> None:
    spec = api.get("/docs/openapi.json").json()
    paths = [[path, sorted(ops)] for path, ops in sorted(spec["paths"].items())]
    assert paths == json.loads(EXPECTED.read_text())
