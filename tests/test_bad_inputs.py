"""Every kind of bad account file, through the command line as an analyst meets it.

One table: each input class is either refused (exit status 2, one line on stderr naming the file
and the reason, nothing stored) or read correctly (the text as written, and a one-line warning
naming the file when something had to be assumed). Never a traceback. The library's and the
exports' bad inputs have their own tables (tests/store/test_bad_inputs.py,
tests/export/test_bad_targets.py).
"""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readout_compare.cli import main
from readout_compare.core.ingest import MAX_FILE_BYTES, read_account

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rouhani-macron-2018-01" / "elysee.txt"
OTHER = "President Macron spoke by telephone with President Rouhani. They discussed the nuclear agreement.\n"
RUSSIAN = (
    "---\nlabel: Кремль\nsource: kremlin.ru\n---\n"
    "Состоялся телефонный разговор Владимира Путина с Президентом Франции Эмманюэлем Макроном. "
    "Обсуждались вопросы двусторонних отношений и ситуация на Украине.\n"
)
FRENCH = "L’Élysée a salué « un échange franc » avec le président iranien — à Paris, déjà.\n"


def with_bad_byte(tmp_path: Path) -> Path:
    """The issue's case: one stray byte in the Élysée account."""
    raw = SAMPLE.read_bytes()
    at = raw.index(b"President of the Republic")
    path = tmp_path / "elysee.txt"
    path.write_bytes(raw[:at] + b"\x80" + raw[at:])
    return path


def write(name: str, content: bytes):
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return make


def sparse(name: str, size: int):
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        with open(path, "wb") as f:
            f.truncate(size)  # a hole: no disk used, and the bytes are zeros
        return path

    return make


def folder(tmp_path: Path) -> Path:
    path = tmp_path / "a-folder.txt"
    path.mkdir()
    return path


def odd_name(tmp_path: Path) -> Path:
    path = tmp_path / "two\nlines.txt"
    path.write_text(OTHER, encoding="utf-8")
    return path


def undecodable_name(tmp_path: Path) -> Path:
    path = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/caf\xe9.txt"))
    path.write_text(OTHER, encoding="utf-8")
    return path


# (input class, how to make it, reason the message gives)
REFUSED = [
    ("empty file", write("empty.txt", b""), "empty"),
    ("only blank lines", write("blank.txt", b" \n\n\t\n"), "empty"),
    ("header without a body", write("header.txt", b"---\nlabel: X\n---\n"), "empty"),
    ("binary (PNG)", write("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4), "binary"),
    ("binary (JPEG named .txt)", write("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8), "binary"),
    ("text with a NUL past the first 20,000 characters", write("nul.txt", OTHER.encode() * 300 + b"\x00" + OTHER.encode()), "binary"),
    ("bytes of no encoding", write("garbled.txt", b"\x81\x8d\x8f\x90\x9d" * 10), "not readable as text"),
    ("Latin text glued to undefined bytes", write("bad.txt", b"caf\x81\x8d\x8f\x90\x9d"), "not readable as text"),
    ("UTF-8 byte-order mark, then not UTF-8", write("bom.txt", codecs.BOM_UTF8 + b"caf\xe9 au lait. " * 20), "byte-order mark"),
    ("larger than the limit (sparse file)", sparse("huge.txt", MAX_FILE_BYTES + 10), "too large"),
    ("a folder", folder, "folder"),
    ("a missing file", lambda tmp_path: tmp_path / "missing.txt", "no such file"),
]
# (input class, how to make it, (label, a piece of the text), what the warning says or None)
READ = [
    ("UTF-8", write("utf8.txt", FRENCH.encode("utf-8")), ("utf8", "« un échange franc »"), None),
    ("UTF-8 with a byte-order mark", write("bom8.txt", codecs.BOM_UTF8 + FRENCH.encode("utf-8")), ("bom8", "échange"), None),
    ("UTF-16 LE with a byte-order mark", write("bom16.txt", codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le")), ("bom16", "échange"), None),
    ("UTF-32 with a byte-order mark", write("bom32.txt", codecs.BOM_UTF32_LE + FRENCH.encode("utf-32-le")), ("bom32", "échange"), None),
    ("UTF-16 LE without a byte-order mark", write("u16le.txt", FRENCH.encode("utf-16-le")), ("u16le", "« un échange franc »"), "UTF-16"),
    ("UTF-16 BE without a byte-order mark (Cyrillic)", write("u16be.txt", RUSSIAN.encode("utf-16-be")), ("Кремль", "Владимира Путина"), "UTF-16"),
    ("UTF-8 with one bad byte", with_bad_byte, ("Élysée", "Mr. Macron"), "offset"),
    ("windows-1251 (the Kremlin's Russian pages)", write("kremlin.txt", RUSSIAN.encode("cp1251")), ("Кремль", "Президентом Франции"), "windows-1251"),
    ("windows-1252", write("cp1252.txt", FRENCH.encode("cp1252")), ("cp1252", "« un échange franc » avec le président iranien — à Paris"), "windows-1252"),
    ("KOI8-R", write("koi8.txt", RUSSIAN.encode("koi8-r")), ("Кремль", "двусторонних отношений"), "KOI8-R"),
    ("encoding declared in the header", write("declared.txt", "---\nencoding: cp1254\nlabel: Türkiye\n---\nCumhurbaşkanı Erdoğan görüştü. İkili ilişkiler ele alındı.\n".encode("cp1254")),
     ("Türkiye", "Cumhurbaşkanı Erdoğan"), None),
    ("charset declared in HTML", write("declared.html", '<html><head><meta charset="windows-1251"></head><body><p>Президент России провёл разговор.</p></body></html>'.encode("cp1251")),
     ("declared", "Президент России провёл разговор."), None),
    ("CR line endings", write("mac.txt", b"First sentence.\rSecond sentence.\r"), ("mac", "First sentence.\nSecond sentence."), None),
    ("a file name with a line break", odd_name, ("two\nlines", "nuclear agreement"), None),
    ("a file name that is not UTF-8", undecodable_name, ("caf\ufffd", "nuclear agreement"), None),
]


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(OTHER, encoding="utf-8")
    return str(path)


def one_line_naming(stderr: str, path: Path, reason: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    assert Path(path).name.split("\n")[0] in lines[0]
    assert reason in lines[0]


@pytest.mark.parametrize("kind, make, reason", REFUSED, ids=[r[0] for r in REFUSED])
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_stored(kind, make, reason, tmp_path, good, capsys):
    bad = make(tmp_path)
    assert main(["align", "--matcher", "lexical", str(bad), good]) == 2
    one_line_naming(capsys.readouterr().err, bad, reason)

    db = f"sqlite:///{tmp_path / 'library.sqlite'}"
    assert main(["--db", db, "import", "--matcher", "lexical", "--title", "Bad", good, str(bad)]) == 2
    one_line_naming(capsys.readouterr().err, bad, reason)
    assert main(["--db", db, "list"]) == 0
    assert "has no events" in capsys.readouterr().out


@pytest.mark.parametrize("kind, make, expected, warning", READ, ids=[r[0] for r in READ])
def test_a_file_in_another_encoding_is_read_as_written(kind, make, expected, warning, tmp_path, good, capsys):
    path = make(tmp_path)
    heard = []
    account = read_account(path, warn=heard.append)
    label, piece = expected
    assert account.label == label
    assert piece in account.text
    assert "\ufffd" not in account.text or kind == "UTF-8 with one bad byte"
    if warning is None:
        assert heard == []
    else:
        assert len(heard) == 1 and warning in heard[0] and path.name in heard[0] and "\n" not in heard[0]

    assert main(["align", "--matcher", "lexical", "--format", "json", str(path), good]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if warning is not None:
        assert err.count("warning") == 1 and warning in err


def test_one_bad_byte_garbles_nothing_else(tmp_path):
    """The issue's case: the label and every accent survive, and the warning gives the byte's offset."""
    path = with_bad_byte(tmp_path)
    heard = []
    account = read_account(path, warn=heard.append)
    clean = read_account(SAMPLE)
    assert account.label == "Élysée" == clean.label
    assert account.text.replace("\ufffd", "") == clean.text
    offset = SAMPLE.read_bytes().index(b"President of the Republic")
    assert heard == [f"{path}: 1 byte not valid UTF-8 replaced with \ufffd (at byte offset {offset}); the rest read as UTF-8"]


def test_a_few_bad_bytes_are_each_located(tmp_path):
    raw = FRENCH.encode("utf-8") * 3
    path = tmp_path / "three.txt"
    path.write_bytes(b"\xff" + raw + b"\xfe" + raw + b"\xc3")
    heard = []
    text = read_account(path, warn=heard.append).text
    assert text.count("\ufffd") == 3 and text.count("échange") == 6
    assert f"at byte offsets 0, {len(raw) + 1}, {2 * len(raw) + 2}" in heard[0]


def run_cli(*args, timeout=60):
    """The real entry point in a child process, with a memory cap: reading a device without limit
    would otherwise take the machine's memory before failing."""
    import resource

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    import readout_compare

    here = str(Path(readout_compare.__file__).resolve().parents[1])  # the code under test, in the child too
    env = dict(os.environ, PYTHONPATH=here + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "readout_compare", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=cap, env=env, cwd=here)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_refused_without_reading_it(good):
    result = run_cli("align", "--matcher", "lexical", "/dev/zero", good)
    assert result.returncode == 2
    one_line_naming(result.stderr, Path("/dev/zero"), "device")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path, good):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    result = run_cli("align", "--matcher", "lexical", str(pipe), good)
    assert result.returncode == 2
    one_line_naming(result.stderr, pipe, "named pipe")


def test_an_unreadable_file_is_refused(tmp_path, good, capsys, unprivileged):
    path = tmp_path / "secret.txt"
    path.write_text(OTHER, encoding="utf-8")
    path.chmod(0)
    with unprivileged():
        assert main(["align", "--matcher", "lexical", str(path), good]) == 2
    one_line_naming(capsys.readouterr().err, path, "permission denied")
