/**
 * Passports: the JSON document of one run ({@link io.cartographer.passport.Passport}), its one JSON
 * form both ways ({@link io.cartographer.passport.PassportJson}: whatever reads a stored passport
 * gets these records, or a named reason it is damaged), how it is assembled from a run's outcomes,
 * and the {@link io.cartographer.passport.PassportStore} that
 * writes passports atomically to a directory and reads them back, with the in-memory index of
 * that directory (listings, trends, retention) that never parses every file per request. Depends on {@code plan}, {@code
 * load}, {@code verdict} and {@code memory}; never on {@code run}, {@code api} or {@code cli}.
 */
package io.cartographer.passport;
