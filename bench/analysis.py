"""Throughput of `veille tag` against bare `fr_core_news_sm` `nlp.pipe`, same texts, same run; memory over a stream.

Run: `.venv/bin/python -m bench.analysis [--texts 2000] [--repeats 3] [--memory-texts 20000]`.
Writes `bench/results/analysis.md`.

- Texts: tweet-length French mentions generated from the project's own templates (deterministic).
- Baseline: `spacy.load("fr_core_news_sm")` with every pipe, `nlp.pipe(texts, batch_size=128)`; for two
  processes, the same with `n_process=2`.
- Ours: the real `veille tag` path (`tag_stream`: JSONL bytes in, JSONL out to a null sink) with
  `--workers 1` and `--workers 2`.
- Runs are interleaved (baseline, ours, baseline, ours…) so machine load hits both alike; medians reported.
  Model loading is excluded from both.
- Paired chunks (one process): the baseline and ours also alternate on chunks of 250 texts, each pair
  timed within a few seconds (each side first in turn), and the ratio of each pair is kept: on a shared machine whose speed drifts
  from one run of 2 000 texts to the next, the median of these ratios (with its quartiles) is the steadier figure.
- Memory: in a fresh process (this one also holds the bare pipeline), proportional set size of the main
  process + its 2 workers (shared pages counted once) sampled while `tag_stream` reads a generated stream of `--memory-texts` texts, each with a new handle, hashtag, URL and number
  (use 1000000 for the full claim: ~1 h on 2 cores).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bench import publish

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "analysis.md"
CHUNK = 250  # texts per pair of the paired measurement

BRANDS = ("Télénova", "Mobilys", "BanqueVerte", "Ferrivia", "Exemplo")
OPENINGS = ("Franchement", "Bon,", "Encore une fois", "Alors là", "Petit retour :", "Honnêtement", "Hier soir",
            "Ce matin", "Je dois dire que", "Sérieux,")
SUBJECTS = ("le service client", "la livraison", "le nouveau forfait", "l'appli", "la facture", "le magasin de Lyon",
            "le conseiller", "la box", "le remboursement", "la qualité des produits", "le prix de l'abonnement")
JUDGEMENTS = ("est vraiment top", "est une catastrophe", "a été rapide et efficace", "n'est pas terrible",
              "m'a beaucoup déçu", "est correct sans plus", "a encore augmenté", "marche enfin", "est injoignable",
              "est au top, merci", "c'est du grand n'importe quoi", "a changé, on verra")
ENDINGS = ("", "!", " 😡", " 👍", " #service", " https://t.co/x1y2z3", " mdr", " 🙄", " … bref.", " Je recommande.",
           " Plus jamais.", " Merci @equipe")


def tweets(n: int, seed: int = 7) -> Iterator[str]:
    """Tweet-length French mentions (~20–35 words): two sentences built from the templates above."""
    rng = random.Random(seed)
    for _ in range(n):
        brand = rng.choice(BRANDS)
        first = f"{rng.choice(OPENINGS)} {rng.choice(SUBJECTS)} de {brand} {rng.choice(JUDGEMENTS)}{rng.choice(ENDINGS)}"
        second = f"Et {rng.choice(SUBJECTS)} {rng.choice(JUDGEMENTS)}, depuis que j'ai changé d'offre le mois dernier."
        yield f"{first} {second}"


def unique_tweets(n: int, seed: int = 11) -> Iterator[str]:
    """Like `tweets`, plus a new handle, hashtag, URL and number in each: real streams keep bringing
    new strings, which is what makes a long-running spaCy process grow if nothing bounds it."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    for text in tweets(n, seed):
        word = "".join(rng.choice(letters) for _ in range(8))
        yield f"@{word} {text} #{word[::-1]} https://t.co/{word}{rng.randint(0, 10**6)} {rng.randint(0, 10**9)}"


def jsonl(texts: list[str]) -> bytes:
    return b"".join(json.dumps({"text": t, "brands": [b for b in BRANDS if b in t]}, ensure_ascii=False).encode()
                    + b"\n" for t in texts)


class NullSink(io.TextIOBase):
    def write(self, s: str) -> int:
        return len(s)


def pss_mb(pids: list[int]) -> float:
    """Proportional set size of these processes (Linux /proc), in MB: pages shared by forked workers
    are counted once in total, unlike RSS."""
    total = 0
    for pid in pids:
        try:
            lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in lines if line.startswith("Pss:"))
    return total / 1024


def memory_only(n: int) -> None:
    """Stream `n` texts with new strings through `tag_stream` on 2 workers; print PSS samples as JSON."""
    from analysis.tagger import Tagger
    from veille.commands.tag import tag_stream

    tagger = Tagger(workers=2)
    samples: list[tuple[int, float]] = []

    def lines() -> Iterator[bytes]:
        for count, text in enumerate(unique_tweets(n), 1):
            if count % 2000 == 0 and tagger._pool is not None:  # noqa: SLF001
                samples.append((count, pss_mb([os.getpid(), *(p.pid for p in tagger._pool._pool)])))  # noqa: SLF001
            yield json.dumps({"text": text}, ensure_ascii=False).encode() + b"\n"

    started = time.perf_counter()
    tag_stream(tagger, lines(), NullSink(), 128)
    rate = n / (time.perf_counter() - started)
    tagger.close()
    print(json.dumps({"samples": samples, "rate": rate}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--memory-texts", type=int, default=20000)
    parser.add_argument("--memory-only", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_only:
        memory_only(args.memory_only)
        return

    import spacy

    from analysis.tagger import Tagger
    from veille.commands.tag import tag_stream

    texts = list(tweets(args.texts))
    payload = jsonl(texts)
    words = sum(len(t.split()) for t in texts) / len(texts)
    bare = spacy.load("fr_core_news_sm")
    tagger1 = Tagger()
    tagger2 = Tagger(nlp=tagger1.nlp, workers=2)
    list(bare.pipe(texts[:50]))
    warm = io.BytesIO(payload[:5000].rsplit(b"\n", 1)[0] + b"\n")
    tag_stream(tagger1, warm, NullSink(), 128)
    warm.seek(0)
    tag_stream(tagger2, warm, NullSink(), 128)  # starts the pool outside the timed runs

    def bare_seconds(part: list[str], n_process: int = 1) -> float:
        started = time.perf_counter()
        for _ in bare.pipe(part, batch_size=128, n_process=n_process):
            pass
        return time.perf_counter() - started

    def ours_seconds(tagger: Tagger, part: list[str], payload_part: bytes) -> float:
        started = time.perf_counter()
        done, errors = tag_stream(tagger, io.BytesIO(payload_part), NullSink(), 128)
        assert done == len(part) and errors == 0
        return time.perf_counter() - started

    def run_bare(n_process: int) -> float:
        return len(texts) / bare_seconds(texts, n_process)

    def run_ours(tagger: Tagger) -> float:
        return len(texts) / ours_seconds(tagger, texts, payload)

    def paired_ratios() -> list[float]:
        """Ours / baseline speed on each chunk of texts, the two timed one right after the other, in turn first."""
        ratios = []
        for n, k in enumerate(range(0, len(texts), CHUNK)):
            part = texts[k:k + CHUNK]
            payload_part = jsonl(part)
            if n % 2:
                ours_s, bare_s = ours_seconds(tagger1, part, payload_part), bare_seconds(part)
            else:
                bare_s, ours_s = bare_seconds(part), ours_seconds(tagger1, part, payload_part)
            ratios.append(bare_s / ours_s)
        return ratios

    results: dict[str, list[float]] = {k: [] for k in ("bare1", "ours1", "bare2", "ours2")}
    pairs: list[float] = []
    for _ in range(args.repeats):
        results["bare1"].append(run_bare(1))
        results["ours1"].append(run_ours(tagger1))
        results["bare2"].append(run_bare(2))
        results["ours2"].append(run_ours(tagger2))
        pairs += paired_ratios()
    med = {k: statistics.median(v) for k, v in results.items()}
    quartiles = statistics.quantiles(pairs, n=4) if len(pairs) > 1 else [pairs[0]] * 3

    tagger2.close()
    # Memory over a long stream, 2 workers, in a fresh process: this one holds the bare pipeline too.
    probe = subprocess.run([sys.executable, "-m", "bench.analysis", "--memory-only", str(args.memory_texts)],
                           capture_output=True, text=True, check=True, cwd=ROOT)
    memory = json.loads(probe.stdout.strip().splitlines()[-1])
    samples, stream_rate = memory["samples"], memory["rate"]

    rows = [
        ("bare `fr_core_news_sm` nlp.pipe, 1 process", med["bare1"], None),
        ("`veille tag --workers 1`", med["ours1"], med["ours1"] / med["bare1"]),
        ("bare `fr_core_news_sm` nlp.pipe(n_process=2)", med["bare2"], None),
        ("`veille tag --workers 2`", med["ours2"], med["ours2"] / med["bare2"]),
    ]
    lines = [
        "# Analysis throughput (bench/analysis.py)",
        "",
        f"{len(texts)} tweet-length French texts ({words:.0f} words on average), medians of {args.repeats} "
        f"interleaved runs, {os.cpu_count()} cores (shared machine: compare ratios, not absolute figures).",
        "",
        "| configuration | texts/s | ratio to bare nlp.pipe (same process count) |",
        "| --- | ---: | ---: |",
        *[f"| {name} | {rate:.0f} | {'' if ratio is None else f'{100 * ratio:.0f} %'} |" for name, rate, ratio in rows],
        "",
        f"One process, {len(pairs)} paired chunks of {CHUNK} texts (each side first in turn): `veille tag` at **{100 * quartiles[1]:.0f} %** of bare "
        f"nlp.pipe (median ratio; quartiles {100 * quartiles[0]:.0f} to {100 * quartiles[2]:.0f} %).",
        "",
        f"`veille tag --workers 2` vs bare nlp.pipe on 1 process: {100 * med['ours2'] / med['bare1']:.0f} %.",
        f"All runs: { {k: [round(x) for x in v] for k, v in results.items()} }",
        "",
        f"## Memory while streaming {args.memory_texts} texts with 2 workers ({stream_rate:.0f} texts/s)",
        "",
        "| texts read | PSS main + workers (MB) |",
        "| ---: | ---: |",
        *[f"| {n} | {mb:.0f} |" for n, mb in samples[:: max(1, len(samples) // 10)]],
    ]
    if samples:
        lines.append(f"\nFirst sample {samples[0][1]:.0f} MB, last {samples[-1][1]:.0f} MB, "
                     f"max {max(mb for _, mb in samples):.0f} MB.")
    report = "\n".join(lines) + "\n"
    publish(RESULTS, report)


if __name__ == "__main__":
    main()
