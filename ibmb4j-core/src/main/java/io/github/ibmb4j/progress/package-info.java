/** Progress reporting from library code to whatever front end runs it. A leaf package. */
package io.github.ibmb4j.progress;
