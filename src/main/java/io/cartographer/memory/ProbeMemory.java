package io.cartographer.memory;

/**
 * The probe process's own memory at one moment.
 *
 * @param heapUsedBytes JVM heap in use, from the MemoryMXBean
 * @param rssBytes resident set size from {@code /proc/self/status}, or {@code null}
 * @param rssUnavailable why {@code rssBytes} is {@code null}, otherwise {@code null}
 */
public record ProbeMemory(long heapUsedBytes, Long rssBytes, String rssUnavailable) {}
