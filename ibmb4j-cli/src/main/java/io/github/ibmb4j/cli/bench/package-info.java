/**
 * Plain-main benchmarks (run with {@code java -cp ibmb4j-cli/target/ibmb.jar ...}); they print
 * JSON lines to stdout. Measurements and commands are recorded in {@code docs/bench-*.md}.
 */
package io.github.ibmb4j.cli.bench;
