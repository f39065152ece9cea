"""The semantic model in a child process: how the window uses it without importing torch itself.

Importing torch and sentence-transformers holds the interpreter's lock for a quarter of a second
at a time (loading libtorch and setting up its extension), whichever thread imports them, and
leaves hundreds of thousands of objects for the collector: in the window's process that froze the
window (a 265-517 ms stall measured with benchmarks/bench_gui.py on the semantic first use). In a
child process none of it touches the window's interpreter: the child loads the model once, then
answers each list of texts with their embeddings, float32 rows sent back over a pipe.

Contract:
- :meth:`ProcessEncoder.start` returns at once (the child starts loading the model);
  :meth:`~ProcessEncoder.load` waits until it is ready, and raises the child's refusal as the
  same error the model would have raised here (``SemanticUnavailable``, ``ModelIntegrityError``);
- :meth:`~ProcessEncoder.encode` gives what ``core.semantic.LocalEncoder`` gives in this process
  (the same library, the same batches: ``semantic.encode_texts``);
- one request at a time over the pipe (a lock): worker threads take turns. Callers wait for the
  child, so never call it on a GUI thread;
- the child ends when its standard input closes (``close()``, or the window's process ending):
  it never outlives the window. A child that dies is not restarted; every later call raises
  ``SemanticError``.

The child is ``python -m readout_compare.core.embedding_process`` (a fresh interpreter, as the
briefing's writer process: never a fork of a process that runs Qt threads, and no re-import of the
caller's main script as multiprocessing's "spawn" does). Requests and answers are length-prefixed
pickles on its standard input and output; what its libraries print goes to its standard error, never
into the answers. Standard library only.
"""

from __future__ import annotations

import os

if __name__ == "__main__" and hasattr(os, "nice"):
    # The child is background work from its first import on: when the cores are short, the window
    # (showing the lexical alignment meanwhile) goes first. Measured with benchmarks/bench_gui.py on
    # two busy cores: the child's start and its imports competing at the window's priority stretched
    # the window's hand-over of its first result to 101-448 ms (83-136 ms without the child).
    try:
        os.nice(10)
    except OSError:
        pass

import atexit  # noqa: E402 - after the priority is lowered
import pickle
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import Sequence

import numpy as np

from . import semantic
from .semantic import EMBEDDING_SIZE, MODEL_NAME, ModelIntegrityError, SemanticError, SemanticUnavailable

_REFUSALS = {cls.__name__: cls for cls in (SemanticError, SemanticUnavailable, ModelIntegrityError)}
_HEADER = struct.Struct("<Q")  # each message: its length, then its pickle


class Channel:
    """Messages over two byte streams: each one pickled, its length first."""

    def __init__(self, reading, writing):
        self.reading, self.writing = reading, writing

    def send(self, message) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self.writing.write(_HEADER.pack(len(data)) + data)
        self.writing.flush()

    def recv(self):
        header = self.reading.read(_HEADER.size)
        if len(header) < _HEADER.size:
            raise EOFError("the other side has gone")
        (size,) = _HEADER.unpack(header)
        data = self.reading.read(size)
        if len(data) < size:
            raise EOFError("the other side has gone")
        return pickle.loads(data)


def serve(channel: Channel, folder: str | None) -> None:
    """The child's whole life: load the model, say so, then encode what it is sent until the pipe closes."""
    try:
        model = semantic.load_model(Path(folder) if folder else None)
    except SemanticError as exc:
        channel.send(("refused", type(exc).__name__, str(exc)))
        return
    except Exception as exc:  # noqa: BLE001 - a broken install: said in one line, in the window
        channel.send(("refused", "SemanticUnavailable", f"semantic model not usable ({type(exc).__name__}: {exc})".splitlines()[0]))
        return
    channel.send(("ready", semantic.name_of(model)))
    while True:
        try:
            texts = channel.recv()
        except (EOFError, OSError):
            return  # the window has gone
        if texts is None:
            return
        try:
            vectors = semantic.encode_texts(model, texts)
        except Exception as exc:  # noqa: BLE001 - reported to the caller, the child carries on
            channel.send(("failed", f"{type(exc).__name__}: {exc}".splitlines()[0]))
            continue
        channel.send(("vectors", vectors.shape, vectors.tobytes()))


def child_main() -> int:
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    try:
        elsewhere = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):  # no standard error (a window started without a console)
        elsewhere = os.open(os.devnull, os.O_WRONLY)
    os.dup2(elsewhere, sys.stdout.fileno())  # the libraries' prints: to standard error, never into the answers
    sys.stdout = sys.stderr
    serve(Channel(sys.stdin.buffer, answers), sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None)
    return 0


class ProcessEncoder:
    """A ``core.semantic.Encoder`` whose model lives in a child process."""

    name = MODEL_NAME  # until the child says how it multiplies (its "ready" names the embeddings)

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self._starting = threading.Lock()  # start() never waits for a request in progress
        self._talking = threading.Lock()  # one request and its answer at a time
        self._process = None
        self._connection = None
        self._ready = False
        self._refusal: SemanticError | None = None

    @property
    def started(self) -> bool:
        return self._process is not None

    @property
    def loaded(self) -> bool:
        return self._ready and self._refusal is None

    @property
    def refusal(self) -> SemanticError | None:
        """Why the model cannot be used (refused weights, a missing extra, a child that died)."""
        return self._refusal

    def start(self) -> None:
        """Start the child (it loads the model at once); returns without waiting for it."""
        with self._starting:
            if self._process is not None:
                return
            env = dict(os.environ)
            # the child imports this very copy of the package, wherever it was imported from
            package_root = str(Path(__file__).resolve().parents[2])  # readout_compare/core/embedding_process.py
            env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
            try:
                process = subprocess.Popen([sys.executable, "-m", "readout_compare.core.embedding_process", str(self.folder or "")],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
            except OSError as exc:
                self._process = False  # tried: not again
                self._refusal = SemanticUnavailable(f"cannot start the semantic model's process: {exc.strerror or exc}")
                return
            self._connection, self._process = Channel(process.stdout, process.stdin), process
            # At exit the child is let go and waited for, so it ends by itself (its libraries
            # cleaning up after themselves) before this interpreter does.
            atexit.register(self.close)

    def load(self) -> None:
        """Wait until the child has loaded the model (starting it if need be)."""
        self.start()
        with self._talking:
            self._await_ready()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
        self.start()
        with self._talking:
            self._await_ready()
            try:
                self._connection.send(texts)
            except (OSError, ValueError, AttributeError):  # AttributeError: closed meanwhile
                raise self._died() from None
            answer = self._receive()
        if answer[0] == "vectors":
            shape, data = answer[1], answer[2]
            return np.frombuffer(data, dtype=np.float32).reshape(shape)
        raise SemanticError(f"the semantic model could not read these claims: {answer[1]}")

    def close(self, wait: float = 5.0) -> None:
        """Let the child go (it ends when its pipe closes), waiting up to ``wait`` seconds before
        ending it; a caller waiting for it then hears ``SemanticError``."""
        with self._starting:
            connection, process = self._connection, self._process
            self._connection, self._process = None, False  # closed: not started again
            self._ready = False
            if self._refusal is None:
                self._refusal = SemanticError("the semantic model's process was closed")
        if connection is not None:
            try:
                connection.writing.close()  # the child finishes what it was asked, reads the end, and ends
            except (OSError, ValueError):
                pass
        if process:
            try:
                process.wait(wait)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
            process.stdout.close()

    # -- holding ``_talking`` ---------------------------------------------------------------------------
    def _await_ready(self) -> None:
        if self._refusal is not None:
            raise self._refusal
        if self._ready:
            return
        answer = self._receive()
        if answer[0] == "ready":
            if len(answer) > 1:
                self.name = answer[1]
            self._ready = True
            return
        kind, message = answer[1], answer[2]
        self._refusal = _REFUSALS.get(kind, SemanticError)(message)
        raise self._refusal

    def _receive(self):
        if self._connection is None:
            raise SemanticError("the semantic model's process was closed")
        try:
            return self._connection.recv()
        except (EOFError, OSError, ValueError):  # ValueError: closed meanwhile
            raise self._died() from None

    def _died(self) -> SemanticError:
        if self._refusal is not None:  # closed on purpose
            return self._refusal
        process = self._process
        code = None
        if process:
            try:
                code = process.wait(1)
            except subprocess.TimeoutExpired:
                pass
        self._refusal = SemanticError(f"the semantic model's process stopped (exit code {code})")
        return self._refusal


if __name__ == "__main__":
    sys.exit(child_main())
