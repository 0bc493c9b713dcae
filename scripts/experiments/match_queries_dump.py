"""Experiment helper (issue 10): write the match queries the training's match CV uses, for the cross-encoder scripts.

Run from the repo root after `python -m claimscope.factcheck.training` has cached its rows in out/factcheck-cache:
`python scripts/experiments/match_queries_dump.py` writes out/fc-scratch/mono_q.pkl (train + dev tweets, out-of-fold
re-ranker scores, first half with the gold review in the store, second half without: exactly the `mono_q` of
`training.train_match_decision`) and out/fc-scratch/test_q.pkl (dev-test, the re-ranker fitted on train + dev).
"""

import pickle
from pathlib import Path

from claimscope.factcheck import match_training as mt
from claimscope.factcheck import training as T
from claimscope.factcheck.features import FEATURES
from claimscope.factcheck.match_features import UseSimilarity
from claimscope.training.cross_encoder import _rows

cache = Path("out/factcheck-cache")
folder = Path("../shared/data") / T.TASK
rows, neg = _rows(Path("../shared/data"), cache)  # the training's cached query rows
pool, neg_pool = rows["train"] + rows["dev"], neg["train"] + neg["dev"]
cv = T.cross_validate(pool, neg_pool)
oof_mono, _, oof_neg_mono, _ = cv["oof"]
vclaims = T.read_vclaims(folder)
texts = {v["vclaim_id"]: (v["vclaim"], v.get("title") or "") for v in vclaims}
use, fields = UseSimilarity(), T.FieldE5(vclaims, cache=cache)
mono_q = mt.match_queries(
    pool + neg_pool, list(oof_mono) + list(oof_neg_mono), texts, list(range(len(pool))) * 2, use, fields
)
mono = T.fit_linear(pool, FEATURES)
test_both = rows["dev-test"] + neg["dev-test"]
test_q = mt.match_queries(
    test_both,
    [mono.probabilities(r.features) for r in test_both],
    texts,
    list(range(len(rows["dev-test"]))) * 2,
    use,
    fields,
)
out = Path("out/fc-scratch")
out.mkdir(parents=True, exist_ok=True)
(out / "mono_q.pkl").write_bytes(pickle.dumps(mono_q))
(out / "test_q.pkl").write_bytes(pickle.dumps(test_q))
print(f"{len(mono_q)} train+dev queries, {len(test_q)} dev-test queries written to {out}")
