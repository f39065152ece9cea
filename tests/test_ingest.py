"""Reading accounts: encodings, headers, HTML, and every kind of bad input."""

import codecs

import pytest

from readout_compare.core.ingest import IngestError, MAX_TEXT_CHARS, account_from_text, read_account

BODY = "President Macron spoke with President Rouhani. They discussed the nuclear agreement.\n"


def test_header_sets_label_and_metadata_and_is_removed_from_text(write_account):
    path = write_account("elysee.txt", BODY, label="Élysée", source="elysee.fr", date="2018-01-02", language="fr")
    account = read_account(path)
    assert account.label == "Élysée"
    assert (account.source, account.date, account.language) == ("elysee.fr", "2018-01-02", "fr")
    assert account.text == BODY
    assert "---" not in account.text


def test_without_header_the_label_is_the_file_stem(write_account):
    assert read_account(write_account("iranian-presidency.txt", BODY)).label == "iranian-presidency"


@pytest.mark.parametrize(
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("cp1252", b"")],
)
def test_encodings_are_decoded(tmp_path, encoding, prefix):
    body = "L’Élysée a salué « un échange franc » — café.\n"
    path = tmp_path / "account.txt"
    path.write_bytes(prefix + body.encode(encoding))
    assert read_account(path).text == body


def test_line_endings_are_normalised(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"First sentence.\r\nSecond sentence.\rThird.\r\n")
    assert read_account(path).text == "First sentence.\nSecond sentence.\nThird.\n"


def test_html_is_reduced_to_readable_text(tmp_path):
    path = tmp_path / "readout.html"
    path.write_text(
        "<html><head><title>x</title><style>p{color:red}</style><script>alert('hi')</script></head>"
        "<body><p>Macron spoke with Rouhani &amp; urged restraint.</p><div>Second <b>paragraph</b>"
        "<p>unclosed</body>",
        encoding="utf-8",
    )
    text = read_account(path).text
    assert "alert" not in text and "color" not in text and "<" not in text
    assert "Macron spoke with Rouhani & urged restraint." in text
    assert "Second paragraph" in text and "unclosed" in text


def test_markdown_is_read_as_text(write_account):
    account = read_account(write_account("notes.md", "# Readout\n\nThe two leaders **agreed** to meet.\n"))
    assert "agreed" in account.text


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t\n", "empty"),
        ("header-only.txt", b"---\nlabel: X\n---\n", "empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("bad.txt", b"caf\x81\x8d\x8f\x90\x9d", "not readable as text"),
    ],
)
def test_bad_input_names_file_and_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        read_account(path)
    message = str(err.value)
    assert name in message and reason in message
    assert "\n" not in message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        read_account(tmp_path / "missing.txt")
    with pytest.raises(IngestError, match="folder"):
        read_account(tmp_path)


def test_oversized_text_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("word " * (MAX_TEXT_CHARS // 5 + 10), encoding="ascii")
    with pytest.raises(IngestError, match="too large"):
        read_account(path)


def test_pasted_text_takes_metadata():
    account = account_from_text(BODY, default_label="Pasted 1", source="kremlin.ru", date="2019-12-09")
    assert (account.label, account.source, account.date) == ("Pasted 1", "kremlin.ru", "2019-12-09")
