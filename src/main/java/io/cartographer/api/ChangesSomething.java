package io.cartographer.api;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource method that changes something (starts or cancels a run, pins or unpins a
 * baseline). {@link TokenGuard} is bound to exactly these methods, after the router has matched
 * them, so every spelling of a path that reaches the method (a trailing slash, a matrix
 * parameter, percent-encoding, doubled slashes) meets the guard.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ChangesSomething {}
