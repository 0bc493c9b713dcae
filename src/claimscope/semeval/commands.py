"""CLI: ``claimscope semeval predict`` (official file formats) and ``claimscope eval semeval``."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

import click
import numpy as np

from claimscope.semeval.cache import EncodedArticle, encode_articles
from claimscope.semeval.data import (
    FRAMES,
    LANGUAGES,
    TECHNIQUES,
    SemevalArticle,
    default_data_dir,
    load_split,
    read_articles,
    read_template,
    split_paragraphs,
    write_frames,
    write_genres,
    write_techniques,
)
from claimscope.semeval.predictor import MODEL_DIR, ArticlePrediction, SemevalPredictor
from claimscope.semeval.scoring import score_multiclass, score_multilabel


@click.group(name="semeval")
def semeval() -> None:
    """SemEval-2023 Task 3: genre (1), frames (2), persuasion techniques (3)."""


@semeval.command(name="predict")
@click.option("--subtask", type=click.Choice(["1", "2", "3"]), required=True, help="1 genre, 2 frames, 3 techniques")
@click.option(
    "--articles",
    "articles_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="folder of article{ID}.txt files",
)
@click.option(
    "--template",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="subtask 3: the task's .template file (paragraph ids); default: non-empty lines",
)
@click.option(
    "--lang",
    default=None,
    help="ISO 639-1 language of the articles (fr, en, de, it, pl, ru, ...); default: detected per article",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--threads", type=int, default=1, show_default=True)
def predict_command(
    subtask: str, articles_dir: Path, template: Path | None, lang: str | None, output: Path, threads: int
) -> None:
    """Write predictions for a SemEval-2023 Task 3 folder in the task's official format."""
    from claimscope.nlp.language import detect_language

    texts = read_articles(articles_dir)
    pred = SemevalPredictor(MODEL_DIR, threads=threads)
    wanted: dict[str, list[int]] | None = None
    if template is not None:
        wanted = {}
        for aid, num, _ in read_template(template):
            wanted.setdefault(aid, []).append(num)
    genres, frames, rows = {}, {}, []
    for aid, text in texts.items():
        if wanted is not None and subtask == "3" and aid not in wanted:
            continue
        paras = split_paragraphs(text)
        article_lang = lang or detect_language(text).language
        out = pred.predict(text, [(p.start, p.end) for p in paras], lang=article_lang)
        genres[aid] = out.genre
        frames[aid] = out.frames_predicted
        if subtask == "3":
            assert out.paragraph_probs is not None
            by_num = {p.number: i for i, p in enumerate(paras)}
            nums = wanted[aid] if wanted is not None else [p.number for p in paras]
            for num in nums:
                i = by_num.get(num)
                labels = (
                    []
                    if i is None
                    else [TECHNIQUES[k] for k in np.flatnonzero(out.paragraph_probs[i] >= pred.thresholds)]
                )
                rows.append((aid, num, labels))
    if subtask == "1":
        write_genres(output, genres)
    elif subtask == "2":
        write_frames(output, frames)
    else:
        write_techniques(output, rows)
    click.echo(f"wrote {output} ({len(texts)} articles)", err=True)


def _techniques_by_paragraph(
    pred: SemevalPredictor,
    articles: Sequence[SemevalArticle],
    enc: dict[str, EncodedArticle],
    th: np.ndarray,
) -> tuple[dict, dict]:  # type: ignore[type-arg]
    from claimscope.semeval.lexicon import find_lexicon_spans

    gold, out = {}, {}
    force = bool(pred.config.get("lexicon_force", False))
    for a in articles:
        probs = enc[a.id].probs
        for i, p in enumerate(a.paragraphs):
            if p.number not in a.labels:
                continue
            row = probs[i].copy()
            if force:
                for name, _, _ in find_lexicon_spans(a.text, p.start, p.end):
                    k = TECHNIQUES.index(name)
                    row[k] = max(row[k], th[k])
            gold[(a.id, p.number)] = a.labels[p.number]
            out[(a.id, p.number)] = [TECHNIQUES[k] for k in np.flatnonzero(row >= th)]
    return gold, out


@click.command(name="semeval")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="the semeval2023t3 folder (default: $CLAIMSCOPE_DATA/semeval2023t3)",
)
@click.option("--lang", "langs", multiple=True, type=click.Choice(LANGUAGES), help="default: all six")
@click.option(
    "--split",
    default="train-cv",
    show_default=True,
    help="train-cv: the model's held-out train articles (techniques) and 5-fold CV (genre, frames); "
    "or any split name with gold in the folder (train, dev)",
)
@click.option("--subtask", "subtasks", multiple=True, type=click.Choice(["1", "2", "3"]), help="default: all")
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out/cache"),
    show_default=True,
    help="where encoded articles are cached (keyed by the model's hash)",
)
@click.option("--threads", type=int, default=2, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="print JSON instead of a table")
def eval_command(
    data_dir: Path | None,
    langs: Sequence[str],
    split: str,
    subtasks: Sequence[str],
    cache: Path,
    threads: int,
    as_json: bool,
) -> None:
    """Score the shipped SemEval model: macro-F1 (subtask 1), micro- and macro-F1 (subtasks 2, 3)."""
    from claimscope.errors import ConfigError

    data = data_dir or default_data_dir()
    if not (data / "data").is_dir():
        raise ConfigError("E204", path=str(data), detail="expected the semeval2023t3 bundle (data/{lang}/...)")
    langs = tuple(langs) or LANGUAGES
    subtasks = tuple(subtasks) or ("1", "2", "3")
    t0 = time.time()
    pred = SemevalPredictor(MODEL_DIR, threads=threads)
    base = "train" if split == "train-cv" else split
    # train-cv needs every language for the genre/frames CV (the classifiers are multilingual)
    load_langs = LANGUAGES if split == "train-cv" else langs
    articles = [a for lg in load_langs for a in load_split(data, lg, base)]
    if split == "train-cv" and subtasks == ("3",):
        held = set(pred.config["dev_articles"])
        articles = [a for a in articles if a.id in held]
    enc = encode_articles(pred, articles, cache)
    results: dict[str, dict[str, dict[str, float]]] = {}
    if "3" in subtasks:
        arts = [a for a in articles if a.labels and (split != "train-cv" or a.id in set(pred.config["dev_articles"]))]
        res: dict[str, dict[str, float]] = {}
        crossfit = _crossfit(pred, arts, enc) if split == "train-cv" else {}
        for lg in langs:
            mine = [a for a in arts if a.lang == lg]
            if not mine:
                continue
            gold, out = _techniques_by_paragraph(pred, mine, enc, pred.thresholds)
            res[lg] = score_multilabel(gold, out, TECHNIQUES).to_dict()
            if split == "train-cv":
                cf = {k: v for k, v in crossfit.items() if k[0] in {a.id for a in mine}}
                res[lg]["micro_f1_crossfit"] = round(score_multilabel(gold, cf, TECHNIQUES).micro_f1, 4)
        results["subtask3_paragraph"] = res
    if split == "train-cv" and {"1", "2"} & set(subtasks):
        from claimscope.training.article_classifiers import report

        metrics = report(articles, {k: v.vector for k, v in enc.items()}, pred.config["article_model"])
        if "1" in subtasks:
            results["subtask1_genre_cv"] = {lg: v for lg, v in metrics["genre_cv"].items() if lg in langs}
        if "2" in subtasks:
            results["subtask2_frames_cv"] = {lg: v for lg, v in metrics["frames_cv"].items() if lg in langs}
    elif {"1", "2"} & set(subtasks):
        for lg in langs:
            mine = [a for a in articles if a.lang == lg]
            g = {a.id: a.genre for a in mine if a.genre}
            f = {a.id: list(a.frames) for a in mine if a.frames is not None}
            if "1" in subtasks and g:
                p = {aid: _classified(pred, enc[aid]).genre for aid in g}
                results.setdefault("subtask1_genre", {})[lg] = score_multiclass(g, p).to_dict()
            if "2" in subtasks and f:
                p2 = {aid: _classified(pred, enc[aid]).frames_predicted for aid in f}
                results.setdefault("subtask2_frames", {})[lg] = score_multilabel(f, p2, FRAMES).to_dict()
    if as_json:
        click.echo(json.dumps(results, indent=1))
    else:
        for task, by_lang in results.items():
            click.echo(task)
            for lg, s in by_lang.items():
                extra = "".join(f"  {k} {v}" for k, v in s.items() if k not in ("micro_f1", "macro_f1", "n"))
                click.echo(f"  {lg}  micro-F1 {s['micro_f1']:.4f}  macro-F1 {s['macro_f1']:.4f}  n {s['n']}{extra}")
    click.echo(f"({time.time() - t0:.0f} s)", err=True)


def _crossfit(pred: SemevalPredictor, arts: Sequence[SemevalArticle], enc: dict) -> dict:  # type: ignore[type-arg]
    """Predictions with thresholds chosen on the other half of the held-out articles (2 folds).

    The thresholds are chosen as the model's were (``config.json:threshold_strategy``); the USE
    blend weight stays the shipped one here (the model card's figure also re-chooses it per half).
    """
    from claimscope.training.thresholds import STRATEGIES

    choose = STRATEGIES[pred.config.get("threshold_strategy", "per_technique")]
    ids = sorted(a.id for a in arts)
    fold = {aid: i % 2 for i, aid in enumerate(ids)}
    gold_all, out_all = {}, {}
    for f in (0, 1):
        train = [a for a in arts if fold[a.id] != f]
        test = [a for a in arts if fold[a.id] == f]
        probs, gold = [], []
        for a in train:
            for i, p in enumerate(a.paragraphs):
                if p.number in a.labels:
                    probs.append(enc[a.id].probs[i])
                    gold.append([t in a.labels[p.number] for t in TECHNIQUES])
        th, _ = choose(np.stack(probs), np.asarray(gold, dtype=np.float32))
        g, o = _techniques_by_paragraph(pred, test, enc, th)
        gold_all.update(g)
        out_all.update(o)
    return out_all


def _classified(pred: SemevalPredictor, enc: EncodedArticle) -> ArticlePrediction:
    ap = ArticlePrediction()
    pred.classify(enc.vector, ap)
    return ap


command = eval_command
