package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, in a registry of its own so
// that several servers (in tests) do not collide.
type metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	answers  *prometheus.CounterVec
	handler  http.Handler
}

// newMetrics registers the metrics, with the Go runtime and process ones.
func newMetrics() *metrics {
	reg := prometheus.NewRegistry()
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "budgetqa_http_requests_total",
			Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "budgetqa_http_request_duration_seconds",
			Help:    "Time to serve an HTTP request, by route pattern and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "budgetqa_answers_total",
			Help: "Questions asked, by channel (api, wechat), intent and result (answered, unanswered).",
		}, []string{"channel", "intent", "result"}),
	}
	reg.MustRegister(m.requests, m.latency, m.answers,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg})
	return m
}

// observe records one served request.
func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(d.Seconds())
}

// answer records one question the engine took, answered or not.
func (m *metrics) answer(channel, intent string, answered bool) {
	result := "unanswered"
	if answered {
		result = "answered"
	}
	if intent == "" {
		intent = "unknown"
	}
	m.answers.WithLabelValues(channel, intent, result).Inc()
}
