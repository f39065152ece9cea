"""How long the find bar takes on long accounts: building the folded index (the first keystroke)
and one search (each keystroke after), for 2,000 to 100,000 words per account.

    python benchmarks/bench_find.py

Prints milliseconds (medians of 5 runs); the window's budget for anything on the GUI thread is 100 ms.
The Latin accounts have an accented word in a quarter of their claims; the Persian ones are all
non-Latin (the slow path of ``core.find.fold``).
"""

from __future__ import annotations

import statistics
import time

from readout_compare.core.find import ClaimFinder
from readout_compare.core.model import Account, Claim, Comparison

PERSIAN = [
    "رئیس‌جمهور نوروال با نخست‌وزیر ابریا تلفنی گفتگو کرد.",
    "دو طرف درباره بازگشایی گذرگاه شمالی پیش از پایان ماه توافق کردند.",
]
SENTENCES = [
    "The President of Norvale spoke by telephone with the Prime Minister of Ebria.",
    "They agreed to reopen the northern border crossing before the end of the month.",
    "The Élysée said both sides would keep in close contact on the river.",
    "The Prime Minister urged the release of the detained fishermen without delay.",
]


def accounts(words: int, sentences=SENTENCES) -> Comparison:
    accs, claims = [], []
    for k in range(2):
        parts, mine, i, at, count = [], [], 0, 0, 0
        while count < words:
            sentence = sentences[(i + k) % len(sentences)]
            mine.append(Claim(f"{'AB'[k]}{i + 1}", k, i, at, at + len(sentence), sentence))
            parts.append(sentence)
            at += len(sentence) + 1
            count += len(sentence.split())
            i += 1
        accs.append(Account("Norvale" if k == 0 else "Ebria", " ".join(parts)))
        claims.append(tuple(mine))
    return Comparison(tuple(accs), tuple(claims), ())


def median_ms(work, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    print(f"{'words/account':>14} {'script':>8} {'index ms':>9} {'find elysee ms':>15} {'find the ms':>12}")
    for words, script in ((2_000, "Latin"), (20_000, "Latin"), (100_000, "Latin"), (100_000, "Persian")):
        comparison = accounts(words, SENTENCES if script == "Latin" else PERSIAN)
        finder = ClaimFinder(comparison)
        print(f"{words:>14,} {script:>8} {median_ms(lambda: ClaimFinder(comparison)):>9.1f} "
              f"{median_ms(lambda: finder.find('elysee')):>15.1f} {median_ms(lambda: finder.find('the')):>12.1f}")


if __name__ == "__main__":
    main()
