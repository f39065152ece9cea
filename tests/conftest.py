"""Shared test set-up: Qt renders offscreen, and helpers to write account files."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest  # noqa: E402


@pytest.fixture
def write_account(tmp_path):
    """Write an account file (optionally with a metadata header) and return its path."""

    def write(name: str, body: str, encoding: str = "utf-8", **meta: str):
        header = ""
        if meta:
            header = "---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n"
        path = tmp_path / name
        path.write_bytes((header + body).encode(encoding))
        return path

    return write


@pytest.fixture
def unprivileged():
    """A context in which file permissions hold, even when the tests run as root (containers, CI).

    Root ignores permission bits through two capabilities; they are dropped from this thread's
    effective set (threads started inside inherit that) and given back afterwards. Not root: nothing
    to do.
    """
    import contextlib

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return contextlib.nullcontext
    try:
        from file_permissions import without_permission_override
    except ImportError:  # pragma: no cover - only if the helper cannot load
        pytest.skip("running as root and cannot drop the override of file permissions")
    return without_permission_override
