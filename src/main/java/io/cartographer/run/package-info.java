/**
 * Runs: one execution of a plan from load to stored passport, and the coordinator that allows one
 * run at a time whoever asks (HTTP trigger, scheduler, CLI); the merge of a distributed run's shard
 * passports, which goes through the same judge, compare, assemble and store steps. This is where
 * the one-way flow plan → load → verdict → passport → store is wired. Depends on {@code config}, {@code plan}, {@code
 * load}, {@code memory}, {@code verdict}, {@code passport} and {@code demo}; only {@code api},
 * {@code cli} and {@code schedule} depend on it.
 */
package io.cartographer.run;
