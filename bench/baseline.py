"""The baseline bot: the project `rasa init` creates, trained (cached per Rasa version) and served.

Two bots are made from that project (its domain, NLU data, stories and rules):

- `STOCK` (`make bench`): the stock `rasa init` bot, trained with the project's own
  config.yml, that is Rasa's automatic default pipeline and policies, as `rasa init` trains it.
  The figures of full runs are measured against it.
- `SMOKE` (`make bench-smoke`): a stand-in with a light pipeline and no TensorFlow model. A
  smoke run only shows that the benchmark code still works; its figures are not used. The
  stock bot's four TensorFlow models took ~70 s to train on a machine without the cache
  (CI's fresh clone) and 30-60 s to load, more than half of a smoke run; the stand-in trains
  in ~12 s and loads in ~13 s. It is NOT the stock baseline: results.json and summary.md
  name the baseline bot of every run.

Both go through the same code (create the project, train, cache, serve), so a smoke run
still exercises the full run's. Each trained model is kept outside the checkout, in
~/.cache/edcert-bench/baseline/rasa-<version>/ for the stock bot and rasa-<version>-smoke-
<hash of its config>/ for the stand-in (or under $BENCH_BASELINE_CACHE), so reruns and
fresh clones on the same machine (CI) do not train it again: it depends on nothing but
Rasa's version (and the stand-in's config). Delete that folder to retrain. Only the bot is
cached; every figure is still measured in the run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.loadgen import Script, Turn
from bench.procs import RASA_BIN, ROOT, WORK, Managed, quiet_env

logger = logging.getLogger(__name__)


# The smoke stand-in's config.yml (the stock bot keeps the one `rasa init` writes).
SMOKE_CONFIG = """\
# Written by bench/baseline.py: the smoke runs' stand-in for the stock bot, not the stock
# baseline (the stock bot trains with Rasa's automatic defaults).
recipe: default.v1
assistant_id: bench_smoke_stand_in
language: en
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: LogisticRegressionClassifier
policies:
  # Each reply follows from the last message alone, so the stand-in answers every turn of
  # BASELINE_SCRIPT as the stock bot does; without TED, longer memorised histories left
  # most turns unanswered.
  - name: MemoizationPolicy
    max_history: 1
  - name: RulePolicy
"""


@dataclass(frozen=True)
class Bot:
    """A baseline bot made from the project `rasa init` creates."""

    key: str  # "stock" | "smoke"
    name: str  # how results.json and summary.md name it
    label: str  # its short name, in summary.md's lines and the plot's legend
    config: str | None  # its config.yml; None keeps the project's own (`rasa init`'s)


STOCK = Bot("stock", "the stock rasa init bot", "stock rasa init", None)
SMOKE = Bot("smoke", "a smoke stand-in, NOT the stock baseline: the rasa init project with a "
            "light pipeline (word counts, logistic regression, memoised stories and rules; no "
            "TensorFlow model)", "smoke stand-in (not the stock bot)", SMOKE_CONFIG)


def _rasa_dist_info() -> Path:
    """Rasa's dist-info in .venv-rasa (importing rasa takes seconds)."""
    site = ROOT / ".venv-rasa" / "lib"
    found = sorted(site.glob("python*/site-packages/rasa-*.dist-info"))
    if not found:
        raise RuntimeError("Rasa is not installed in .venv-rasa (run `make setup`)")
    return found[0]


def rasa_version() -> str:
    return _rasa_dist_info().name.removeprefix("rasa-").removesuffix(".dist-info")


def cache_dir(bot: Bot = STOCK) -> Path:
    root = os.environ.get("BENCH_BASELINE_CACHE") or str(
        Path.home() / ".cache" / "edcert-bench" / "baseline")
    name = f"rasa-{rasa_version()}"
    if bot.config is not None:
        # A config of our own is part of the model: changing it trains the bot anew.
        name += f"-{bot.key}-{hashlib.sha256(bot.config.encode()).hexdigest()[:8]}"
    return Path(root) / name


def _create_project(proj: Path) -> None:
    """What `rasa init --no-prompt` creates: Rasa's project template, copied as it is."""
    template = _rasa_dist_info().parent / "rasa" / "cli" / "initial_project"
    shutil.copytree(template, proj, ignore=shutil.ignore_patterns("__pycache__"))


def ensure_model(bot: Bot = STOCK) -> dict[str, object]:
    """Create and train `bot` unless a model of it for this Rasa version is cached."""
    cdir = cache_dir(bot)
    meta_path = cdir / "meta.json"
    proj = cdir / "proj"
    models = sorted((proj / "models").glob("*.tar.gz")) if proj.exists() else []
    if meta_path.exists() and models:
        meta = json.loads(meta_path.read_text())
        meta.update(cached=True, model=str(models[-1]), project=str(proj))
        return meta
    # Trained in a folder of its own, then moved into place: another run on the machine
    # never sees half a cache.
    building = cdir.with_name(f"{cdir.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    logger.info("creating and training %s in %s", bot.name, building / "proj")
    t0 = time.perf_counter()
    _create_project(building / "proj")
    if bot.config is not None:
        (building / "proj" / "config.yml").write_text(bot.config)
    log = building / "train.log"
    with log.open("wb") as fh:
        # Run in the project, `rasa train` trains what `rasa init` does: domain.yml,
        # config.yml and data/ into models/.
        subprocess.run(
            [str(RASA_BIN), "train"], cwd=building / "proj", env=quiet_env(), stdout=fh,
            stderr=subprocess.STDOUT, check=True, timeout=900,
        )
    elapsed = time.perf_counter() - t0
    if not sorted((building / "proj" / "models").glob("*.tar.gz")):
        raise RuntimeError(f"rasa train trained no model; see {log}")
    meta = {"rasa_version": rasa_version(), "bot": bot.name, "init_and_train_s": round(elapsed, 1)}
    (building / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    shutil.rmtree(cdir, ignore_errors=True)
    building.rename(cdir)
    models = sorted((proj / "models").glob("*.tar.gz"))
    meta.update(cached=False, model=str(models[-1]), project=str(proj))
    return meta


def server(port: int, meta: dict[str, object]) -> Managed:
    """`rasa run` of the model `ensure_model` returned, in its project."""
    proj, model = Path(str(meta["project"])), str(meta["model"])
    return Managed(
        "baseline-rasa",
        [str(RASA_BIN), "run", "--model", model, "--port", str(port), "--interface",
         "127.0.0.1", "--credentials", str(proj / "credentials.yml"),
         "--endpoints", str(proj / "endpoints.yml")],
        cwd=proj,
        log=WORK / "baseline" / "rasa-serve.log",
        env=quiet_env(LOG_LEVEL="WARNING"),
    )


# The stock bot's stories: greet -> mood; unhappy -> cheer up, "did that help?" -> yes/no.
BASELINE_SCRIPT = Script(
    name="stock rasa init",
    prelude=[Turn("hi", "smalltalk", expect=r"how are you")],
    loop=[
        Turn("hello", "smalltalk", expect=r"how are you"),
        Turn("I'm sad", "smalltalk", expect=r"did that help"),
        Turn("yes", "smalltalk", expect=r"great"),
        Turn("hey there", "smalltalk", expect=r"how are you"),
        Turn("I am feeling very good", "smalltalk", expect=r"great"),
        Turn("are you a bot?", "smalltalk", expect=r"bot"),
        Turn("good morning", "smalltalk", expect=r"how are you"),
        Turn("I am unhappy", "smalltalk", expect=r"did that help"),
        Turn("no", "smalltalk", expect=r"bye"),
        Turn("bye", "smalltalk", expect=r"bye"),
    ],
)
