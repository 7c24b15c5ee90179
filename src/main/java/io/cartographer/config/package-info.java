/**
 * Operator configuration under the {@code cartographer.} prefix. Depends on nothing of ours; every
 * other package may read it.
 */
package io.cartographer.config;
