"""The NumPy all-MiniLM-L6-v2 (`bot/components/minilm.py`) computes what the reference does.

`minilm_reference.json` holds tokens and sentence embeddings computed once with
sentence-transformers and PyTorch (which the Rasa environment does not have) from the
same package's model. Runs in `.venv-rasa` (`make test-dialogue`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("rasa")

from bot.components.minilm import MiniLMEncoder, basic_words  # noqa: E402

REFERENCE = json.loads((Path(__file__).with_name("minilm_reference.json")).read_text("utf-8"))
ITEMS: list[dict[str, Any]] = REFERENCE["items"]


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return MiniLMEncoder()  # the installed package's model, its weights' SHA-256 checked


def test_the_model_is_the_packaged_all_minilm_l6_v2_with_its_sequence_limit(
        encoder: MiniLMEncoder) -> None:
    assert (encoder.dim, encoder.layers, encoder.heads) == (384, 6, 12)
    assert encoder.max_length == REFERENCE["max_seq_length"]


@pytest.mark.parametrize("item", ITEMS, ids=[i["text"][:30] for i in ITEMS])
def test_word_pieces_are_the_reference_tokenizers(encoder: MiniLMEncoder,
                                                   item: dict[str, Any]) -> None:
    pieces = encoder.tokenizer.tokenize(item["text"], encoder.max_length - 2)
    assert ["[CLS]", *(p.text for p in pieces), "[SEP]"] == item["tokens"]


def test_sentence_embeddings_match_the_reference_in_one_batch(encoder: MiniLMEncoder) -> None:
    mine = encoder.embed([i["text"] for i in ITEMS])
    for item, vector in zip(ITEMS, mine, strict=True):
        ref = np.asarray(item["embedding"])
        cosine = float(vector @ ref / (np.linalg.norm(vector) * np.linalg.norm(ref)))
        assert cosine > 0.999, item["text"]
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5


def test_a_text_alone_embeds_as_in_a_padded_batch(encoder: MiniLMEncoder) -> None:
    texts = ["hi", "where do i send my official transcripts"]
    alone = np.stack([encoder.embed([t])[0] for t in texts])
    assert np.allclose(alone, encoder.embed(texts), atol=1e-5)


def test_word_spans_point_into_the_original_text() -> None:
    text = "Héllo,  café\tP.O. Box"
    assert basic_words(text) == [("hello", 0, 5), (",", 5, 6), ("cafe", 8, 12), ("p", 13, 14),
                                 (".", 14, 15), ("o", 15, 16), (".", 16, 17), ("box", 18, 21)]


def test_rasa_tokens_get_the_mean_of_their_word_pieces(encoder: MiniLMEncoder) -> None:
    from rasa.nlu.tokenizers.tokenizer import Token

    from bot.components.minilm_featurizer import token_features

    text = "renew my certifcate!"
    (encoded,) = encoder.encode([text])
    tokens = [Token("renew", 0), Token("my", 6), Token("certifcate", 9)]
    rows = token_features(encoded, tokens, encoder.dim)
    assert rows.shape == (3, 384)
    pieces = [j for j, p in enumerate(encoded.pieces) if p.start == 9]
    assert len(pieces) > 1  # a misspelt word splits into several pieces
    expected = encoded.states[pieces].mean(0)
    assert np.allclose(rows[2], expected / np.linalg.norm(expected), atol=1e-6)
