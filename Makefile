# Siilo: the two commands are `make run` and `make test`; README.md says the rest.
CARGO ?= cargo
SIILO := ./target/debug/siilo

.PHONY: run build client migrate demo test test-rust test-frontend chromium openapi openapi-check venv fmt fmt-check lint clean-test-dbs

## run: build the API and the web client, migrate, fill an empty database with the demo, and
## serve everything on the embedded SQLite database (data/) at http://127.0.0.1:8080
run: build client
	$(SIILO) migrate
	$(SIILO) seed-demo --if-empty
	$(SIILO) serve

# The web client is rebuilt only when its sources or the contract changed.
FRONTEND_SRC := $(shell find frontend/src frontend/public frontend/index.html frontend/package.json \
	frontend/vite.config.ts frontend/tsconfig*.json -type f 2>/dev/null) openapi/openapi.json

client: $(if $(wildcard frontend/package.json),frontend/dist/index.html)

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SRC)
	cd frontend && npm run build

## demo: fill an empty database with the demo calls, people and proposals
demo: build
	$(SIILO) seed-demo

build:
	$(CARGO) build -p siilo-server --bin siilo

migrate: build
	$(SIILO) migrate

## test: every test (the mail tests need .venv: its SMTP sink); the PostgreSQL half runs when SIILO_TEST_POSTGRES_URL is set (.ci/run sets it).
## The black-box tests wait on databases more than on the CPU, so they run four at a time.
test: openapi-check lint-api test-rust test-frontend lighthouse test-api fuzz-api bench-smoke

test-rust: venv tools/oidc-test-provider/node_modules/.package-lock.json
	@if [ -z "$$SIILO_TEST_POSTGRES_URL" ]; then \
		echo "note: SIILO_TEST_POSTGRES_URL is unset: the PostgreSQL cases are skipped"; fi
	RUST_TEST_THREADS=$${RUST_TEST_THREADS:-4} $(CARGO) test --workspace --all-targets
	@$(MAKE) --no-print-directory clean-test-dbs

# The OpenID Connect provider that the single sign-on tests (tests/api/sso.rs) run: the
# oidc-provider library, pinned in tools/oidc-test-provider/package-lock.json.
tools/oidc-test-provider/node_modules/.package-lock.json: tools/oidc-test-provider/package-lock.json
	cd tools/oidc-test-provider && npm ci --no-audit --no-fund --ignore-scripts

## test-frontend: the web client's contract check, lint, formatting, type check, unit tests, the
## first page load's JavaScript against its budget (npm run size), and the end-to-end journeys in
## Chromium against the real server (with axe on every page), which sends its email to the SMTP
## sink (.venv) and signs in with the OIDC test provider
test-frontend: build client frontend/node_modules/.package-lock.json chromium venv tools/oidc-test-provider/node_modules/.package-lock.json
	cd frontend && npm run check:api && npm run lint && npm run format:check && npm run typecheck && npm test && npm run size
	cd frontend && SIILO_BIN=$(CURDIR)/target/debug/siilo npm run e2e

# Browser tests drive Debian's Chromium; a test tool's own browser download cannot work here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## openapi: regenerate the committed contract from the code
openapi: build
	$(SIILO) openapi > openapi/openapi.json

## openapi-check: the committed contract must validate as OpenAPI 3.1 (openapi-spec-validator)
## and each of its examples must fit its schema
openapi-check: venv
	.venv/bin/openapi-spec-validator openapi/openapi.json
	.venv/bin/python tools/check_examples.py openapi/openapi.json

## venv: a Python virtualenv in .venv with the pinned tools of tools/requirements.txt
venv: .venv/.installed

.venv/.installed: tools/requirements.txt
	python3 -m venv .venv
	.venv/bin/pip install --quiet --disable-pip-version-check -r tools/requirements.txt
	touch $@

fmt:
	$(CARGO) fmt --all

fmt-check:
	$(CARGO) fmt --all -- --check

lint:
	$(CARGO) clippy --workspace --all-targets -- -D warnings

# Test databases are dropped by each test; the per-run template is dropped here.
clean-test-dbs:
	@if [ -n "$$SIILO_TEST_POSTGRES_URL" ] && command -v psql >/dev/null; then \
		for db in $$(psql "$$SIILO_TEST_POSTGRES_URL/postgres" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'siilo_tpl_%'"); do \
			psql "$$SIILO_TEST_POSTGRES_URL/postgres" -qc "DROP DATABASE IF EXISTS \"$$db\" WITH (FORCE)" >/dev/null; \
		done; fi

# --- The API for client developers (issue 15): a generated Python client, the guide's examples,
# --- the breaking-change check. Python tools live in .venv (tools/requirements.txt).
.PHONY: venv test-api api-diff api-baseline api-docs


# Optic's OpenAPI diff, pinned in tools/api-diff/package-lock.json; it needs none of its
# dependencies' install scripts (one of them only reports the download).
tools/api-diff/node_modules/.package-lock.json: tools/api-diff/package-lock.json
	cd tools/api-diff && npm ci --no-audit --no-fund --ignore-scripts

## test-api: a Python client generated from the contract walks a journey against a fresh server,
## the curl examples of docs/api.md give the answers it shows, and no breaking change slipped in
test-api: build venv tools/api-diff/node_modules/.package-lock.json
	.venv/bin/ruff check --config tools/ruff.toml tools bench && .venv/bin/ruff format --check --config tools/ruff.toml tools bench
	SIILO_BIN=$(CURDIR)/target/debug/siilo .venv/bin/python -m pytest -p no:cacheprovider tools/apitest

## api-diff: fail on a breaking change of openapi/openapi.json against openapi/baseline.json
api-diff: venv tools/api-diff/node_modules/.package-lock.json
	.venv/bin/python tools/api_diff.py check

## api-baseline: note the changes in docs/api-changelog.md and make the contract the new baseline
api-baseline: venv tools/api-diff/node_modules/.package-lock.json
	.venv/bin/python tools/api_diff.py baseline

## api-docs: regenerate the tables of error codes in docs/api.md from the server's ErrorCode
api-docs: build
	$(SIILO) error-codes --write docs/api.md

# --- Lighthouse (issue 16): the served client as a phone on a slow network meets it.
.PHONY: lighthouse

## lighthouse: Lighthouse CI on the front, call and proposal pages (seven runs each, mobile,
## simulated slow 4G) and a user flow of the call page's list scrolled with "show more" (three
## runs), against the debug server on the demo data, asserted as README.md says (the targets of
## issue 16, and where the call and proposal pages miss them); reports in tools/lighthouse/reports/.
lighthouse: build client chromium tools/lighthouse/node_modules/.package-lock.json
	cd tools/lighthouse && node run.mjs

# Lighthouse CI, pinned in tools/lighthouse/package-lock.json; it drives Debian's Chromium.
tools/lighthouse/node_modules/.package-lock.json: tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund --ignore-scripts

# --- The benchmark against the stack's own floor (issue 10): README.md "Benchmark".
.PHONY: bench bench-smoke bench-tools

# The load tool is Debian's wrk (about 5 s to install; nothing to compile); psql makes the
# PostgreSQL databases of the runs.
bench-tools:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	@command -v psql >/dev/null 2>&1 || [ -z "$$SIILO_TEST_POSTGRES_URL$$SIILO_BENCH_POSTGRES_URL" ] || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }

## bench: release builds of Siilo and its floor (bench/floor), seeded at 1,000 and 100,000
## proposals, on SQLite and, with SIILO_BENCH_POSTGRES_URL, on PostgreSQL; writes
## bench/results/latest.md and latest.json. Takes about half an hour; not part of `make test`.
bench: bench-tools
	$(CARGO) build --release -p siilo-server -p siilo-floor
	python3 bench/run.py --mode full --bin-dir target/release --out bench/results $(BENCH_ARGS)

## bench-smoke: the same driver on the debug binaries with 200 proposals and 1-second runs, on
## SQLite and, with SIILO_TEST_POSTGRES_URL, PostgreSQL: every scenario must run without errors
bench-smoke: bench-tools
	$(CARGO) build -p siilo-server -p siilo-floor
	python3 bench/run.py --mode smoke --bin-dir target/debug --out target/bench-smoke

# --- Contract fuzzing and linting (issue 10): tools/fuzz_api.py and openapi/.spectral.yaml say more.
.PHONY: fuzz-api lint-api

## fuzz-api: schemathesis (.venv) against a fresh server on a demo-filled SQLite database, as a
## participant and then as an admin: every check, every phase (stateful too), a fixed seed.
## No 5xx, every answer as openapi/openapi.json says. About three minutes; FUZZ_ARGS adds options
## (--seed, --max-examples).
fuzz-api: build venv
	.venv/bin/python tools/fuzz_api.py $(FUZZ_ARGS)

# Spectral and the OWASP API ruleset, pinned in tools/spectral/package-lock.json; nothing needs
# their install scripts (one only reports the download).
tools/spectral/node_modules/.package-lock.json: tools/spectral/package-lock.json
	cd tools/spectral && npm ci --no-audit --no-fund --ignore-scripts

## lint-api: Spectral's OpenAPI rules and the OWASP API Security Top 10 ruleset on the contract;
## openapi/.spectral.yaml says why each rule that is off is off. Warnings fail too.
lint-api: tools/spectral/node_modules/.package-lock.json
	tools/spectral/node_modules/.bin/spectral lint --ruleset openapi/.spectral.yaml --fail-severity warn \
		--display-only-failures openapi/openapi.json
