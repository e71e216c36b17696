# relctl's developer entry points; `make help` lists them.
GO      ?= go
BIN     ?= bin/relctl
VERSION ?= 0.1.0
LDFLAGS := -X main.Version=$(VERSION)

.PHONY: help build test test-race golden fmt lint bench demo clean

help: ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

build: ## Build bin/relctl.
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/relctl

test: ## Check go.mod is tidy, vet, and run every test (under -race).
	$(GO) mod tidy -diff
	$(GO) vet ./...
	$(GO) test -race -count=1 -timeout 30m ./...

test-race: ## Run the concurrency tests repeatedly under -race.
	$(GO) test -race -count=5 ./executor/... ./state/... ./providers/...

golden: ## Refresh the golden files (review the diff before committing).
	$(GO) test -count=1 $$(grep -rl --include='*_test.go' 'sebdah/goldie' . | xargs -n1 dirname | sort -u) -update

fmt: ## Format the Go sources and the example configurations.
	gofmt -w $$(git ls-files '*.go')
	$(GO) run ./cmd/relctl fmt -chdir examples/quickstart

lint: ## Check formatting, that go.mod is tidy, and vet.
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) mod tidy -diff
	$(GO) vet ./...

bench: ## Run the benchmarks of the executor, the state and planning.
	$(GO) test -run '^$$' -bench . -benchmem ./state/ ./executor/ ./planner/ ./providers/github/

demo: build ## Release the quickstart product: plan, apply, inspect, roll back.
	bash examples/quickstart/demo.sh $(BIN)

clean: ## Remove build output and the quickstart's repositories.
	rm -rf bin examples/quickstart/work
