package io.cartographer.load;

/**
 * What the open model planned and what it managed; nothing here is ever silently lowered.
 *
 * @param requestedRps the planned arrival rate
 * @param intended requests the measured phase scheduled
 * @param sent requests actually sent (intended minus dropped)
 * @param late sent more than the late tolerance after their intended time
 * @param dropped never sent: every allowed connection stayed busy until they had waited longer
 *     than the timeout
 */
public record OpenModelCounts(double requestedRps, long intended, long sent, long late, long dropped) {}
