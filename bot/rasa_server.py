"""Run Rasa (`rasa run ...`, `rasa test ...`) with this project's fixes to Rasa 3.6.

    .venv-rasa/bin/python -m bot.rasa_server run --model models/current.tar.gz ...

1. Action replies. Rasa checks every reply of the action server with
   `jsonschema.validate`, which first validates the *schema itself* against the JSON
   Schema meta-schema, on every call: about 40 % of the Rasa process's CPU under load
   (py-spy, 10 users; docs/performance.md). The schema is a constant, so it is checked
   once here and a compiled validator is reused; replies are validated exactly as
   before and an invalid reply raises the same `ValidationError`.
2. Model loading. To create the weights of a TensorFlow model before loading them,
   `RasaModel.load` runs one training step with Keras `fit`, which traces a whole
   training graph (gradients included) that serving never uses: about 64 % of Rasa's
   start-up time (py-spy; model load 48 s -> 7 s). Here that one step runs eagerly, so
   no training graph is traced; then the trained weights are loaded and the prediction
   graph is traced as before. Eager execution creates only the layers the example
   step runs; variables that the prediction graph creates later are restored from the
   checkpoint when they are created (TensorFlow's deferred restoration), and the values
   left over belong to training only (optimizer slots, label-side layers), which is what
   TensorFlow's "Value in checkpoint could not be found" lines at exit list.
   `tests/integration/dialogue/test_fast_model_load.py` checks that both loads predict the same
   intents, confidences, FAQ answers and next actions, and `make test-dialogue` runs
   the conversation tests through this launcher.
3. Never silent (bot/action_failures.py): remote actions time out after
   `ACTION_TIMEOUT_SECONDS` (default 8), and an action that fails or times out ends the
   turn with an apology instead of no reply at all.
4. Outages said plainly (bot/outages.py): a message that cannot be locked (Redis down) or
   read (tracker store down) gets an apology and is not processed; `GET /health` reports
   Redis and the tracker store.

Also installed: bot/clauses.py (messages of several clauses).
"""

from __future__ import annotations

import sys
from typing import Any

# The fixes replace Rasa internals (RemoteAction._validate_action_result, RasaModel.load)
# as they are in this version; they refuse to patch any other. The pin is the lock file's
# (requirements/rasa.lock; tests/integration/actions/test_rasa_server.py keeps them equal).
PINNED_RASA = "3.6.21"


class UnpinnedRasa(RuntimeError):
    """The installed Rasa is not the version these fixes were written and tested against."""


def check_rasa_version(installed: str | None = None) -> None:
    if installed is None:
        import rasa

        installed = rasa.__version__
    if installed != PINNED_RASA:
        raise UnpinnedRasa(
            f"bot/rasa_server.py patches Rasa {PINNED_RASA} internals and refuses to patch "
            f"Rasa {installed}: check each fix against the new version, then update "
            "PINNED_RASA and requirements/rasa.lock together")


def use_compiled_reply_validator() -> None:
    """Fix 1: check the constant reply schema once, validate each reply with it."""
    check_rasa_version()
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


def _load_without_tracing_a_training_graph() -> None:
    """Fix 2: build a model's weights with one eager step before loading them."""
    check_rasa_version()
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
    from rasa.utils.tensorflow.models import RasaModel

    def load(cls: Any, model_file_name: str, model_data_example: Any,
             predict_data_example: Any = None, finetune_mode: bool = False,
             *args: Any, **kwargs: Any) -> Any:
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
                      run_eagerly=True)
        model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
        model.run_eagerly = config.get(RUN_EAGERLY)
        model.load_weights(model_file_name)
        if not finetune_mode and predict_data_example:
            model.run_inference(predict_data_example)
        return model

    RasaModel.load = classmethod(load)  # type: ignore[assignment]


def apply_all() -> None:
    """Every patch of this launcher, for the pinned Rasa only (the clause parse, the action
    failures and the outages patch Rasa internals too)."""
    check_rasa_version()
    from bot import action_failures, clauses, outages

    use_compiled_reply_validator()
    _load_without_tracing_a_training_graph()
    clauses.install()
    action_failures.install()
    outages.install()


def main() -> None:
    apply_all()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
