"""Reading accounts: files (plain text, Markdown, HTML) or pasted text in, ``Account`` out.

Standard library, and charset-normalizer for files that are not UTF-8. Every refusal is an
``IngestError`` whose message names the file and the reason in one line, so the command line and
the window can show it as it is. What was assumed while reading (an encoding guessed, bytes
replaced) goes to ``warn`` as one line naming the file: the account is read, and the analyst told.

Reading: only regular files (a device or a pipe is refused before it is opened for long), and
never more than the limit plus one byte, whatever the file system says its size is.
Decoding, in order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without a mark (the only
text with NUL bytes; anything else with them is binary); UTF-8, strictly; UTF-8 with a few bad
bytes (read with U+FFFD in their place, and the offsets said); an encoding the file declares
(``encoding:`` in its header, ``<meta charset>`` in HTML); an encoding detected by
charset-normalizer among the ones readouts come in, said by name. Anything else is not text.
"""

from __future__ import annotations

import codecs
import html
import logging
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

from .model import Account

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 5 * 1024 * 1024  # "over 5 MB of text" is refused: nobody's readout is that long
MAX_FILE_BYTES = 4 * MAX_TEXT_CHARS  # UTF-16 doubles the bytes; never read more than this from disk
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
META_KEYS = ("label", "source", "date", "language", "url")
# A file with more bad bytes than this is not "UTF-8 with a few bad bytes".
MAX_REPLACED = 64
SHOWN_OFFSETS = 5

Warn = Callable[[str], None]


class IngestError(ValueError):
    """An account that cannot be read; the message is for the analyst, one line."""


def shown_name(path: str | os.PathLike) -> str:
    """A file name fit for a one-line message: control characters and undecodable bytes escaped."""
    out = []
    for ch in str(path):
        if ch.isprintable():
            out.append(ch)
        elif 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte of the name that is not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def _valid_unicode(text: str) -> str:
    # File names may carry undecodable bytes as lone surrogates; no database or file format takes them.
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_account(path: str | Path, label: str | None = None, warn: Warn | None = None) -> Account:
    """Read one account file. Raises IngestError with a one-line reason.

    ``warn(message)`` hears what was assumed to read the file (default: the module's logger).
    """
    path = Path(path)
    name = shown_name(path)
    raw = read_limited(path, name)
    is_html = path.suffix.lower() in HTML_SUFFIXES
    decoded = decode_bytes(raw, name, html_hint=is_html)
    if decoded.note:
        (warn or log.warning)(decoded.note)
    is_html = is_html or _looks_like_html(decoded.text)
    return account_from_text(
        decoded.text, default_label=label or _valid_unicode(path.stem), name=name, is_html=is_html, path=str(path)
    )


def read_limited(path: Path, name: str | None = None) -> bytes:
    """The bytes of a regular file, at most MAX_FILE_BYTES; IngestError for anything else.

    The size on disk is not trusted (``/proc`` files say 0, a file may grow while read): at most
    the limit plus one byte is read, and one byte more than the limit means too large. A device,
    a pipe or a socket is refused before it is read; a pipe is opened without waiting for a writer.
    """
    name = name or shown_name(path)
    try:
        info = os.stat(path)
        _check_kind(info, name)
        if info.st_size > MAX_FILE_BYTES:
            raise IngestError(f"{name}: too large ({info.st_size / 1e6:.1f} MB); accounts over 5 MB of text are refused")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        try:
            _check_kind(os.fstat(fd), name)  # the same file that was looked at, not one swapped in since
            chunks, left = [], MAX_FILE_BYTES + 1
            while left > 0:
                chunk = os.read(fd, min(left, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise IngestError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise IngestError(f"{name}: is a folder, not an account file") from None
    except PermissionError:
        raise IngestError(f"{name}: not readable (permission denied)") from None
    except OSError as exc:
        raise IngestError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    raw = b"".join(chunks)
    if len(raw) > MAX_FILE_BYTES:
        raise IngestError(f"{name}: too large (over {MAX_FILE_BYTES / 1e6:.0f} MB); accounts over 5 MB of text are refused")
    return raw


def _check_kind(info: os.stat_result, name: str) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(f"{name}: is a folder, not an account file")
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "a named pipe" if stat.S_ISFIFO(info.st_mode)
            else "a socket" if stat.S_ISSOCK(info.st_mode)
            else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
            else "not a regular file"
        )
        raise IngestError(f"{name}: is {kind}, not an account file; only regular files are read")


def account_from_text(
    text: str,
    default_label: str,
    name: str = "pasted text",
    is_html: bool = False,
    path: str = "",
    **metadata: str,
) -> Account:
    """Build an account from text already in memory (a decoded file, or text the analyst pasted)."""
    text = normalise_newlines(text)
    header, body = split_header(text)
    if is_html:
        body = html_to_text(body)
    body = body.strip("\n")
    if len(body) > MAX_TEXT_CHARS:
        raise IngestError(f"{name}: too large ({len(body) / 1e6:.1f} M characters); accounts over 5 MB of text are refused")
    if not body.strip():
        raise IngestError(f"{name}: the account is empty")
    if "\x00" in body:
        raise IngestError(f"{name}: contains NUL characters, which are binary data, not text")
    fields = {key: header.get(key, "") for key in META_KEYS}
    fields.update({k: v for k, v in metadata.items() if v})
    label = fields.pop("label") or default_label
    return Account(label=label, text=body + "\n", path=path, **fields)


# -- decoding ------------------------------------------------------------------------------------

BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
# What detection may choose from, in the order ties are settled: the legacy encodings official
# readouts are published in (Western and Central European, Cyrillic, Greek, Turkish, Hebrew,
# Arabic and Persian, Baltic; Chinese, Japanese, Korean). Mac and DOS code pages are left out:
# on short texts they win ties they should not.
DETECTABLE = (
    "cp1252", "cp1250", "cp1251", "koi8_r", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "gb18030", "big5", "cp932", "euc_jp", "cp949",
)
MULTI_BYTE = {"gb18030", "big5", "cp932", "euc_jp", "cp949"}
ENCODING_NAMES = {
    "cp1252": "windows-1252 (Western European)", "cp1250": "windows-1250 (Central European)",
    "cp1251": "windows-1251 (Cyrillic)", "koi8_r": "KOI8-R (Cyrillic)", "cp1253": "windows-1253 (Greek)",
    "cp1254": "windows-1254 (Turkish)", "cp1255": "windows-1255 (Hebrew)", "cp1256": "windows-1256 (Arabic)",
    "cp1257": "windows-1257 (Baltic)", "gb18030": "GB18030 (Chinese)", "big5": "Big5 (Chinese)",
    "cp932": "Shift_JIS (Japanese)", "euc_jp": "EUC-JP (Japanese)", "cp949": "EUC-KR (Korean)",
}
_DECLARED_IN_HEADER = re.compile(rb"\A---[ \t]*\r?\n(?:[^\n]*\n){0,20}?[ \t]*(?:encoding|charset)[ \t]*:[ \t]*[\"']?([\w.:-]+)", re.I)
_DECLARED_IN_HTML = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)


@dataclass(frozen=True)
class Decoded:
    """A file's text, the encoding it was read in, and what was assumed (one line; "" if nothing)."""

    text: str
    encoding: str
    note: str = ""


def decode(raw: bytes, name: str) -> str:
    """The text of ``raw`` (see ``decode_bytes``); what was assumed goes to the log."""
    decoded = decode_bytes(raw, name)
    if decoded.note:
        log.warning(decoded.note)
    return decoded.text


def decode_bytes(raw: bytes, name: str, html_hint: bool = False) -> Decoded:
    """Decode a file's bytes; IngestError when they are not text in any encoding we can tell."""
    for bom, encoding, family in BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(f"{name}: starts with a {family} byte-order mark but is not {family} (bad bytes at offset {exc.start + len(bom)})") from None
            return Decoded(_refuse_binary(text, name), encoding)
    if b"\x00" in raw:
        # No text in UTF-8 or an 8-bit encoding has NUL bytes; UTF-16 without a mark has many.
        utf16 = _utf16_without_bom(raw)
        if not utf16:
            raise IngestError(f"{name}: looks like a binary file, not text")
        text = _refuse_binary(raw.decode(utf16), name)
        order = "little" if utf16.endswith("le") else "big"
        return Decoded(text, utf16, f"{name}: read as UTF-16 ({order}-endian) although it has no byte-order mark")
    try:
        return Decoded(_refuse_binary(raw.decode("utf-8"), name), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(raw)
    if mostly is not None:
        text, offsets = mostly
        shown = ", ".join(str(o) for o in offsets[:SHOWN_OFFSETS]) + (", …" if len(offsets) > SHOWN_OFFSETS else "")
        many = len(offsets) != 1
        note = (f"{name}: {len(offsets)} byte{'s' if many else ''} not valid UTF-8 replaced with \ufffd "
                f"(at byte offset{'s' if many else ''} {shown}); the rest read as UTF-8")
        return Decoded(_refuse_binary(text, name), "utf-8", note)
    declared = _declared_encoding(raw, html_hint)
    if declared:
        try:
            return Decoded(_refuse_binary(raw.decode(declared), name), declared)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: tell from the bytes
    guessed = _detect(raw)
    if guessed is None:
        raise IngestError(f"{name}: not readable as text (not UTF-8, UTF-16, nor any encoding it could be detected in)")
    text, encoding = guessed
    note = (f"{name}: not UTF-8; read as {ENCODING_NAMES.get(encoding, encoding)}, detected from its bytes "
            f"(if the text looks wrong, save it as UTF-8 or put 'encoding: NAME' in its header)")
    return Decoded(_refuse_binary(text, name), encoding, note)


def _declared_encoding(raw: bytes, html_hint: bool) -> str:
    """The encoding the file names for itself, if Python knows it."""
    head = raw[:4096]
    m = _DECLARED_IN_HEADER.match(head)
    if m is None and (html_hint or b"<" in head):
        m = _DECLARED_IN_HTML.search(head)
    if m is None:
        return ""
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return ""


def _utf16_without_bom(raw: bytes) -> str:
    """'utf-16-le' or 'utf-16-be' when the bytes are UTF-16 text without a byte-order mark, else ''.

    Text in one alphabet repeats its high byte: 0x00 for Latin, 0x04 for Cyrillic, 0x06 for
    Arabic; a few values fill one half of the byte pairs while the other half varies.
    """
    sample = raw[:65536]
    if len(sample) < 4:
        return ""
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        counts: dict[int, int] = {}
        for b in high:
            counts[b] = counts.get(b, 0) + 1
        common = sum(sorted(counts.values(), reverse=True)[:3])
        if common < 0.9 * len(high) or len(set(low)) <= len(counts) or b"\x00" in low:
            continue
        try:
            text = raw[: len(raw) // 2 * 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        if len(raw) % 2 == 0 and _prose_like(text):
            return encoding
    return ""


def _mostly_utf8(raw: bytes) -> tuple[str, list[int]] | None:
    """The text and the offsets of its bad bytes, when the file is UTF-8 damaged in a few places.

    "A few": at most MAX_REPLACED, and no more than the characters beyond ASCII it decodes well;
    a file whose only non-ASCII bytes are bad is more likely in a legacy encoding.
    """
    view = memoryview(raw)  # slices without copying: a 20 MB file may have 64 bad bytes
    parts, offsets, at = [], [], 0
    while True:
        try:
            parts.append(codecs.utf_8_decode(view[at:], "strict", True)[0])
            break
        except UnicodeDecodeError as exc:
            parts.append(codecs.utf_8_decode(view[at : at + exc.start], "strict", True)[0])
            offsets.append(at + exc.start)
            parts.append("\ufffd")
            at += exc.end
            if len(offsets) > MAX_REPLACED:
                return None
    text = "".join(parts)
    beyond_ascii = sum(1 for ch in text if ord(ch) > 127) - len(offsets)
    if beyond_ascii < len(offsets):
        return None
    return text, offsets


def _detect(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) as charset-normalizer reads the bytes, or None when no reading is plausible.

    Among the readings it finds equally clean, the one in the language it recognises best wins,
    then the encoding earlier in DETECTABLE (windows-1252 before windows-1250 when both give the
    same text). Readings that mix alphabets inside words, or have no spaces or punctuation at
    all, are garbage however clean the detector finds them.
    """
    from charset_normalizer import from_bytes

    matches = [m for m in from_bytes(raw, cp_isolation=list(DETECTABLE)) if _prose_like(str(m))]
    if not matches:
        return None
    best = min(m.chaos for m in matches)

    def preference(m) -> int:
        names = [m.encoding, *getattr(m, "could_be_from_charset", [])]
        return min(DETECTABLE.index(n) if n in DETECTABLE else len(DETECTABLE) for n in names)

    def rank(m) -> tuple[bool, float, int]:
        return (_caseless_in_a_cased_alphabet(str(m)), -round(m.coherence, 2), preference(m))

    # On short texts the detector's "chaos" differs by a few hundredths between single-byte
    # readings that are all clean (windows-1252 and windows-1257 on a French sentence): within a
    # margin, rank them. Multi-byte readings (Chinese, Japanese, Korean) are told apart by chaos.
    cleanest = min(matches, key=lambda m: (m.chaos, preference(m)))
    if cleanest.encoding in MULTI_BYTE:
        chosen = cleanest
    else:
        chosen = min((m for m in matches if m.encoding not in MULTI_BYTE and m.chaos <= best + 0.1), key=rank)
    names = [chosen.encoding, *getattr(chosen, "could_be_from_charset", [])]
    encoding = min(names, key=lambda n: DETECTABLE.index(n) if n in DETECTABLE else len(DETECTABLE))
    return str(chosen), encoding


def _caseless_in_a_cased_alphabet(text: str) -> bool:
    """Many letters beyond ASCII in a cased alphabet and not one capital among them: Hebrew or
    Arabic read as Cyrillic or Greek looks like this; Russian or Greek prose never does."""
    letters = [ch for ch in text[:20000] if ord(ch) > 127 and ch.isalpha()]
    cased = [ch for ch in letters if ch.isupper() or ch.islower()]
    return len(cased) >= 20 and len(cased) >= 0.9 * len(letters) and not any(ch.isupper() for ch in cased)


_WORDS = re.compile(r"[^\W\d_]+")
CJK_PUNCTUATION = "\u3001\u3002\uff0c\uff01\uff1f\uff1b\uff1a\u300c\u300d"  # 、。，！？；：「」
_SCRIPT_OF_NAME = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "CJK": "CJK"}


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    return _SCRIPT_OF_NAME.get(first, first)


def _prose_like(text: str) -> bool:
    """Whether decoded text could be an account: words in one alphabet each, and some spacing."""
    sample = text[:20000]
    # Prose has spaces between words, or (Chinese, Japanese) their commas and full stops.
    if len(sample) > 20 and not any(ch.isspace() or ch in CJK_PUNCTUATION for ch in sample):
        return False
    words = [w for w in _WORDS.findall(sample) if any(ord(ch) > 127 for ch in w)]
    if not words:
        return True
    mixed = sum(1 for w in words if len({_script(ch) for ch in w}) > 1)
    return mixed <= 0.2 * len(words)


def _refuse_binary(text: str, name: str) -> str:
    # Control characters other than tab/newline/CR/form feed are rare in prose and common in binaries.
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if (sample and controls > 0.01 * len(sample)) or "\x00" in text:
        raise IngestError(f"{name}: looks like a binary file, not text")
    return text


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")


_HEADER = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$")


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Split an optional ``---`` metadata header (``key: value`` lines) from the body."""
    m = _HEADER.match(text)
    if not m:
        return {}, text
    fields = {}
    for line in m.group(1).split("\n"):
        f = _FIELD.match(line)
        if not f:
            if line.strip():
                return {}, text  # not a metadata header after all (a Markdown rule, say): keep the text whole
            continue
        fields[f.group(1).lower()] = f.group(2).strip().strip("\"'")
    return fields, text[m.end() :]


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)


class _Readable(HTMLParser):
    """Collects the readable text of an HTML page: blocks become paragraphs, scripts and styles vanish."""

    # Navigation, page headers and footers are the site's, not the account's: never claims.
    SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "nav", "header", "footer"}
    BLOCK = {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
        "blockquote", "tr", "table", "header", "footer", "main", "aside", "nav", "dd", "dt", "pre", "hr",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Readable text of (possibly malformed) HTML, one paragraph per block element."""
    parser = _Readable()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; this only guards against pathological input
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    text = "".join(parser.parts)
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        line = re.sub(r"[ \t\n\xa0]+", " ", block).strip()
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)
