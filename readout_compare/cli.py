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

EXIT_BAD_INPUT = 2
DEFAULT_SAMPLE = "rouhani-macron-2018-01"


class UserError(Exception):
    """A problem the user can fix; its message is shown as it is."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="readout-compare",
        description="Compare official accounts (readouts) of the same event: aligned claims, omissions, conflicts.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("align", help="align two or more account files and print the comparison")
    p.add_argument("--format", choices=("text", "json"), default="text", help="text report (default) or JSON")
    p.add_argument("files", nargs="+", metavar="FILE", help="account files: .txt, .md or .html")
    _add_matcher_option(p)
    p.set_defaults(run=run_align)

    p = sub.add_parser("eval", help="score the engine against the gold links of bundled samples")
    p.add_argument("samples", nargs="*", metavar="SAMPLE", help="sample names or folders (default: all bundled)")
    p.set_defaults(run=run_eval)

    p = sub.add_parser("report", help="print the terminal report of a bundled sample")
    p.add_argument("sample", nargs="?", default=DEFAULT_SAMPLE, help=f"sample name (default: {DEFAULT_SAMPLE})")
    _add_matcher_option(p)
    p.set_defaults(run=run_report)
    return parser


def read_accounts(files: Sequence[str]):
    if len(files) < 2:
        raise UserError("a comparison needs at least two account files")
    return [read_account(path) for path in files]


def run_align(args) -> int:
    from .core.compare import compare
    from .export import json_form, text_report

    accounts = read_accounts(args.files)  # bad files are reported before any model is loaded
    comparison = compare(accounts, matcher=chosen_matcher(args))
    if args.format == "json":
        sys.stdout.write(json_form.to_json(comparison) + "\n")
    else:
        sys.stdout.write(text_report.render(comparison))
    return 0


def _add_matcher_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--matcher", choices=("auto", "lexical", "semantic"), default="auto",
        help="how claims are compared: 'semantic' (sentence embeddings, needs the semantic extra), "
        "'lexical' (words and glossary), or 'auto' (default): semantic when installed, else lexical",
    )


def chosen_matcher(args):
    """The matcher named by --matcher; the comparison's JSON says which one was used."""
    from .core.semantic import SemanticError, choose_matcher

    def warn(message: str) -> None:
        print(f"readout-compare: {message}", file=sys.stderr)

    try:
        return choose_matcher(getattr(args, "matcher", "auto"), warn=warn)
    except SemanticError as exc:
        raise UserError(str(exc)) from None


def run_eval(args) -> int:
    from .evaluation import run_eval as evaluate

    return evaluate(args.samples)


def sample_files(name: str) -> list[str]:
    """The account files of a bundled sample, in its gold order."""
    from .resources import samples_folder

    folder = samples_folder().joinpath(name)
    gold = folder.joinpath("gold.json")
    if not gold.is_file():
        raise UserError(f"no bundled sample named {name!r}")
    data = json.loads(gold.read_text(encoding="utf-8"))
    return [str(folder.joinpath(f)) for f in data["accounts"]]


def run_report(args) -> int:
    args.files = sample_files(args.sample)
    args.format = "text"
    return run_align(args)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        # No command: the main job. Until the window exists, the report of the bundled sample.
        args = parser.parse_args(["report"])
    try:
        return args.run(args)
    except (IngestError, UserError) as exc:
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


if __name__ == "__main__":
    raise SystemExit(main())
