// Package api serves the question answering engine over HTTP with Gin: a
// JSON API under /v1 (ask, search, documents, suggest), health and readiness
// probes, Prometheus metrics, an OpenAPI 3 description of itself, and a
// WeChat 公众号 message endpoint.
//
// The package declares the small interfaces it needs (Answerer, Searcher,
// Library) so that tests can pass fakes; cmd/budgetqa wires in the nlq
// engine and the index. A Server starts without them, answering /readyz and
// every /v1 route with 503 until SetBackend hands them over, so that it can
// listen at once and load the documents in the background.
//
// Every failure has one JSON shape, {"error":{"code","message"},
// "answered":false}, and each code one HTTP status, in errors.go. A
// question the engine cannot answer is not a failure: it is a 200 with
// "answered": false.
//
// One file holds each noun: the server and its routes (server.go), the
// endpoints (ask.go, search.go, documents.go, suggest.go, wechat.go,
// assets.go, openapi.go, and check.go: POST /v1/check, which checks an
// uploaded document and answers package report's report), and the middleware (middleware.go, ratelimit.go,
// metrics.go).
package api
