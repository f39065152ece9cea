"""Reading accounts: files (plain text, Markdown, HTML) or pasted text in, ``Account`` out.

Standard library only. Every refusal is an ``IngestError`` whose message names the file and
the reason in one line, so the command line and the window can show it as it is.
"""

from __future__ import annotations

import codecs
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from .model import Account

MAX_TEXT_CHARS = 5 * 1024 * 1024  # "over 5 MB of text" is refused: nobody's readout is that long
MAX_FILE_BYTES = 4 * MAX_TEXT_CHARS  # UTF-16 doubles the bytes; never read more than this from disk
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
META_KEYS = ("label", "source", "date", "language", "url")


class IngestError(ValueError):
    """An account that cannot be read; the message is for the analyst, one line."""


def read_account(path: str | Path, label: str | None = None) -> Account:
    """Read one account file. Raises IngestError with a one-line reason."""
    path = Path(path)
    name = str(path)
    try:
        if path.is_dir():
            raise IngestError(f"{name}: is a folder, not an account file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IngestError(f"{name}: too large ({size / 1e6:.1f} MB); accounts over 5 MB of text are refused")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{name}: no such file") from None
    except PermissionError:
        raise IngestError(f"{name}: not readable (permission denied)") from None
    except OSError as exc:
        raise IngestError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    text = decode(raw, name)
    is_html = path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text)
    return account_from_text(text, default_label=label or path.stem, name=name, is_html=is_html, path=str(path))


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
    fields = {key: header.get(key, "") for key in META_KEYS}
    fields.update({k: v for k, v in metadata.items() if v})
    label = fields.pop("label") or default_label
    return Account(label=label, text=body + "\n", path=path, **fields)


def decode(raw: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252; refuse binary data."""
    if raw.startswith(codecs.BOM_UTF8):
        return _strict(raw[len(codecs.BOM_UTF8) :], "utf-8", name)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _refuse_binary(_strict(raw, "utf-16", name), name)
    if b"\x00" in raw[:8192]:
        raise IngestError(f"{name}: looks like a binary file, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Older Windows exports arrive in cp1252; its five undefined bytes mean it is not text at all.
        text = _strict(raw, "cp1252", name)
    return _refuse_binary(text, name)


def _strict(raw: bytes, encoding: str, name: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise IngestError(f"{name}: not readable as text (neither UTF-8, UTF-16 nor cp1252)") from None


def _refuse_binary(text: str, name: str) -> str:
    # Control characters other than tab/newline/CR/form feed are rare in prose and common in binaries.
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if sample and (controls > 0.01 * len(sample) or "\x00" in sample):
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
