package io.cartographer.passport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A passport property that may be {@code null}. {@link PassportJson} refuses a {@code null} (or a
 * missing property) everywhere else except in boxed numbers and booleans, so that a damaged file is
 * reported, never read as zeros or empty text.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD})
public @interface Nullable {}
