"""The corpus's holdout stays apart from what the scorer trains on."""

from readout_compare.evaluation.corpus import corpus_folder, load_corpus


def test_holdout_events_are_not_in_the_training_events():
    training = {s.name for s in load_corpus()}
    holdout = load_corpus(corpus_folder("holdout"))
    assert len(holdout) >= 20
    assert not training & {s.name for s in holdout}
    # every holdout event has gold links to measure against, counterparts among them
    assert all(any(r.value in ("match", "conflict") for _, _, r in s.links) for s in holdout)


def test_second_readings_name_real_events_and_sentences():
    """The second reading (the human agreement the benchmark prints) covers events of both parts,
    every link joining two sentences of different accounts of a real corpus event."""
    from readout_compare.evaluation.corpus import load_second_readings

    readings = load_second_readings()
    names = {gold.name for gold, _ in readings}
    assert len(readings) >= 15 and len(names) == len(readings)
    assert names & {s.name for s in load_corpus()} and names & {s.name for s in load_corpus(corpus_folder("holdout"))}
    for gold, reading in readings:
        assert reading.links and reading.writer
        assert all(gold.sentences[a].account != gold.sentences[b].account for a, b, _ in reading.links)


def test_the_corpus_files_pass_their_checker():
    import subprocess
    import sys
    from pathlib import Path

    checker = Path(__file__).parent / "corpus" / "check.py"
    done = subprocess.run([sys.executable, str(checker)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:]
    assert done.stdout.rstrip().endswith("0 problems")
