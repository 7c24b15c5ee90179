/**
 * Memory sources: where memory figures come from and how they are read. Today the probe's own
 * heap and resident set; every figure carries its source, and a figure that could not be read is
 * absent with a reason, never 0. Depends on nothing of ours.
 */
package io.cartographer.memory;
