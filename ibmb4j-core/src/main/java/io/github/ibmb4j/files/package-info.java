/** Crash-safe file output shared by caches, checkpoints, conversions and run records. A leaf package. */
package io.github.ibmb4j.files;
