// Command budgetqa answers Chinese questions about government budget
// documents with the exact figure and where it comes from.
//
//	budgetqa ask "信访稳定备用金多少"      answer one question
//	budgetqa ask --jsonl < requests.jsonl  answer one JSON request per line
//	budgetqa check [FILE...]               consistency report
//	budgetqa parse FILE                    the parsed document as JSON
//	budgetqa serve                         the HTTP API on :8080
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := NewMain(os.Stdin, os.Stdout, os.Stderr)
	code, err := m.Run(ctx, os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "budgetqa:", err)
	}
	m.Close()
	os.Exit(code)
}
