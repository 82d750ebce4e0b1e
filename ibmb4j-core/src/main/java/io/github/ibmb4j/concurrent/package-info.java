/** The library's thread pool and deterministic parallel loops. A leaf package. */
package io.github.ibmb4j.concurrent;
