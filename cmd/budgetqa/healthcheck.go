package main

import (
	"context"
	"fmt"
	"net/http"
	"time"
)

// runHealthcheck asks a running server whether it is ready, for the
// container's HEALTHCHECK (the runtime image has no curl): exit 0 when the
// URL answers 200, 1 otherwise.
func (m *Main) runHealthcheck(ctx context.Context, args []string) (int, error) {
	fs := newFlagSet("healthcheck", m.stderr)
	url := fs.String("url", "http://127.0.0.1:8080/readyz", "the readiness `URL` to ask")
	timeout := fs.Duration("timeout", 3*time.Second, "how long to wait for the answer")
	if err := fs.Parse(args); err != nil {
		return exitUsage, nil
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *url, nil)
	if err != nil {
		return exitUsage, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return exitFindings, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return exitFindings, fmt.Errorf("healthcheck: %s answered %s", *url, resp.Status)
	}
	return exitOK, nil
}
