"""Issue 9's experiment: a character-aware BiLSTM-CRF tagger, measured against the shipped CRF.

The CRF misses single names that have no context cue (रंजीत, स्वामीनाथन, द्रोणाचार्य), and more
CRF features gained nothing, so this asks whether a model that reads a word's characters
(a char CNN) and the whole sentence (a word BiLSTM) finds them. Optional and never imported by
the product: it needs torch, which talaash does not depend on. Install it in a venv of its own,
with a CPU-only torch wheel (PyPI's default Linux wheel pulls CUDA), onnx and onnxruntime, and
the product's ``install_requires`` from setup.cfg (not the product venv)::

    python3 -m venv /tmp/nvenv
    /tmp/nvenv/bin/pip install TORCH_CPU_WHEEL onnx onnxruntime <setup.cfg install_requires>
    PYTHONPATH=$PWD /tmp/nvenv/bin/python -m training.neural --shared ../shared --out /tmp/nn1
    PYTHONPATH=$PWD /tmp/nvenv/bin/python -m training.neural --out /tmp/nn1 --export

``--gazetteer`` adds the CRF's gazetteer flag as an input. The figures, and what they decided,
are in :mod:`training.neural_eval`.

Data: the train side of :func:`training.corpus.load_split`, minus the tuning carve-out
(``is_dev``), which alone chooses the epoch (early stopping on its PER/LOC span F1); the test
side is never read here. Tokens are the runtime tokens (:func:`runtime_sentence`), so the model
sees what the product's tokenizer gives. Inputs per token: the folded word (learned embedding,
words seen once are unknown), the raw word's characters (CNN, max-pooled) and the word's three
cluster ids from the shipped cluster file (which training.train learns from training-side text
only). Sizes: words 100, characters 32 into 64 width-3 filters, clusters 3 × 16, one BiLSTM
layer of 2 × 128, dropout 0.5, word dropout 0.1; Adam 2e-3, batches of 32, gradients clipped at
5; 20 epochs at most, patience 3 (an epoch is ~60 s on one free core, model 7 MB). One thread,
seeded: reproducible on one machine.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from torch import nn

from search.extract.ner.tagger import _read_resource, bio_spans, parse_clusters
from training.corpus import RuntimeSentence, load_split, runtime_sentence
from training.neural_tagger import MAX_CHARS, PAD, TAGS, UNK, Vocab, decode, key


def build_vocab(sentences: Sequence[RuntimeSentence], clusters: dict[str, tuple[str, ...]],
                gazetteer=None, min_count: int = 2) -> Vocab:
    """Words and characters seen at least ``min_count`` times in ``sentences``; the rest are
    unknown (which word dropout teaches the network to read from characters)."""
    words = Counter(key(t.text) for s in sentences for t in s.tokens)
    chars = Counter(c for s in sentences for t in s.tokens for c in t.text[:MAX_CHARS])
    levels = [sorted({ids[k] for ids in clusters.values() if len(ids) > k}) for k in range(3)]
    return Vocab(["<pad>", "<unk>", *sorted(w for w, n in words.items() if n >= min_count)],
                 ["<pad>", "<unk>", *sorted(c for c, n in chars.items() if n >= min_count)],
                 clusters, [["<pad>", "<unk>", *level] for level in levels], gazetteer)


class Encoder(nn.Module):
    """Token ids → per-token tag scores (the CRF's emissions): what is exported to ONNX."""

    def __init__(self, n_words: int, n_chars: int, n_clusters: Sequence[int], word_dim: int = 100,
                 char_dim: int = 32, char_filters: int = 64, cluster_dim: int = 16,
                 hidden: int = 128, dropout: float = 0.5) -> None:
        super().__init__()
        self.word = nn.Embedding(n_words, word_dim, padding_idx=PAD)
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=PAD)
        self.conv = nn.Conv1d(char_dim, char_filters, kernel_size=3, padding=1)
        self.cluster = nn.ModuleList(nn.Embedding(n, cluster_dim, padding_idx=PAD)
                                     for n in n_clusters)
        width = word_dim + char_filters + cluster_dim * len(n_clusters)
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(width, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(TAGS))

    def forward(self, words: torch.Tensor, chars: torch.Tensor,
                clusters: torch.Tensor) -> torch.Tensor:
        b, t, n = chars.shape
        ch = self.char(chars.reshape(b * t, n)).transpose(1, 2)  # [bt, dim, n]
        ch = torch.relu(self.conv(ch)).max(dim=2).values.reshape(b, t, -1)
        parts = [self.word(words), ch] + [emb(clusters[:, :, k])
                                          for k, emb in enumerate(self.cluster)]
        x = self.drop(torch.cat(parts, dim=2))
        h, _ = self.lstm(x)
        return self.out(self.drop(h))


class Crf(nn.Module):
    """A linear-chain CRF over :data:`TAGS`: transitions and start/end scores."""

    def __init__(self, n: int = len(TAGS)) -> None:
        super().__init__()
        self.trans = nn.Parameter(torch.zeros(n, n))
        self.start = nn.Parameter(torch.zeros(n))
        self.end = nn.Parameter(torch.zeros(n))
        # BIO: I-X only after B-X or I-X (a hard constraint, as CRFsuite learns it softly).
        bad = torch.zeros(n, n, dtype=torch.bool)
        for j, tag in enumerate(TAGS):
            if tag.startswith("I-"):
                for i, prev in enumerate(TAGS):
                    bad[i, j] = prev[2:] != tag[2:]
        self.register_buffer("bad", bad)
        self.register_buffer("bad_start", torch.tensor([t.startswith("I-") for t in TAGS]))

    def scores(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        big = -1e4
        return (self.trans.masked_fill(self.bad, big), self.start.masked_fill(self.bad_start, big),
                self.end)

    def nll(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood of ``tags`` [B, T] under emissions ``em`` [B, T, K]."""
        trans, start, end = self.scores()
        _b, t, _ = em.shape
        maskf = mask.float()
        gold = start[tags[:, 0]] + em[:, 0].gather(1, tags[:, :1]).squeeze(1)
        for i in range(1, t):
            step = trans[tags[:, i - 1], tags[:, i]] + em[:, i].gather(1, tags[:, i:i + 1])[:, 0]
            gold = gold + step * maskf[:, i]
        last = tags.gather(1, (mask.sum(1) - 1).unsqueeze(1)).squeeze(1)
        gold = gold + end[last]
        alpha = start + em[:, 0]
        for i in range(1, t):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans + em[:, i].unsqueeze(1), dim=1)
            alpha = torch.where(mask[:, i:i + 1], nxt, alpha)
        log_z = torch.logsumexp(alpha + end, dim=1)
        return (log_z - gold).mean()


def crf_arrays(crf: Crf) -> dict[str, np.ndarray]:
    trans, start, end = (x.detach().numpy().astype(np.float64) for x in crf.scores())
    return {"trans": trans, "start": start, "end": end}


def batches(encoded: list, size: int, shuffle: random.Random | None):
    """Padded batches of similar lengths (sorted buckets; shuffled order when training)."""
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    if shuffle:
        shuffle.shuffle(chunks)
    for chunk in chunks:
        t = max(len(encoded[i][0]) for i in chunk)
        b = len(chunk)
        w = np.zeros((b, t), dtype=np.int64)
        c = np.zeros((b, t, MAX_CHARS), dtype=np.int64)
        k = np.zeros((b, t, encoded[chunk[0]][2].shape[1]), dtype=np.int64)
        y = np.zeros((b, t), dtype=np.int64)
        m = np.zeros((b, t), dtype=bool)
        for r, i in enumerate(chunk):
            wi, ci, ki, yi = encoded[i]
            n = len(wi)
            w[r, :n], c[r, :n], k[r, :n], y[r, :n], m[r, :n] = wi, ci, ki, yi, True
        yield chunk, *(torch.from_numpy(a) for a in (w, c, k, y, m))


def span_f1(gold: list[set], pred: list[set], label: str) -> float:
    tp = sum(len({s for s in g if s[2] == label} & {s for s in p if s[2] == label})
             for g, p in zip(gold, pred, strict=True))
    ng = sum(1 for g in gold for s in g if s[2] == label)
    npred = sum(1 for p in pred for s in p if s[2] == label)
    return 2 * tp / (ng + npred) if ng + npred else 0.0


def predict_tags(encoder: Encoder, crf: Crf, encoded: list) -> list[list[int]]:
    encoder.eval()
    arrays = crf_arrays(crf)
    out: list[list[int]] = [[] for _ in encoded]
    with torch.no_grad():
        for chunk, w, c, k, _y, m in batches(encoded, 64, None):
            em = encoder(w, c, k).numpy().astype(np.float64)
            for r, i in enumerate(chunk):
                out[i] = decode(em[r, : int(m[r].sum())], **arrays)[0]
    encoder.train()
    return out


def dev_scores(encoder: Encoder, crf: Crf, encoded: list, gold: list[set]) -> dict[str, float]:
    pred = [{(a, b, lab) for a, b, lab in bio_spans([TAGS[t] for t in tags])}
            for tags in predict_tags(encoder, crf, encoded)]
    return {lab: span_f1(gold, pred, lab) for lab in ("PER", "LOC", "ORG")}


def export_onnx(folder: Path) -> Path:
    """Write ``folder/model.onnx`` (token ids → emissions; dynamic batch and length) and
    ``folder/crf.json`` (transitions with the BIO constraint applied) from ``model.pt``."""
    meta = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    state = torch.load(folder / "model.pt")
    channels = [len(level) for level in meta["cluster_ids"]]
    channels += [3] if meta.get("gazetteer") else []
    encoder = Encoder(len(meta["words"]), len(meta["chars"]), channels, hidden=state["hidden"])
    encoder.load_state_dict(state["encoder"])
    encoder.eval()
    crf = Crf()
    crf.load_state_dict(state["crf"])
    w = torch.ones((2, 5), dtype=torch.int64)
    c = torch.ones((2, 5, MAX_CHARS), dtype=torch.int64)
    k = torch.ones((2, 5, len(channels)), dtype=torch.int64)
    out = folder / "model.onnx"
    torch.onnx.export(encoder, (w, c, k), str(out), input_names=["words", "chars", "channels"],
                      output_names=["emissions"], dynamo=False, opset_version=17,
                      dynamic_axes={"words": {0: "b", 1: "t"}, "chars": {0: "b", 1: "t"},
                                    "channels": {0: "b", 1: "t"}, "emissions": {0: "b", 1: "t"}})
    arrays = {name: a.tolist() for name, a in crf_arrays(crf).items()}
    (folder / "crf.json").write_text(json.dumps(arrays), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="/tmp/talaash-neural", help="folder for model and vocab")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--patience", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N sentences (smoke)")
    ap.add_argument("--gazetteer", action="store_true", help="a gazetteer flag per word")
    ap.add_argument("--full", type=int, default=0,
                    help="train on all of train (carve-out too) for this many epochs, chosen "
                    "by an early-stopped run; the carve-out scores are then not a choice")
    ap.add_argument("--export", action="store_true", help="only export --out's model to ONNX")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    if args.export:
        print(f"wrote {export_onnx(Path(args.out))}")
        return 0
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    fit, dev = load_split(Path(args.shared)).dev_carve_out()
    if args.full:
        fit, args.epochs, args.patience = fit + dev, args.full, args.full
    fit_rt = [runtime_sentence(s) for s in fit]
    dev_rt = [runtime_sentence(s) for s in dev]
    if args.limit:
        fit_rt, dev_rt = fit_rt[: args.limit], dev_rt[: args.limit // 4]
    clusters = parse_clusters(_read_resource("ner-hi-clusters.tsv").decode("utf-8"))
    gazetteer = None
    if args.gazetteer:
        from search.extract.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    vocab = build_vocab(fit_rt, clusters, gazetteer)
    tag_id = {t: i for i, t in enumerate(TAGS)}

    def enc(s: RuntimeSentence):
        w, c, k = vocab.encode([t.text for t in s.tokens])
        return w, c, k, np.array([tag_id[lab] for lab in s.labels], dtype=np.int64)

    fit_enc = [enc(s) for s in fit_rt if s.tokens]
    dev_rt = [s for s in dev_rt if s.tokens]
    dev_enc = [enc(s) for s in dev_rt]
    dev_gold = [set(bio_spans(s.labels)) for s in dev_rt]
    print(f"fit {len(fit_enc):,} sentences, dev {len(dev_enc):,}; vocab {len(vocab.words):,} "
          f"words, {len(vocab.chars)} chars", flush=True)
    encoder = Encoder(len(vocab.words), len(vocab.chars), vocab.channels, hidden=args.hidden)
    crf = Crf()
    params = [*encoder.parameters(), *crf.parameters()]
    opt = torch.optim.Adam(params, lr=args.lr)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    best, best_epoch, history = -1.0, 0, []
    for epoch in range(1, args.epochs + 1):
        started, total = time.perf_counter(), 0.0
        for _chunk, w, c, k, y, m in batches(fit_enc, args.batch, rng):
            # word dropout: a known word is read as unknown now and then, so that the
            # unknown embedding learns what a new name looks like (from its characters).
            w = torch.where((torch.rand(w.shape) < 0.1) & (w > UNK), torch.full_like(w, UNK), w)
            loss = crf.nll(encoder(w, c, k), y, m)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(params, 5.0)
            opt.step()
            total += loss.item() * len(_chunk)
        f1 = dev_scores(encoder, crf, dev_enc, dev_gold)
        goal = (f1["PER"] + f1["LOC"]) / 2
        history.append({"epoch": epoch, "loss": total / len(fit_enc), **f1,
                        "seconds": time.perf_counter() - started})
        print(json.dumps(history[-1]), flush=True)
        if goal > best or args.full:
            best, best_epoch = goal, epoch
            torch.save({"encoder": encoder.state_dict(), "crf": crf.state_dict(),
                        "hidden": args.hidden}, out / "model.pt")
        elif epoch - best_epoch >= args.patience:
            break
    (out / "vocab.json").write_text(json.dumps(vocab.to_json(), ensure_ascii=False),
                                    encoding="utf-8")
    (out / "history.json").write_text(json.dumps({"best_epoch": best_epoch, "args": vars(args),
                                                  "history": history}, indent=1))
    print(f"best epoch {best_epoch}: dev (PER+LOC)/2 F1 {best:.3f}; wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
