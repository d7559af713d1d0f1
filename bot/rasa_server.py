"""Start the Rasa server (`rasa run ...`) with this project's fix to Rasa 3.6 applied.

    .venv-rasa/bin/python -m bot.rasa_server run --model models/current.tar.gz ...

Rasa 3.6 checks every reply of the action server with `jsonschema.validate`, which
first validates the *schema itself* against the JSON Schema meta-schema, on every
call. Under load that was about 40 % of the Rasa process's CPU (py-spy, 10 users;
see docs/performance.md). The schema is a constant, so it is checked once here and a
compiled validator is reused; replies are still validated exactly as before and an
invalid reply still raises the same `ValidationError`.
"""

from __future__ import annotations

import sys
from typing import Any


def apply_fixes() -> None:
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions import action as rasa_action
    from rasa.shared.constants import DOCS_BASE_URL

    spec = rasa_action.RemoteAction.action_response_format_spec()
    validator_cls = validator_for(spec)
    validator_cls.check_schema(spec)
    validator = validator_cls(spec)

    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as e:
            e.message += (
                ". Failed to validate Action server response from API, "
                "make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise e

    rasa_action.RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


def main() -> None:
    apply_fixes()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
