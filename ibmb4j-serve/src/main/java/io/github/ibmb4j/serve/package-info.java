/**
 * The HTTP prediction service ({@code ibmb serve}): a Helidon SE web server in front of a core
 * {@link io.github.ibmb4j.serving.Predictor}, with JSON endpoints, Prometheus metrics (Micrometer),
 * structured access log lines, bounded admission and graceful shutdown. See {@code docs/serving.md}.
 */
package io.github.ibmb4j.serve;
