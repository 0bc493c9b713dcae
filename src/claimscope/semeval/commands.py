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
@click.option(
    "--repeats",
    type=int,
    default=5,
    show_default=True,
    help="train-cv: repeats of the grouped 5-fold CV (the spread printed is over folds and repeats)",
)
@click.option(
    "--spans",
    "with_spans",
    is_flag=True,
    help="also score the technique highlights: span F1 on the held-out train articles' span gold and on PTC",
)
@click.option(
    "--ptc",
    "ptc_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="with --spans: the ptc-semeval2020t11 folder (default: next to the semeval2023t3 folder)",
)
@click.option("--json", "as_json", is_flag=True, help="print JSON instead of a table")
def eval_command(
    data_dir: Path | None,
    langs: Sequence[str],
    split: str,
    subtasks: Sequence[str],
    cache: Path,
    threads: int,
    repeats: int,
    with_spans: bool,
    ptc_dir: Path | None,
    as_json: bool,
) -> None:
    """Score the shipped SemEval model: macro-F1 (subtask 1), micro- and macro-F1 (subtasks 2, 3).

    With ``--split train-cv`` the model's own selection procedure is re-run inside repeated grouped
    CV (group = article): techniques over the held-out train articles (the only ones the encoder
    was not fine-tuned on), genre and frames over every train article; mean ± std over folds and
    repeats. ``--spans`` adds span F1 (SemEval-2020 Task 11 scorer) of the highlights.
    """
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
        cv = technique_cv(pred, arts, enc, repeats=repeats) if split == "train-cv" else {}
        for lg in langs:
            mine = [a for a in arts if a.lang == lg]
            if not mine:
                continue
            gold, out = _techniques_by_paragraph(pred, mine, enc, pred.thresholds)
            res[lg] = score_multilabel(gold, out, TECHNIQUES).to_dict()
            if lg in cv:
                res[lg].update({f"cv_{k}": v for k, v in cv[lg].items()})
        if "all" in cv and len(langs) > 1:
            res["all"] = {"micro_f1": float("nan"), "macro_f1": float("nan"), "n": len(arts)}
            res["all"].update({f"cv_{k}": v for k, v in cv["all"].items()})
        results["subtask3_paragraph"] = res
    if split == "train-cv" and {"1", "2"} & set(subtasks):
        from claimscope.training.article_classifiers import report

        metrics = report(articles, {k: v.vector for k, v in enc.items()}, pred.config["article_model"], repeats=repeats)
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
    if with_spans:
        from claimscope.semeval.spans import evaluate_spans

        held = set(pred.config["dev_articles"])
        span_arts = [a for a in articles if a.id in held and a.labels and a.lang in langs]
        ptc = ptc_dir or data.parent / "ptc-semeval2020t11"
        results["spans"] = evaluate_spans(pred, span_arts, ptc if "en" in langs else None, cache)
    if as_json:
        click.echo(json.dumps(results, indent=1))
    else:
        for task, by_lang in results.items():
            click.echo(task)
            for lg, s in by_lang.items():
                click.echo(f"  {lg}  {_format_scores(s)}")
    click.echo(f"({time.time() - t0:.0f} s)", err=True)


def _format_scores(s: dict) -> str:  # type: ignore[type-arg]
    """One line: the score, then ``cv mean ± std (folds) / pooled mean ± std (repeats)`` when present."""
    if "si" in s:
        parts = [f"SI span F1 {s['si']['f1']:.4f} (P {s['si']['precision']:.3f} R {s['si']['recall']:.3f})"]
        if "labelled" in s:
            parts.append(f"technique-aware span F1 {s['labelled']['f1']:.4f}")
        parts.append(f"articles {s['articles']}  highlights/1000 words {s['highlights_per_1000_words']}")
        return "  ".join(parts) + (f"  ({s['note']})" if s.get("note") else "")
    out = []
    if s.get("micro_f1") == s.get("micro_f1"):  # not NaN
        out.append(f"micro-F1 {s['micro_f1']:.4f}  macro-F1 {s['macro_f1']:.4f}")
    out.append(f"n {s['n']}")
    for key in ("cv_", "cv_macro_"):
        if f"{key}mean" in s:
            what = "macro-F1" if key == "cv_macro_" else "micro-F1"
            out.append(
                f"CV {what} {s[key + 'mean']:.4f} ± {s[key + 'std']:.4f} over {s[key + 'folds']} folds"
                f" (pooled per repeat {s[key + 'pooled_mean']:.4f} ± {s[key + 'pooled_std']:.4f})"
            )
    return "  ".join(out)


def technique_cv(
    pred: SemevalPredictor, arts: Sequence[SemevalArticle], enc: dict[str, EncodedArticle], *, repeats: int = 5
) -> dict[str, dict[str, float]]:
    """Repeated grouped 5-fold CV of the calibration's choices (blend weight, thresholds) over ``arts``.

    In each fold the weight and the thresholds are re-chosen on the other folds' articles exactly as
    ``claimscope.training.calibrate`` chooses them (``config.json:threshold_strategy``); lexicon
    matches flag their paragraph as in the predictor. Folds come from
    ``claimscope.training.thresholds.repeated_article_folds`` (grouped by article, spread per language).
    """
    from claimscope.semeval.lexicon import find_lexicon_spans
    from claimscope.training.thresholds import repeated_cv
    from claimscope.training.use_head import selection_policy

    e, u, g, lg, art, forced = [], [], [], [], [], []
    force = bool(pred.config.get("lexicon_force", False))
    for a in arts:
        ea = enc[a.id]
        use = ea.use_probs if ea.use_probs is not None else ea.encoder_probs
        for i, p in enumerate(a.paragraphs):
            if p.number not in a.labels:
                continue
            e.append(ea.encoder_probs[i])
            u.append(use[i])
            g.append([t in a.labels[p.number] for t in TECHNIQUES])
            f = np.zeros(len(TECHNIQUES), bool)
            if force:
                for name, _, _ in find_lexicon_spans(a.text, p.start, p.end):
                    f[TECHNIQUES.index(name)] = True
            forced.append(f)
            lg.append(a.lang)
            art.append(a.id)
    if not g:
        return {}
    enc_p, use_p, gold = np.stack(e), np.stack(u), np.asarray(g, dtype=np.float32)
    strategy = pred.config.get("threshold_strategy", "global")
    weights = tuple(pred.config.get("use_blend_grid", (0.0, 0.1, 0.2, 0.3, 0.4, 0.5))) if pred.blends_use else (0.0,)
    policy = selection_policy(enc_p, use_p, gold, strategy=strategy, weights=weights, forced=np.stack(forced))
    return repeated_cv(policy, gold, np.asarray(lg), np.asarray(art), repeats=repeats)


def _classified(pred: SemevalPredictor, enc: EncodedArticle) -> ArticlePrediction:
    ap = ArticlePrediction()
    pred.classify(enc.vector, ap)
    return ap


command = eval_command
