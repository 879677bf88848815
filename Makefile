# Siilo: the two commands are `make run` and `make test`; README.md says the rest.
CARGO ?= cargo
SIILO := ./target/debug/siilo

.PHONY: run build migrate test test-rust openapi openapi-check fmt fmt-check lint clean-test-dbs

## run: build, migrate and serve on the embedded SQLite database (data/), at http://127.0.0.1:8080
run: build
	$(SIILO) migrate
	$(SIILO) serve

build:
	$(CARGO) build -p siilo-server --bin siilo

migrate: build
	$(SIILO) migrate

## test: every test; the PostgreSQL half runs when SIILO_TEST_POSTGRES_URL is set (.ci/run sets it)
test: test-rust

test-rust:
	@if [ -z "$$SIILO_TEST_POSTGRES_URL" ]; then \
		echo "note: SIILO_TEST_POSTGRES_URL is unset: the PostgreSQL cases are skipped"; fi
	$(CARGO) test --workspace --all-targets
	@$(MAKE) --no-print-directory clean-test-dbs

## openapi: regenerate the committed contract from the code
openapi: build
	$(SIILO) openapi > openapi/openapi.json

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
