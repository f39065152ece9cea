"""The command line: ``readout-compare`` and ``python -m readout_compare``.

Bad input ends with a one-line message on stderr and a non-zero exit, never a traceback
(set READOUT_COMPARE_DEBUG=1 to see one for a genuine bug).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .core.ingest import IngestError, read_account
from .core.plural import counted
from .resources import DEFAULT_SAMPLE, UnknownSample, sample_files

EXIT_BAD_INPUT = 2


class UserError(Exception):
    """A problem the user can fix; its message is shown as it is."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="readout-compare",
        description="Compare official accounts (readouts) of the same event: aligned claims, omissions, conflicts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db", metavar="URL", default=None,
        help="the library's database: any SQLAlchemy URL, e.g. sqlite:///lib.sqlite or postgresql+psycopg://host/db "
        "(default: $READOUT_COMPARE_DB, else library.sqlite in your data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("align", help="align two or more account files and print the comparison")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text report (default) or JSON")
    p.add_argument("files", nargs="+", metavar="FILE", help="account files: .txt, .md or .html")
    _add_matcher_option(p)
    p.set_defaults(run=run_align)

    p = sub.add_parser("eval", help="score the engine against the gold links of bundled samples")
    p.add_argument("samples", nargs="*", metavar="SAMPLE", help="sample names or folders (default: all bundled)")
    _add_matcher_option(p)
    p.set_defaults(run=run_eval)

    p = sub.add_parser("report", help="print the terminal report of a bundled sample")
    p.add_argument("sample", nargs="?", default=DEFAULT_SAMPLE, help=f"sample name (default: {DEFAULT_SAMPLE})")
    _add_matcher_option(p)
    p.set_defaults(run=run_report)
    _add_library_commands(sub)
    _add_export_commands(sub)
    _add_gui_commands(sub)
    return parser


def _add_export_commands(sub) -> None:
    from .export.writers import FORMATS

    p = sub.add_parser(
        "export",
        help="write a briefing (HTML, PDF, Word, CSV or JSON) of account files or of a stored event",
        description="Write the briefing of two or more account files, or of an event stored in the library "
        "(with the analyst's links, tags and notes), to a file.",
    )
    p.add_argument("--format", choices=FORMATS, default=None,
                   help="briefing format (default: from the --out file's extension)")
    p.add_argument("--out", required=True, metavar="PATH", help="the file to write")
    p.add_argument("--event", metavar="EVENT", default=None,
                   help="a stored event's number (see `list`) or title, instead of account files")
    p.add_argument("--title", default="", help="the briefing's title (default: the event's title, else the accounts' labels)")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4", help="page size for PDF and Word (default: a4)")
    p.add_argument("files", nargs="*", metavar="FILE", help="account files: .txt, .md or .html")
    _add_matcher_option(p)
    p.set_defaults(run=run_export)


def run_export(args) -> int:
    from .export.writers import FORMATS, ExportError, check_target

    fmt = args.format
    if fmt is None:
        fmt = Path(args.out).suffix.lower().lstrip(".")
        fmt = {"htm": "html"}.get(fmt, fmt)
        if fmt not in FORMATS:
            raise UserError(f"cannot tell the format from {args.out!r}: add --format {'|'.join(FORMATS)}")
    try:
        check_target(args.out)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    args.format = fmt
    if args.event is not None:
        if args.files:
            raise UserError("give account files or --event, not both")
        return _library_command(_export_event)(args)
    return _export(args, run_engine(args, read_accounts(args.files)))


def _export_event(args, library) -> int:
    from .export.briefing import judgements_from_library
    from .export.json_form import library_record
    from .store import repository as repo

    with library.read() as session:
        stored = repo.load_event(session, repo.find_event(session, args.event))
    comparison = stored.comparison  # with the analyst's links and relations applied
    judgements = judgements_from_library(comparison, stored.annotations, stored.reviewed)
    return _export(args, comparison, title=args.title or stored.title, judgements=judgements, event_date=stored.date, record=library_record(stored))


def _export(args, comparison, title: str = "", judgements=None, event_date: str = "", record=None) -> int:
    from .export.writers import ExportError, write_briefing

    try:
        path = write_briefing(comparison, args.format, args.out, title=title or args.title, paper=args.paper,
                              judgements=judgements, event_date=event_date, record=record)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    print(f"wrote {path}", file=sys.stderr)
    return 0


def _add_gui_commands(sub) -> None:
    p = sub.add_parser("gui", help="open the comparison window (the default when no command is given)")
    p.add_argument("--screenshot", metavar="PATH", help="render the window (1400x900) to a PNG once the comparison is shown, then exit "
                   "(uses a library in memory, never yours)")
    p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="the library to open (as the global --db)")
    p.add_argument("files", nargs="*", metavar="FILE", help="account files (default: the event opened last, or the bundled sample)")
    p.set_defaults(run=run_gui)


def run_gui(args) -> int:
    if len(args.files) == 1:
        raise UserError("a comparison needs at least two account files")
    from .gui.app import NoDisplay, run

    try:
        return run(args.files, screenshot=args.screenshot, db=args.db)
    except NoDisplay as exc:
        raise UserError(str(exc)) from None


def read_accounts(files: Sequence[str]):
    if len(files) < 2:
        raise UserError("a comparison needs at least two account files")
    return [read_account(path, warn=warn_user) for path in files]


def warn_user(message: str) -> None:
    """What was assumed to read the input (an encoding guessed, bytes replaced): one line on stderr."""
    print(f"readout-compare: warning: {message}", file=sys.stderr)


def run_align(args) -> int:
    from .export import json_form, text_report

    accounts = read_accounts(args.files)  # bad files are reported before any model is loaded
    comparison = run_engine(args, accounts)
    if args.format == "json":
        json_form.write_json(comparison, sys.stdout)  # streamed: long accounts' JSON is never held whole
        sys.stdout.write("\n")
    else:
        sys.stdout.write(text_report.render(comparison))
    return 0


def _add_matcher_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--matcher", choices=("auto", "lexical", "semantic"), default=None,
        help="how claims are compared: 'semantic' (sentence embeddings, needs the semantic extra), "
        "'lexical' (words and glossary), or 'auto': semantic when installed, else lexical "
        "(default: the READOUT_COMPARE_MATCHER variable, else auto)",
    )


def chosen_matcher(args):
    """The matcher named by --matcher (loaded now, so a refusal is reported before any work)."""
    from .core.semantic import SemanticError, choose_matcher

    def warn(message: str) -> None:
        print(f"readout-compare: {message}", file=sys.stderr)

    try:
        return choose_matcher(getattr(args, "matcher", None), warn=warn)
    except SemanticError as exc:
        raise UserError(str(exc)) from None


def run_engine(args, accounts, glossary: str = ""):
    """The engine on these accounts with this command's settings: the chosen matcher, and the
    analyst's glossary when the command works on the library (the window's settings too)."""
    from .core.compare import Settings, compare
    from .core.semantic import SemanticError

    try:
        comparison = compare(accounts, Settings(matcher=getattr(args, "matcher", None), glossary=glossary))
    except SemanticError as exc:
        raise UserError(str(exc)) from None
    for note in comparison.notes:
        print(f"readout-compare: {note}", file=sys.stderr)
    return comparison


def run_eval(args) -> int:
    from .evaluation import run_eval as evaluate

    return evaluate(args.samples, matcher=chosen_matcher(args))


def run_report(args) -> int:
    args.files = sample_files(args.sample)
    args.format = "text"
    return run_align(args)


# -- the library -------------------------------------------------------------------------------


def _add_library_commands(sub) -> None:
    p = sub.add_parser("import", help="align account files and store them in the library as one event")
    p.add_argument("--title", required=True, help="the event's title, e.g. 'Rouhani–Macron call, January 2018'")
    p.add_argument("--date", default="", help="the event's date (default: the earliest account date)")
    p.add_argument("files", nargs="+", metavar="FILE", help="two or more account files: .txt, .md or .html")
    _add_matcher_option(p)
    p.set_defaults(run=_library_command(run_import))

    p = sub.add_parser("list", help="list the events in the library")
    p.add_argument("query", nargs="*", metavar="WORD", help="only events whose title, sources or text contain every word")
    p.set_defaults(run=_library_command(run_list))

    p = sub.add_parser("show", help="print a stored event's comparison with the analyst's judgements applied")
    p.add_argument("event", metavar="EVENT", help="the event's number (see `list`) or its title")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text report (default) or JSON, as `align` prints")
    p.set_defaults(run=_library_command(run_show))


def _library_command(run):
    """Open the library for the command; its refusals become one-line messages."""

    def wrapped(args) -> int:
        from .store.database import open_library
        from .store.errors import LibraryError

        try:
            library = open_library(args.db)
            try:
                if library.read_only:
                    if run is run_import:
                        library.require_writable()  # said before any file is read or aligned
                    print(f"readout-compare: note: the library {library.name} is open for browsing only ({library.read_only})", file=sys.stderr)
                return run(args, library)
            finally:
                library.close()
        except LibraryError as exc:
            raise UserError(str(exc)) from None

    return wrapped


def run_import(args, library) -> int:
    from .store import repository as repo

    from .store.limits import check_event

    accounts = read_accounts(args.files)
    if not args.title.strip():
        raise UserError("an event needs a title")
    check_event(args.title, args.date, accounts)  # what the library cannot keep, said before the alignment runs
    for line in repo.repeated_accounts(accounts):
        warn_user(line)
    with library.read() as session:
        glossary = repo.glossary_text(session)
    # Aligned outside the write transaction: a long alignment never holds the library's lock.
    comparison = run_engine(args, accounts, glossary)
    with library.write() as session:
        for dup in repo.duplicates(session, accounts):
            warn_user(dup.describe())
        saved = repo.create_event(session, args.title, accounts, comparison, date=args.date)
    claims = sum(len(c) for c in comparison.claims)
    print(f"Stored event {saved.id}: {args.title.strip()} ({counted(len(accounts), 'account')}, {counted(claims, 'claim')}, {counted(len(comparison.links), 'link')}) in {library.name}")
    return 0


def run_list(args, library) -> int:
    from .store import repository as repo

    with library.read() as session:
        events = repo.search_events(session, " ".join(args.query)) if args.query else repo.list_events(session)
    if not events:
        if args.query:
            print(f"No event in {library.name} matches {' '.join(args.query)!r}.")
        else:
            print(f"The library {library.name} has no events yet; add one with: readout-compare import --title TITLE FILE FILE")
        return 0
    for ev in events:
        date = ev.date or "-"
        print(f"{ev.id:>5}  {date:<10}  {ev.title}  [{'; '.join(ev.accounts)}]")
    return 0


def run_show(args, library) -> int:
    from .export import json_form, text_report
    from .store import repository as repo

    with library.read() as session:
        stored = repo.load_event(session, repo.find_event(session, args.event))
    comparison = stored.comparison
    if args.format == "json":
        data = json_form.to_dict(comparison, record=json_form.library_record(stored))
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    sys.stdout.write(f"Event {stored.id}: {stored.title}" + (f" ({stored.date})" if stored.date else "") + "\n")
    sys.stdout.write(text_report.render(comparison))
    sys.stdout.write(_analyst_section(stored))
    return 0


def _analyst_section(stored) -> str:
    """The analyst's annotations, reviewed groups and orphaned judgements, after the engine's report."""
    if not (stored.annotations or stored.judgements):
        return ""
    lines = ["", "== Analyst's judgements =="]
    for group in stored.reviewed:
        lines.append(f"  - reviewed: {' + '.join(group.claims)}")
    for j in stored.judgements:
        if not j.orphaned and j.kind != "reviewed":
            lines.append(f"  - {j.describe()}" + (f" (by {j.author})" if j.author else ""))
    for a in stored.annotations:
        if a.orphaned:
            continue
        what = ": ".join(x for x in (a.tag, a.note) if x)
        lines.append(f"  - {' + '.join(a.claims)}: {what}" + (f" (by {a.author})" if a.author else ""))
    orphans = stored.orphaned
    if orphans:
        lines += ["", "== Orphaned (their claims are gone since re-alignment) =="]
        for item in orphans:
            text = " / ".join(x.text.strip() for x in item.anchors)
            what = item.describe() if hasattr(item, "kind") else ": ".join(x for x in (item.tag, item.note) if x)
            lines.append(f"  - {what} — on: {text}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        # No command: the main job, the comparison window (last comparison, or the sample).
        db = args.db  # the global --db still names the library the window opens
        args = parser.parse_args(["gui"])
        args.db = db
    try:
        return args.run(args)
    except (IngestError, UserError, UnknownSample) as exc:
        print(f"readout-compare: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line unless debugging
        if os.environ.get("READOUT_COMPARE_DEBUG"):
            raise
        print(f"readout-compare: internal error: {type(exc).__name__}: {exc} (set READOUT_COMPARE_DEBUG=1 for details)", file=sys.stderr)
        return 1


def window_main() -> int:
    """``readout-compare-window``: the window, as ``readout-compare gui`` with the same arguments.

    A gui-scripts entry point, so that Windows starts it without a console beside the window
    (where there is no console, sys.stderr is None and the one-line messages go nowhere).
    """
    return main(["gui", *sys.argv[1:]])


if __name__ == "__main__":
    raise SystemExit(main())
