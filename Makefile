# PES Assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help
RASA := .venv-rasa/bin
SVC := .venv-svc/bin
MODEL = $(shell $(SVC)/python -m tools.train --print-path)
RESULTS := var/test-results

.PHONY: help setup run shell train validate lint typecheck test test-backend test-actions \
        test-nlu test-conversations test-e2e eval bench clean telegram-webhook

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

setup: ## create or refresh both Python environments from the lock files
	@scripts/bootstrap.sh

run: setup ## migrate, seed, train if needed, start everything (Ctrl-C stops it)
	@$(SVC)/python -m tools.run

shell: ## chat with the running assistant in this terminal
	@$(SVC)/python -m tools.chat

train: setup ## train the model if domain/, locales/, data/, bot/ or config.yml changed
	@$(SVC)/python -m tools.train

validate: setup ## rasa data validate; warnings fail unless an action utters the response
	$(SVC)/python -m tools.validate

lint: setup ## ruff (lint and format check) over the project
	$(SVC)/ruff check .
	$(SVC)/ruff format --check .

typecheck: setup ## mypy on each side in its own environment
	$(SVC)/mypy backend tools console
	$(RASA)/mypy --python-version 3.10 actions bot connectors

test-backend: setup ## back-end on SQLite and PostgreSQL, boundaries between the sides
	$(SVC)/pytest -q tests/backend tests/architecture tests/console

test-actions: setup ## actions and NLU components (unit and against a started back-end)
	$(RASA)/pytest -q tests/actions tests/bot tests/connectors

test-nlu: train ## NLU quality on the held-out English set
	PES_TEST_MODEL=$(MODEL) $(RASA)/pytest -q tests/nlu

test-conversations: train ## rasa test stories for every journey
	$(RASA)/rasa test core --model $(MODEL) --stories tests/conversations \
	    --fail-on-prediction-errors --out $(RESULTS)/core

test-e2e: train ## the started system over its REST channel, checked against the back-end
	PES_TEST_MODEL=$(MODEL) $(SVC)/pytest -q tests/e2e

test: lint typecheck validate test-backend test-actions test-nlu test-conversations test-e2e ## the whole suite
	@echo "all test stages passed"

eval: train ## intent F1 and language identification per language -> reports/nlu_eval.md
	$(RASA)/python -m tools.nlu_eval --model $(MODEL) --out reports

bench: train ## load benchmark: 50 simulated users over the REST channel (six languages vs English only)
	$(SVC)/python -m tools.train --english-only
	$(SVC)/python -m tools.bench --model $(MODEL) --baseline $(shell $(SVC)/python -m tools.train --print-path --english-only)

telegram-webhook: ## point Telegram at TELEGRAM_WEBHOOK_URL (needs TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_SECRET)
	@test -n "$(TELEGRAM_WEBHOOK_URL)" || { echo "set TELEGRAM_WEBHOOK_URL, e.g. https://pes.example.org/webhooks/telegram/webhook" >&2; exit 2; }
	SQLALCHEMY_SILENCE_UBER_WARNING=1 $(RASA)/python -m connectors.telegram set-webhook --url "$(TELEGRAM_WEBHOOK_URL)"

clean: ## remove models, results and local databases (not the environments)
	rm -rf models var/test-results results .pytest_cache
