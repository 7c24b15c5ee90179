package io.cartographer.run;

import io.cartographer.passport.Passport;
import java.nio.file.Path;

/** A CDI event fired once a run's passport is stored, for observers such as the metrics. */
public record RunFinished(Passport passport, Path file) {}
