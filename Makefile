# One command per task; CI calls the same commands.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
OUT ?= out

.PHONY: install install-train train-semeval train-checkworthy train-multitask train-factcheck demo test check lint eval bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)  ## install claimscope and the test tools into .venv

install-train: install  ## add the training tools (CPU torch from the local wheel first, never a CUDA build)
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -e '.[train]'

SEMEVAL_TRAIN := $(PY) -m claimscope.training.semeval --epochs 1 --en-negatives 0.3
train-semeval: install-train  ## retrain the shipped SemEval model (4 one-epoch steps, then export, int8, calibration)
	$(SEMEVAL_TRAIN) --work $(OUT)/semeval-train1 --skip-export --lr 1.2e-4
	$(SEMEVAL_TRAIN) --work $(OUT)/semeval-train2 --skip-export --lr 5e-5 --head-lr 3e-4 --init $(OUT)/semeval-train1/epoch0.pt
	$(SEMEVAL_TRAIN) --work $(OUT)/semeval-train3 --skip-export --lr 3e-5 --head-lr 1e-4 --init $(OUT)/semeval-train2/epoch0.pt
	$(SEMEVAL_TRAIN) --work $(OUT)/semeval-train4 --out src/claimscope/models/semeval --lr 2e-5 --head-lr 5e-5 --init $(OUT)/semeval-train3/epoch0.pt

CHECKWORTHY := nice -n 10 $(PY) -m claimscope.training.checkworthy_shared
train-checkworthy: install  ## retrain the check-worthiness head on the shared SemEval encoder (resumable, work in out/checkworthy-shared)
	$(CHECKWORTHY) encode
	$(CHECKWORTHY) cv --heads emb-logreg,word-logreg,emb-logreg+word-logreg@0.5
	$(CHECKWORTHY) cv --repeats 1 --heads emb-logreg-evalctx,emb-logreg-ctx
	$(CHECKWORTHY) fit --encoder-head emb-logreg --lexical word-logreg --weight 0.5 --context-head emb-logreg-ctx --save

MULTITASK := $(PY) -m claimscope.training.multitask
train-multitask: install-train  ## fine-tune the shared encoder on techniques + check-worthiness, recalibrate, then choose the check-worthiness head on the held-out block
	@# the starting point is the techniques-only student shipped before the multi-task model
	mkdir -p $(OUT)/student-s12 && git show fb9fbed:src/claimscope/models/semeval/encoder.onnx > $(OUT)/student-s12/encoder.onnx
	$(MULTITASK) train --work $(OUT)/multitask --init-model $(OUT)/student-s12 --lr 3e-5 --cw-epochs 1 --resume
	$(MULTITASK) export --work $(OUT)/multitask --out $(OUT)/multitask-model
	rm -rf src/claimscope/models/semeval && cp -r $(OUT)/multitask-model src/claimscope/models/semeval
	$(PY) -m claimscope.training.checkworthy_select --work $(OUT)/multitask --save

CE := $(PY) -m claimscope.training.cross_encoder --work $(OUT)/cross-encoder
train-factcheck: install-train  ## retrain the fact-check re-ranker, the cross-encoder (5 folds + final, about an hour on 2 cores) and the match model
	$(PY) -m claimscope.factcheck.training
	$(CE) oof
	$(CE) final
	$(CE) export
	$(PY) -m claimscope.factcheck.training --cross-encoder $(OUT)/cross-encoder

demo: install  ## analyse the bundled example article: JSON, HTML and Markdown reports in out/
	@mkdir -p $(OUT)
	$(VENV)/bin/claimscope analyze examples/seed-article.html --format json -o $(OUT)/seed-article.json
	$(VENV)/bin/claimscope render $(OUT)/seed-article.json --format html -o $(OUT)/seed-article.html
	$(VENV)/bin/claimscope render $(OUT)/seed-article.json --format md -o $(OUT)/seed-article.md
	@cat $(OUT)/seed-article.md
	@echo "Reports written to $(OUT)/seed-article.{json,html,md}"

test: install  ## run the test suite (exit 5, no tests collected, counts as a failure)
	$(PY) -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; exit $$status

lint: install
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts

check: lint test

bench: install  ## print speed and memory figures
	$(PY) scripts/bench.py

clean:
	rm -rf $(OUT) .pytest_cache build dist
