"""The stock `rasa init` bot: created, trained (cached per Rasa version) and served.

The trained model is kept outside the checkout, in ~/.cache/edcert-bench/baseline/
rasa-<version>/ (or $BENCH_BASELINE_CACHE/rasa-<version>/), so that smoke runs, reruns and
fresh clones on the same machine (CI) do not train it again: it depends on nothing but
Rasa's version. Delete that folder to retrain. Only the stock bot is cached; every figure
is still measured in the run.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import time
from pathlib import Path

from bench.loadgen import Script, Turn
from bench.procs import RASA_BIN, ROOT, WORK, Managed, quiet_env

logger = logging.getLogger(__name__)


def rasa_version() -> str:
    """Rasa's version from its dist-info (importing rasa takes seconds)."""
    site = ROOT / ".venv-rasa" / "lib"
    found = sorted(site.glob("python*/site-packages/rasa-*.dist-info"))
    if not found:
        raise RuntimeError("Rasa is not installed in .venv-rasa (run `make setup`)")
    return found[0].name.removeprefix("rasa-").removesuffix(".dist-info")


def cache_dir() -> Path:
    root = os.environ.get("BENCH_BASELINE_CACHE") or str(
        Path.home() / ".cache" / "edcert-bench" / "baseline")
    return Path(root) / f"rasa-{rasa_version()}"


def ensure_model() -> dict[str, object]:
    """Create and train the stock bot unless a model for this Rasa version is cached."""
    cdir = cache_dir()
    meta_path = cdir / "meta.json"
    proj = cdir / "proj"
    models = sorted((proj / "models").glob("*.tar.gz")) if proj.exists() else []
    if meta_path.exists() and models:
        meta = json.loads(meta_path.read_text())
        meta["cached"] = True
        meta["model"] = str(models[-1])
        return meta
    # Trained in a folder of its own, then moved into place: another run on the machine
    # never sees half a cache.
    building = cdir.with_name(f"{cdir.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    (building / "proj").mkdir(parents=True)
    logger.info("creating and training the stock rasa init bot in %s", building / "proj")
    t0 = time.perf_counter()
    log = building / "init.log"
    with log.open("wb") as fh:
        subprocess.run(
            [str(RASA_BIN), "init", "--no-prompt", "--init-dir", str(building / "proj")],
            cwd=building / "proj", env=quiet_env(), stdout=fh, stderr=subprocess.STDOUT,
            check=True, timeout=900,
        )
    elapsed = time.perf_counter() - t0
    if not sorted((building / "proj" / "models").glob("*.tar.gz")):
        raise RuntimeError(f"rasa init trained no model; see {log}")
    meta = {"rasa_version": rasa_version(), "init_and_train_s": round(elapsed, 1)}
    (building / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    shutil.rmtree(cdir, ignore_errors=True)
    building.rename(cdir)
    models = sorted((proj / "models").glob("*.tar.gz"))
    meta.update(cached=False, model=str(models[-1]))
    return meta


def server(port: int, model: str) -> Managed:
    proj = cache_dir() / "proj"
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
