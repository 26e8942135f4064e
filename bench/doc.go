// Package bench holds benchmarks of how budgetqa scales with the number of
// documents, over synthetic corpora (package corpus/synth): parse time per
// document, engine build time, heap in use, question latency and
// allocations, and full-text index build time and size. It has no code of
// its own; scripts/scale.sh runs the benchmarks and prints a table.
package bench
