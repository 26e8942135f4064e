// Package api serves the question answering engine over HTTP with Gin: a
// JSON API under /v1 (ask, search, documents, suggest, feedback), the admin
// API under /v1/admin, health and readiness probes, Prometheus metrics, an
// OpenAPI 3 description of itself, and a WeChat 公众号 message endpoint. Its
// sub-packages hold the jobs of their own: the 公众号 protocol (api/wechat),
// the suggestions (api/suggest) and the question log (api/questionlog).
//
// The package declares the small interfaces it needs (Answerer, Searcher,
// Library, Admin, Sources) so that tests can pass fakes; cmd/budgetqa wires
// in the nlq engine, the index and package library, which sits below. A Server starts without them, answering /readyz and
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
// feedback.go, assets.go, openapi.go, and check.go: POST /v1/check, which
// checks an uploaded document and answers package report's report), the
// admin's (admin.go uploads and removals; review.go a document's reading
// report, the question log's summary, synonyms), and the middleware
// (middleware.go, ratelimit.go,
// metrics.go).
package api
