"""Check the gold sets (JSON, enums, exact substrings) and print their counts.

Usage: python tests/eval/gold/check_gold.py [--counts]
(claims.jsonl, claims-unseen.jsonl and entities.jsonl; ``--counts`` counts the first and the last.)
Exit status 1 when an error is found.
"""

import collections
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
STYLES = {
    "wire",
    "investigative",
    "partisan",
    "opinion",
    "tabloid",
    "live-blog",
    "press-release",
    "interview",
    "explainer",
    "social",
}
STATUSES = ["asserted", "attributed", "hedged", "unconfirmed", "denied", "questioned"]
KINDS = ["named_outlet", "named_person", "named_organization", "unnamed", "document", "embedded_post"]
LABELS = ("PER", "ORG", "LOC", "MISC")
# claims-unseen.jsonl quotes public text: its items name the kind of text, not a project style
TEST_PART_FROM = 15  # the first batch drawn with a test part of its own
UNSEEN_STYLES = {"reporting", "opinion", "debate", "satire"}


def load(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_claims(items, err, warn, *, unseen=False):
    ids = set()
    for item in items:
        i = item["id"]
        if i in ids:
            err.append(f"duplicate id {i}")
        ids.add(i)
        # "note": why a label was changed after the item was first committed (docs/claims-guideline.md, 6)
        keys = set(item) - {"note"}
        if unseen:
            if keys != {"id", "lang", "style", "split", "origin", "text", "sentences"} | ({"batch"} & keys):
                err.append(f"{i}: keys {sorted(item)}")
            if item.get("split") not in ("dev", "test"):
                err.append(f"{i}: split {item.get('split')}")
            # batches 2-14 are all dev; from batch 15 on a batch keeps its own test part (random draw, 45 %)
            if "batch" in item and (
                not isinstance(item["batch"], int) or (item["split"] != "dev" and item["batch"] < TEST_PART_FROM)
            ):
                err.append(f"{i}: batch {item['batch']} (batches 2-{TEST_PART_FROM - 1} are dev)")
            if not isinstance(item.get("origin"), dict) or not item["origin"].get("dataset"):
                err.append(f"{i}: origin")
        elif keys != {"id", "lang", "style", "text", "sentences"}:
            err.append(f"{i}: keys {sorted(item)}")
        if "note" in item and not (isinstance(item["note"], str) and item["note"].strip()):
            err.append(f"{i}: empty note")
        prefix = ("u" if unseen else "") + item["lang"] + "-"
        if item["lang"] not in ("fr", "en") or not i.startswith(prefix):
            err.append(f"{i}: lang")
        if item["style"] not in (UNSEEN_STYLES if unseen else STYLES):
            err.append(f"{i}: style {item['style']}")
        text, pos = item["text"], 0
        if not 1 <= len(item["sentences"]) <= 3:
            warn.append(f"{i}: {len(item['sentences'])} sentences")
        for s in item["sentences"]:
            if set(s) != {"text", "claim", "status", "sources", "cues"}:
                err.append(f"{i}: sentence keys {sorted(s)}")
            k = text.find(s["text"], pos)
            if k < 0:
                err.append(f"{i}: sentence not in text (in order): {s['text']}")
            else:
                pos = k + len(s["text"])
            if s["claim"] is True:
                if s["status"] not in STATUSES:
                    err.append(f"{i}: status {s['status']}")
                elif s["status"] != "asserted" and not s["cues"]:
                    err.append(f"{i}: {s['status']} without cues")
                if s["status"] == "attributed" and not s["sources"]:
                    warn.append(f"{i}: attributed without a source")
            elif s["claim"] is False:
                if s["status"] is not None or s["sources"] or s["cues"]:
                    err.append(f"{i}: non-claim with status, sources or cues")
            else:
                err.append(f"{i}: claim is not a boolean")
            for src in s["sources"]:
                if src["kind"] not in KINDS:
                    err.append(f"{i}: source kind {src['kind']}")
                if src["name"] not in text:
                    err.append(f"{i}: source name not in text: {src['name']}")
            for cue in s["cues"]:
                if cue not in text:
                    err.append(f"{i}: cue not in text: {cue}")
        if text.replace(" ", "") != "".join(s["text"] for s in item["sentences"]).replace(" ", ""):
            err.append(f"{i}: sentences do not cover the text")


def check_entities(items, err, warn):
    ids = set()
    for item in items:
        i = item["id"]
        if i in ids:
            err.append(f"duplicate id {i}")
        ids.add(i)
        if set(item) != {"id", "lang", "text", "entities"}:
            err.append(f"{i}: keys {sorted(item)}")
        text, owner = item["text"], {}
        for e in item["entities"]:
            if set(e) != {"name", "label", "qid", "mentions"}:
                err.append(f"{i}: entity keys {sorted(e)}")
            if e["label"] not in LABELS:
                err.append(f"{i}: label {e['label']}")
            qid = e["qid"]
            if qid is not None and not (qid.startswith("Q") and qid[1:].isdigit()):
                err.append(f"{i}: qid {qid}")
            if not e["mentions"] or len(set(e["mentions"])) != len(e["mentions"]):
                err.append(f"{i}: empty or repeated mentions for {e['name']}")
            for m in e["mentions"]:
                if m not in text:
                    err.append(f"{i}: mention not in text: {m}")
                if m in owner:
                    err.append(f"{i}: form {m!r} given to two entities")
                owner[m] = e["name"]
        if not any(len(e["mentions"]) > 1 for e in item["entities"]):
            warn.append(f"{i}: no entity with variant spellings (confusables only)")
        masked = text
        for m in sorted(owner, key=len, reverse=True):
            if m not in masked:
                err.append(f"{i}: form {m!r} only occurs inside a longer mention")
            masked = masked.replace(m, "\0" * len(m))


def _row(cells):
    return "| " + " | ".join(str(c) for c in cells) + " |"


def counts(claims, ents):
    out = ["### claims.jsonl", "", _row(["", "fr", "en", "total"]), _row(["---"] * 4)]

    def per(items, fn):
        v = [fn([x for x in items if x["lang"] == lang]) for lang in ("fr", "en")]
        return [*v, v[0] + v[1]]

    def sents(items):
        return [s for x in items for s in x["sentences"]]

    def ents_of(items):
        return [e for x in items for e in x["entities"]]

    out.append(_row(["items", *per(claims, len)]))
    out.append(_row(["sentences", *per(claims, lambda its: len(sents(its)))]))
    out.append(_row(["claim sentences", *per(claims, lambda its: sum(s["claim"] for s in sents(its)))]))
    out.append(_row(["non-claim sentences", *per(claims, lambda its: sum(not s["claim"] for s in sents(its)))]))
    for st in STATUSES:
        out.append(
            _row([f"status `{st}`", *per(claims, lambda its, st=st: sum(s["status"] == st for s in sents(its)))])
        )
    for k in KINDS:
        out.append(
            _row(
                [
                    f"source kind `{k}` (per sentence)",
                    *per(claims, lambda its, k=k: sum(x["kind"] == k for s in sents(its) for x in s["sources"])),
                ]
            )
        )
    out.append(
        _row(
            [
                "claims with a source",
                *per(claims, lambda its: sum(bool(s["sources"]) for s in sents(its) if s["claim"])),
            ]
        )
    )
    out.append(_row(["cue strings", *per(claims, lambda its: sum(len(s["cues"]) for s in sents(its)))]))
    fr = [x for x in claims if x["lang"] == "fr"]
    curly = sum("\u2019" in x["text"] for x in fr)
    straight = sum("'" in x["text"] for x in fr)
    out += ["", f"French items with the typographic apostrophe: {curly}; with the straight one: {straight}.", ""]
    out += ["Items per style:", "", _row(["style", "fr", "en"]), _row(["---"] * 3)]
    for st, _ in collections.Counter(x["style"] for x in claims).most_common():
        out.append(_row([st, *[sum(x["style"] == st and x["lang"] == lang for x in claims) for lang in ("fr", "en")]]))
    out += ["", "### entities.jsonl", "", _row(["", "fr", "en", "total"]), _row(["---"] * 4)]
    out.append(_row(["texts", *per(ents, len)]))
    out.append(_row(["entities", *per(ents, lambda its: len(ents_of(its)))]))
    out.append(
        _row(
            [
                "entities with 2+ surface forms",
                *per(ents, lambda its: sum(len(e["mentions"]) > 1 for e in ents_of(its))),
            ]
        )
    )
    out.append(_row(["surface forms", *per(ents, lambda its: sum(len(e["mentions"]) for e in ents_of(its)))]))
    out.append(
        _row(
            [
                "same-entity form pairs",
                *per(ents, lambda its: sum(len(e["mentions"]) * (len(e["mentions"]) - 1) // 2 for e in ents_of(its))),
            ]
        )
    )
    out.append(_row(["entities with a QID", *per(ents, lambda its: sum(e["qid"] is not None for e in ents_of(its)))]))
    for lab in LABELS:
        out.append(
            _row([f"label {lab}", *per(ents, lambda its, lab=lab: sum(e["label"] == lab for e in ents_of(its)))])
        )
    return "\n".join(out)


def main(argv):
    err, warn = [], []
    claims, ents = load(HERE / "claims.jsonl"), load(HERE / "entities.jsonl")
    check_claims(claims, err, warn)
    unseen = HERE / "claims-unseen.jsonl"
    if unseen.is_file():
        check_claims(load(unseen), err, warn, unseen=True)
    check_entities(ents, err, warn)
    for w in warn:
        print("WARN", w)
    for e in err:
        print("ERR", e)
    print(len(err), "errors,", len(warn), "warnings")
    if "--counts" in argv:
        print(counts(claims, ents))
    return 1 if err else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
