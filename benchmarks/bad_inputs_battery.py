#!/usr/bin/env python3
"""A battery of bad inputs, tried the way an analyst meets them: through the command line.

    python benchmarks/bad_inputs_battery.py [--pg URL] [--verbose]

Every input class named in the hardening issue (account files of every kind and encoding,
library fields past their limits, library files that are not libraries, a read-only library, a
first run killed while it stores the samples, concurrent writes, two glossary saves, export
targets that cannot be written, titles and strings past each format's limits) is tried once,
each in a child process of its own (a hang or a crash cannot stop the battery). Each outcome is:

- refused with a clear message: exit status 2 and one line on stderr naming the file (or field,
  or target) and the reason;
- read correctly: exit status 0 and the result checked (the text as written, the briefing whole);
- a traceback (or an internal error, or a hang);
- data lost: something the analyst had is gone or changed (counted besides the above).

It prints one line per case, then the figures. PostgreSQL cases run when --pg or
READOUT_COMPARE_TEST_PG names a server's database (it is emptied); otherwise they are skipped and
said so. Running as root, the permission cases drop root's override of file permissions in the
child (setpriv), as an analyst's own account has none.
"""

from __future__ import annotations

import argparse
import codecs
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "rouhani-macron-2018-01" / "elysee.txt"
GOOD = "President Macron spoke by telephone with President Rouhani. They discussed the nuclear agreement.\n"
FRENCH = "L’Élysée a salué « un échange franc » avec le président iranien — à Paris, déjà.\n"
RUSSIAN = ("---\nlabel: Кремль\n---\nСостоялся телефонный разговор Владимира Путина с Президентом Франции Эмманюэлем "
           "Макроном. Обсуждались вопросы двусторонних отношений и ситуация на Украине.\n")
CHINESE = "国家主席习近平同法国总统马克龙通电话。两国元首就双边关系交换了意见。习近平指出，中法关系保持良好发展势头。双方同意保持沟通！\n"
JAPANESE = "首相はフランス大統領と電話会談を行った。両首脳は二国間関係について意見を交換した。首相は「協力を深めたい。」と述べた。会談は三十分間行われた。\n"
PERSIAN = ("رئیس جمهور روحانی با رئیس جمهور فرانسه تلفنی گفتگو کرد. او از دخالت در امور داخلی ایران انتقاد کرد. "
           "دو طرف درباره برجام صحبت کردند. قرار شد وزیر خارجه فرانسه به تهران سفر کند.\n")
ARABIC = "أجرى الرئيس اتصالا هاتفيا مع الرئيس الفرنسي. وبحث الجانبان العلاقات الثنائية. وأكد الرئيس دعمه للحوار. واتفقا على مواصلة التشاور.\n"
HEBREW = "ראש הממשלה שוחח בטלפון עם נשיא צרפת. השניים דנו בנושאים אזוריים. ראש הממשלה הודה לנשיא. הם סיכמו להיפגש בקרוב.\n"


@dataclass
class Outcome:
    kind: str  # "refused", "read", "traceback", "unclear" (refused, but not in one clear line), "wrong" (read, but not right)
    detail: str = ""
    lost: bool = False


@dataclass
class Case:
    layer: str
    name: str
    expect: str  # "refused" or "read"
    run: Callable[[Path], Outcome]
    needs: str = ""  # "pg": needs a PostgreSQL server


@dataclass
class Battery:
    pg: str = ""
    verbose: bool = False
    cases: list[Case] = field(default_factory=list)

    def case(self, layer: str, name: str, expect: str, needs: str = ""):
        def add(fn):
            self.cases.append(Case(layer, name, expect, fn, needs))
            return fn

        return add


battery = Battery()


# -- running the real command line ----------------------------------------------------------------


def env() -> dict:
    e = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
             QT_QPA_PLATFORM="offscreen", READOUT_COMPARE_MATCHER="lexical")
    e.pop("READOUT_COMPARE_DB", None)
    return e


def unprivileged_prefix() -> list[str]:
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv"):
        return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]
    return []


def cli(*args: str, cwd: Path, extra_env: dict | None = None, unprivileged: bool = False, timeout: float = 180) -> subprocess.CompletedProcess:
    import resource

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # a device read without limit fails, not the machine

    command = (unprivileged_prefix() if unprivileged else []) + [sys.executable, "-m", "readout_compare", *args]
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                              env=dict(env(), **(extra_env or {})), preexec_fn=cap)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(command, -9, "", f"Traceback: did not finish in {timeout:.0f} s (a hang)")


def python(code: str, *args: str, cwd: Path, extra_env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout,
                              cwd=cwd, env=dict(env(), **(extra_env or {})))
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess([], -9, "", f"Traceback: did not finish in {timeout:.0f} s (a hang)")


def judged(result: subprocess.CompletedProcess, names: tuple[str, ...] = (), reason: str = "",
           check: Callable[[subprocess.CompletedProcess], str] | None = None) -> Outcome:
    """Classify what the command did. ``names``: what a refusal must name; ``reason``: words it must have;
    ``check``: for a success, "" when the result is right, else what is wrong."""
    err = result.stderr
    if "Traceback" in err or "internal error" in err or result.returncode not in (0, 2):
        return Outcome("traceback", (err.strip().splitlines() or [f"exit {result.returncode}"])[-1][:160])
    lines = [line for line in err.splitlines() if line.strip() and "warning:" not in line and "note:" not in line]
    if result.returncode == 2:
        line = lines[0] if lines else ""
        clear = len(lines) == 1 and all(n in line for n in names) and reason in line
        return Outcome("refused" if clear else "unclear", line[:200])
    problem = check(result) if check else ""
    return Outcome("wrong" if problem else "read", problem or (err.strip().splitlines() or [""])[0][:200])


def align_json(path: Path, cwd: Path, **kw) -> subprocess.CompletedProcess:
    good = cwd / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    return cli("align", "--format", "json", str(path), str(good), cwd=cwd, **kw)


def account_of(result) -> dict:
    return json.loads(result.stdout)["accounts"][0]


def reads_as(label: str, piece: str, claims: int = 0, warned: str = ""):
    def check(result) -> str:
        account = account_of(result)
        text = "".join(c["text"] + " " for c in account["claims"])
        if account["label"] != label:
            return f"label {account['label']!r}, not {label!r}"
        if piece.replace(" ", "") not in text.replace(" ", ""):
            return f"text does not have {piece!r}"
        if claims and len(account["claims"]) < claims:
            return f"{len(account['claims'])} claims, expected {claims}"
        if warned and warned not in result.stderr:
            return f"no warning saying {warned!r}"
        return ""

    return check


# -- reading account files --------------------------------------------------------------------------


def file_case(name: str, filename: str, content: bytes, expect: str, reason: str = "", check=None):
    @battery.case("reading", name, expect)
    def run(folder: Path) -> Outcome:
        path = folder / filename
        path.write_bytes(content)
        return judged(align_json(path, folder), (filename,), reason, check)


file_case("empty file", "empty.txt", b"", "refused", "empty")
file_case("blank lines only", "blank.txt", b" \n\n\t\n", "refused", "empty")
file_case("metadata header, no body", "header.txt", b"---\nlabel: X\n---\n", "refused", "empty")
file_case("binary (PNG)", "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "refused", "binary")
file_case("binary (JPEG named .txt)", "photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8, "refused", "binary")
file_case("a NUL past the first 20,000 characters", "nul.txt", GOOD.encode() * 300 + b"\x00", "refused", "binary")
file_case("bytes of no encoding", "garbled.txt", b"\x81\x8d\x8f\x90\x9d" * 10, "refused", "not readable as text")
file_case("Latin text glued to undefined bytes", "bad.txt", b"caf\x81\x8d\x8f\x90\x9d", "refused", "not readable as text")
file_case("UTF-8 byte-order mark, then not UTF-8", "bom.txt", codecs.BOM_UTF8 + b"caf\xe9 au lait. " * 20, "refused", "byte-order mark")
file_case("UTF-8", "utf8.txt", FRENCH.encode(), "read", check=reads_as("utf8", "« un échange franc »"))
file_case("UTF-8 with a byte-order mark", "bom8.txt", codecs.BOM_UTF8 + FRENCH.encode(), "read", check=reads_as("bom8", "échange"))
file_case("UTF-16 LE with a byte-order mark", "bom16.txt", codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le"), "read", check=reads_as("bom16", "échange"))
file_case("UTF-16 BE with a byte-order mark", "bom16be.txt", codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"), "read", check=reads_as("bom16be", "échange"))
file_case("UTF-32 with a byte-order mark", "bom32.txt", codecs.BOM_UTF32_LE + FRENCH.encode("utf-32-le"), "read", check=reads_as("bom32", "échange"))
file_case("UTF-16 LE without a byte-order mark", "u16le.txt", FRENCH.encode("utf-16-le"), "read", check=reads_as("u16le", "« un échange franc »", warned="UTF-16"))
file_case("UTF-16 BE without a byte-order mark", "u16be.txt", RUSSIAN.encode("utf-16-be"), "read", check=reads_as("Кремль", "Владимира Путина", warned="UTF-16"))
file_case("windows-1251 (Cyrillic)", "kremlin.txt", RUSSIAN.encode("cp1251"), "read", check=reads_as("Кремль", "Президентом Франции", warned="windows-1251"))
file_case("windows-1252 (Western)", "cp1252.txt", FRENCH.encode("cp1252"), "read", check=reads_as("cp1252", "« un échange franc » avec le président iranien — à Paris", warned="windows-1252"))
file_case("KOI8-R", "koi8.txt", RUSSIAN.encode("koi8-r"), "read", check=reads_as("Кремль", "двусторонних отношений", warned="KOI8-R"))
file_case("GB18030 (Chinese)", "gb.txt", CHINESE.encode("gb18030"), "read", check=reads_as("gb", "两国元首就双边关系交换了意见。", claims=4, warned="GB18030"))
file_case("Shift_JIS (Japanese)", "sjis.txt", JAPANESE.encode("shift_jis"), "read", check=reads_as("sjis", "両首脳は二国間関係について", claims=4, warned="Shift_JIS"))
file_case("encoding declared in the header", "declared.txt",
          "---\nencoding: cp1254\nlabel: Türkiye\n---\nCumhurbaşkanı Erdoğan görüştü. İkili ilişkiler ele alındı.\n".encode("cp1254"),
          "read", check=reads_as("Türkiye", "Cumhurbaşkanı Erdoğan"))
file_case("charset declared in HTML", "declared.html",
          '<html><head><meta charset="windows-1251"></head><body><p>Президент России провёл разговор.</p></body></html>'.encode("cp1251"),
          "read", check=reads_as("declared", "Президент России провёл разговор."))
file_case("CR line endings", "mac.txt", b"First sentence.\rSecond sentence.\r", "read", check=reads_as("mac", "Second sentence."))
file_case("Persian, four sentences", "fa.txt", PERSIAN.encode(), "read", check=reads_as("fa", "دو طرف درباره برجام صحبت کردند.", claims=4))
file_case("Arabic, four sentences", "ar.txt", ARABIC.encode(), "read", check=reads_as("ar", "وبحث الجانبان", claims=4))
file_case("Hebrew, four sentences", "he.txt", HEBREW.encode(), "read", check=reads_as("he", "השניים דנו", claims=4))
file_case("Chinese full stops", "zh.txt", CHINESE.encode(), "read", check=reads_as("zh", "双方同意保持沟通", claims=4))
file_case("Japanese full stops and 「」", "ja.txt", JAPANESE.encode(), "read", check=reads_as("ja", "首相は「協力を深めたい。」と述べた。", claims=4))


@battery.case("reading", "UTF-8 with one bad byte (the Élysée account)", "read")
def _(folder: Path) -> Outcome:
    raw = SAMPLE.read_bytes()
    at = raw.index(b"President of the Republic")
    path = folder / "elysee.txt"
    path.write_bytes(raw[:at] + b"\x80" + raw[at:])
    return judged(align_json(path, folder), check=reads_as("Élysée", "Mr. Macron told President Rouhani", warned=f"offset {at}"))


@battery.case("reading", "larger than the limit (sparse file)", "refused")
def _(folder: Path) -> Outcome:
    path = folder / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(21 * 1024 * 1024 + 10)
    return judged(align_json(path, folder), ("huge.txt",), "too large")


@battery.case("reading", "a device (/dev/zero)", "refused")
def _(folder: Path) -> Outcome:
    return judged(align_json(Path("/dev/zero"), folder, timeout=60), ("/dev/zero",), "device")


@battery.case("reading", "a named pipe nobody writes to", "refused")
def _(folder: Path) -> Outcome:
    pipe = folder / "pipe.txt"
    os.mkfifo(pipe)
    return judged(align_json(pipe, folder, timeout=30), ("pipe.txt",), "named pipe")


@battery.case("reading", "a socket", "refused")
def _(folder: Path) -> Outcome:
    import socket

    path = folder / "s.txt"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    try:
        return judged(align_json(path, folder, timeout=30), ("s.txt",), "socket")
    finally:
        sock.close()


@battery.case("reading", "a folder", "refused")
def _(folder: Path) -> Outcome:
    (folder / "folder.txt").mkdir()
    return judged(align_json(folder / "folder.txt", folder), ("folder.txt",), "folder")


@battery.case("reading", "a missing file", "refused")
def _(folder: Path) -> Outcome:
    return judged(align_json(folder / "missing.txt", folder), ("missing.txt",), "no such file")


@battery.case("reading", "a symbolic link loop", "refused")
def _(folder: Path) -> Outcome:
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    return judged(align_json(folder / "loop.txt", folder), ("loop.txt",), "cannot be read")


@battery.case("reading", "a file the user may not read", "refused")
def _(folder: Path) -> Outcome:
    path = folder / "secret.txt"
    path.write_text(GOOD, encoding="utf-8")
    path.chmod(0)
    return judged(align_json(path, folder, unprivileged=True), ("secret.txt",), "permission denied")


@battery.case("reading", "a file name with a line break", "read")
def _(folder: Path) -> Outcome:
    path = folder / "two\nlines.txt"
    path.write_text(GOOD, encoding="utf-8")
    return judged(align_json(path, folder), check=reads_as("two\nlines", "nuclear agreement"))


@battery.case("reading", "a file name that is not UTF-8", "read")
def _(folder: Path) -> Outcome:
    path = Path(os.fsdecode(os.fsencode(str(folder)) + b"/caf\xe9.txt"))
    path.write_text(GOOD, encoding="utf-8")
    return judged(align_json(path, folder), check=reads_as("caf\ufffd", "nuclear agreement"))


# -- the library ------------------------------------------------------------------------------------


def events_in(db: str, folder: Path) -> int:
    result = cli("--db", db, "list", cwd=folder)
    return sum(1 for line in result.stdout.splitlines() if line[:5].strip().isdigit())


def field_case(name: str, header: str, names: tuple[str, ...], backend: str, args: tuple[str, ...] = ()):
    @battery.case("library", f"{name} ({backend})", "refused", needs="pg" if backend == "PostgreSQL" else "")
    def run(folder: Path) -> Outcome:
        db = battery.pg if backend == "PostgreSQL" else f"sqlite:///{folder / 'library.sqlite'}"
        if backend == "PostgreSQL":
            empty_pg(battery.pg)
        bad = folder / "kremlin.txt"
        bad.write_text("---\n" + header + "\n---\nPresident Putin spoke by telephone with President Macron.\n", encoding="utf-8")
        good = folder / "good.txt"
        good.write_text(GOOD, encoding="utf-8")
        result = cli("--db", db, "import", "--title", args[0] if args else "A call", *args[1:], str(bad), str(good), cwd=folder)
        outcome = judged(result, names)
        outcome.lost = events_in(db, folder) != 0  # a refused import must store nothing
        return outcome


for backend in ("SQLite", "PostgreSQL"):
    field_case("a label over 200 characters", "label: " + "President of Russia " * 12, ("kremlin.txt", "label", "200"), backend)
    field_case("a source over 500 characters", "source: " + "kremlin.ru/" * 50, ("kremlin.txt", "source", "500"), backend)
    field_case("a url over 2,000 characters", "url: https://kremlin.ru/" + "p" * 2000, ("kremlin.txt", "url", "2,000"), backend)
    field_case("a date over 40 characters", "date: 5 March 2024, in the morning, Moscow time", ("kremlin.txt", "date", "40"), backend)
    field_case("a language over 20 characters", "language: Russian (Russian Federation)", ("kremlin.txt", "language", "20"), backend)
    field_case("an event title over 500 characters", "label: Kremlin", ("title", "500"), backend, ("T" * 501,))
    field_case("an event date over 40 characters", "label: Kremlin", ("date", "40"), backend, ("A call", "--date", "2024-03-05 " * 5))


def empty_pg(url: str) -> None:
    from sqlalchemy import MetaData, create_engine

    engine = create_engine(url)
    tables = MetaData()
    tables.reflect(engine)
    tables.drop_all(engine)
    engine.dispose()


def library_file_case(name: str, make: Callable[[Path], None], words: str):
    @battery.case("library", name, "refused")
    def run(folder: Path) -> Outcome:
        path = folder / "library.sqlite"
        make(path)
        before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        outcome = judged(cli("--db", f"sqlite:///{path}", "list", cwd=folder), ("library.sqlite",), words)
        outcome.lost = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} != before
        return outcome


def _revisionless(path: Path) -> None:
    subprocess.run([sys.executable, "-m", "readout_compare", "--db", f"sqlite:///{path}", "list"], capture_output=True, env=env())
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("DELETE FROM alembic_version")
    db.commit()
    db.close()


def _recipes(path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(path)
    db.execute("CREATE TABLE recipes (name TEXT)")
    db.commit()
    db.close()


library_file_case("a 0-byte library file", lambda p: p.write_bytes(b""), "empty file (0 bytes)")
library_file_case("library tables with an empty alembic_version", _revisionless, "no schema revision")
library_file_case("a text file given as the library", lambda p: p.write_bytes(b"Minutes of the meeting\n" * 50), "not a SQLite database")
library_file_case("another program's SQLite database", _recipes, "another program")
library_file_case("a folder given as the library", lambda p: p.mkdir(), "is a folder")


@battery.case("library", "a read-only library: list and show", "read")
def _(folder: Path) -> Outcome:
    db = f"sqlite:///{folder / 'archive.sqlite'}"
    good, other = folder / "a.txt", folder / "b.txt"
    good.write_text(GOOD, encoding="utf-8")
    other.write_text(FRENCH, encoding="utf-8")
    cli("--db", db, "import", "--title", "Archived call", str(good), str(other), cwd=folder)
    (folder / "archive.sqlite").chmod(0o444)
    listed = cli("--db", db, "list", cwd=folder, unprivileged=True)
    shown = cli("--db", db, "show", "1", cwd=folder, unprivileged=True)
    outcome = judged(listed, check=lambda r: "" if "Archived call" in r.stdout and "browsing only" in r.stderr else "not listed, or not said read-only")
    if outcome.kind == "read" and "Archived call" not in shown.stdout:
        outcome = Outcome("wrong", "show did not print the event")
    return outcome


@battery.case("library", "a read-only library: import", "refused")
def _(folder: Path) -> Outcome:
    db = f"sqlite:///{folder / 'archive.sqlite'}"
    good, other = folder / "a.txt", folder / "b.txt"
    good.write_text(GOOD, encoding="utf-8")
    other.write_text(FRENCH, encoding="utf-8")
    cli("--db", db, "import", "--title", "Archived call", str(good), str(other), cwd=folder)
    (folder / "archive.sqlite").chmod(0o444)
    before = (folder / "archive.sqlite").read_bytes()
    outcome = judged(cli("--db", db, "import", "--title", "New", str(good), str(other), cwd=folder, unprivileged=True),
                     ("archive.sqlite",), "browsing only")
    outcome.lost = (folder / "archive.sqlite").read_bytes() != before
    return outcome


KILLED = textwrap.dedent(
    """
    import os, sys
    from readout_compare.store import repository, seed
    stored, real = [], repository.create_event
    def create_event(*a, **k):
        if len(stored) == int(sys.argv[1]):
            os._exit(9)
        stored.append(1)
        return real(*a, **k)
    repository.create_event = create_event
    if hasattr(seed, "create_event"):
        seed.create_event = create_event
    from readout_compare.cli import main
    sys.exit(main(["list"]))
    """
)


def killed_case(after: int):
    @battery.case("library", f"first run killed after {after} of the samples", "read")
    def run(folder: Path) -> Outcome:
        data = {"XDG_DATA_HOME": str(folder / "data")}
        python(KILLED, str(after), cwd=folder, extra_env=data)
        result = cli("list", cwd=folder, extra_env=data)
        sys.path.insert(0, str(ROOT))
        from readout_compare.store.seed import bundled_samples

        expected = len(bundled_samples())
        listed = sum(1 for line in result.stdout.splitlines() if line[:5].strip().isdigit())
        outcome = judged(result, check=lambda r: "" if listed == expected else f"{listed} of the {expected} samples")
        outcome.lost = listed != expected
        return outcome


for after in (0, 1, 4):
    killed_case(after)


CONCURRENT = textwrap.dedent(
    """
    import sys, threading
    from readout_compare.core.ingest import account_from_text
    from readout_compare.store import repository as repo
    from readout_compare.store.database import open_library
    url, threads, writes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    lib = open_library(url, seed=False)
    a = account_from_text("The two ministers met in the capital. They discussed fisheries.\\n", "a")
    b = account_from_text("The ministers held talks. They reviewed fisheries cooperation.\\n", "b")
    from readout_compare.core.compare import compare
    made = compare([a, b])
    with lib.write() as s:
        event = repo.create_event(s, "Call", [a, b], made).id
        claim = repo.load_event(s, event).comparison.claims[0][0].id
    refused = []
    def work(n):
        mine = open_library(url, seed=False)
        for k in range(writes):
            try:
                with mine.write() as s:
                    repo.annotate(s, event, [claim], tag=f"{n}-{k}")
            except Exception as exc:
                refused.append(str(exc))
        mine.close()
    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    [w.start() for w in workers]
    [w.join() for w in workers]
    with lib.read() as s:
        kept = len(repo.load_event(s, event).annotations)
    print(kept, len(refused), (refused or [""])[0])
    """
)


def concurrent_case(backend: str):
    @battery.case("library", f"concurrent writes without a version check ({backend})", "read", needs="pg" if backend == "PostgreSQL" else "")
    def run(folder: Path) -> Outcome:
        url = battery.pg if backend == "PostgreSQL" else f"sqlite:///{folder / 'shared.sqlite'}"
        if backend == "PostgreSQL":
            empty_pg(url)
        threads, writes = 8, 40
        result = python(CONCURRENT, url, str(threads), str(writes), cwd=folder)
        if result.returncode != 0:
            return Outcome("traceback", (result.stderr.strip().splitlines() or ["?"])[-1][:160])
        kept, refused, first = result.stdout.split(" ", 2)
        problem = "" if int(refused) == 0 else f"{refused} of {threads * writes} refused: {first.strip()[:80]}"
        outcome = Outcome("wrong" if problem else "read", problem or f"{kept} of {threads * writes} kept")
        outcome.lost = int(kept) != threads * writes
        return outcome


concurrent_case("SQLite")
concurrent_case("PostgreSQL")


GLOSSARY = textwrap.dedent(
    """
    import sys
    from readout_compare.store import repository as repo
    from readout_compare.store.database import open_library
    from readout_compare.store.errors import ConcurrentEditError
    url = sys.argv[1]
    first, second = open_library(url, seed=False), open_library(url, seed=False)
    with first.read() as s: v1 = repo.glossary_version(s)
    with second.read() as s: v2 = repo.glossary_version(s)
    with first.write() as s: repo.save_glossary(s, [["Astana format", "Astana process"]], expected_version=v1)
    said = ""
    try:
        with second.write() as s: repo.save_glossary(s, [["Kiev", "Kyiv"]], expected_version=v2)
    except ConcurrentEditError as exc:
        said = str(exc)
    with first.read() as s: groups = repo.glossary(s)
    print(repr(groups)); print(said)
    """
)


@battery.case("library", "two glossary saves at once", "refused")
def _(folder: Path) -> Outcome:
    result = python(GLOSSARY, f"sqlite:///{folder / 'shared.sqlite'}", cwd=folder)
    if result.returncode != 0:
        return Outcome("traceback", (result.stderr.strip().splitlines() or ["?"])[-1][:160])
    groups, said = (result.stdout.splitlines() + ["", ""])[:2]
    kept = "Astana format" in groups
    outcome = Outcome("refused" if said and "glossary" in said else "unclear", said[:160] or groups)
    outcome.lost = not kept
    return outcome


@battery.case("library", "the same file given twice, and a text stored many times", "read")
def _(folder: Path) -> Outcome:
    db = f"sqlite:///{folder / 'library.sqlite'}"
    a, b = folder / "a.txt", folder / "b.txt"
    a.write_text(GOOD, encoding="utf-8")
    b.write_text(FRENCH, encoding="utf-8")
    for n in range(12):
        cli("--db", db, "import", "--title", f"copy {n}", str(a), str(b), cwd=folder)
    twice = cli("--db", db, "import", "--title", "twice", str(a), str(a), cwd=folder)
    warnings = [line for line in twice.stderr.splitlines() if "warning" in line]
    ok = len(warnings) == 3 and "given 2 times" in warnings[0] and "11 more copies" in twice.stderr
    return judged(twice, check=lambda r: "" if ok else f"{len(warnings)} warning lines: {warnings[:3]}")


# -- exports ----------------------------------------------------------------------------------------


def pair(folder: Path) -> list[str]:
    a, b = folder / "norvale.txt", folder / "ebria.txt"
    a.write_text("The President of Norvale spoke by telephone with the Prime Minister of Ebria. They discussed trade.\n", encoding="utf-8")
    b.write_text("The Prime Minister of Ebria spoke by telephone with the President of Norvale. They discussed energy.\n", encoding="utf-8")
    return [str(a), str(b)]


def target_case(name: str, make: Callable[[Path], Path], words: str, fmt: str):
    @battery.case("export", f"{name} ({fmt})", "refused")
    def run(folder: Path) -> Outcome:
        target = make(folder)
        before = {p.name for p in target.parent.iterdir()} if target.parent.is_dir() else None
        old = target.read_bytes() if target.is_file() else None
        result = cli("export", "--format", fmt, "--out", str(target), *pair(folder), cwd=folder, unprivileged=True)
        outcome = judged(result, (target.name,), words)
        if "QPainter" in result.stderr or ".part" in result.stderr:
            outcome = Outcome("unclear", "Qt's own message, or the hidden temporary file, was printed")
        if old is not None:
            outcome.lost = target.read_bytes() != old
        elif before is not None:
            outcome.lost = {p.name for p in target.parent.iterdir()} - {"norvale.txt", "ebria.txt"} != before - {"norvale.txt", "ebria.txt"}
        return outcome


def _locked(folder: Path) -> Path:
    locked = folder / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    return locked / "briefing.out"


def _read_only_target(folder: Path) -> Path:
    target = folder / "sent.out"
    target.write_text("the briefing sent yesterday", encoding="utf-8")
    target.chmod(0o444)
    return target


for fmt in ("pdf", "docx", "html"):
    target_case("an unwritable folder", _locked, "cannot be written", fmt)
    target_case("a read-only target file", _read_only_target, "read-only", fmt)
    target_case("a missing folder", lambda f: f / "missing" / "briefing.out", "does not exist", fmt)


@battery.case("export", "Word briefing of nine labelled accounts (title over 255)", "read")
def _(folder: Path) -> Outcome:
    labels = ["Presidency of the Islamic Republic of Iran", "Élysée Palace (Presidency of the French Republic)",
              "Kremlin (Office of the President of Russia)", "The White House, Office of the Press Secretary",
              "Ministry of Foreign Affairs of the People's Republic of China", "Federal Chancellery of Germany",
              "Prime Minister's Office, United Kingdom", "Presidency of the Republic of Türkiye", "Ministry of Foreign Affairs of Japan"]
    files = []
    for n, label in enumerate(labels):
        path = folder / f"account{n}.txt"
        path.write_text(f"---\nlabel: {label}\n---\n{GOOD}", encoding="utf-8")
        files.append(str(path))
    out = folder / "nine.docx"
    result = cli("export", "--out", str(out), *files, cwd=folder)

    def check(_r) -> str:
        import docx

        document = docx.Document(str(out))
        if len(document.core_properties.title) > 255 or not all(label in document.paragraphs[0].text for label in labels):
            return "the title was not fitted, or not kept whole in the body"
        return ""

    return judged(result, check=check)


def long_case(where: str, size: int):
    @battery.case("export", f"PDF with a {size:,}-character {where}", "read")
    def run(folder: Path) -> Outcome:
        long = "".join(f"{n:06d}" for n in range(size // 6))
        a, b = folder / "a.txt", folder / "b.txt"
        header = f"---\nlabel: {long}\n---\n" if where == "label" else ""
        body = GOOD + (f"The code word was {long}.\n" if where == "word" else "")
        a.write_text(header + body, encoding="utf-8")
        b.write_text(FRENCH, encoding="utf-8")
        out = folder / "long.pdf"
        start = time.perf_counter()
        result = cli("export", "--out", str(out), str(a), str(b), cwd=folder, timeout=300)
        seconds = time.perf_counter() - start

        def check(_r) -> str:
            import pypdf

            pages = len(pypdf.PdfReader(str(out)).pages)
            return "" if pages > 10 else f"only {pages} pages"

        outcome = judged(result, check=check)
        outcome.detail = f"{seconds:.1f} s for the whole command; " + outcome.detail
        return outcome


long_case("label", 200_000)
long_case("word", 1_000_000)


# -- the figures ------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("READOUT_COMPARE_TEST_PG", ""), help="a PostgreSQL database to use (it is emptied)")
    parser.add_argument("--verbose", action="store_true", help="print each case's message")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this")
    args = parser.parse_args(argv)
    battery.pg = args.pg
    tried = refused = read = tracebacks = lost = unexpected = skipped = 0
    print(f"{'layer':<8} {'outcome':<9} {'lost':<4} case")
    for case in battery.cases:
        if args.only and args.only not in case.name:
            continue
        if case.needs == "pg" and not battery.pg:
            skipped += 1
            print(f"{case.layer:<8} {'skipped':<9} {'':<4} {case.name} (no PostgreSQL: --pg URL)")
            continue
        with tempfile.TemporaryDirectory(prefix="battery-") as folder:
            try:
                outcome = case.run(Path(folder))
            except Exception as exc:  # a bug in the battery itself: said, counted as a traceback
                outcome = Outcome("traceback", f"battery: {type(exc).__name__}: {exc}")
            finally:
                for path in Path(folder).rglob("*"):  # give back what the case made read-only
                    try:
                        path.chmod(0o755 if path.is_dir() else 0o644)
                    except OSError:
                        pass
        tried += 1
        refused += outcome.kind == "refused"
        read += outcome.kind == "read"
        tracebacks += outcome.kind == "traceback"
        lost += outcome.lost
        surprise = outcome.kind != case.expect
        unexpected += surprise
        flag = "  <-- expected " + case.expect if surprise else ""
        print(f"{case.layer:<8} {outcome.kind:<9} {'LOST' if outcome.lost else '':<4} {case.name}{flag}")
        if args.verbose or surprise:
            print(f"{'':<23}{outcome.detail}")
    print()
    print(f"input classes tried:            {tried}" + (f" ({skipped} PostgreSQL cases skipped)" if skipped else ""))
    print(f"refused with a clear message:   {refused}")
    print(f"read correctly:                 {read}")
    print(f"tracebacks:                     {tracebacks}")
    print(f"data lost:                      {lost}")
    print(f"not as expected:                {unexpected}")
    return 1 if tracebacks or lost or unexpected else 0


if __name__ == "__main__":
    raise SystemExit(main())
