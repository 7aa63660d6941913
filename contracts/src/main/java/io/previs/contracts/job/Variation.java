package io.previs.contracts.job;

/**
 * "More like this": takes near a chosen one. Each take's initial noise is the chosen take's noise
 * turned towards the take's own by an angle of {@code strength}·90° (it stays standard normal), so
 * a small strength keeps the chosen take's composition and a strength of 1 is an unrelated take.
 *
 * @param chosenSeed the seed of the take to stay close to
 * @param strength how far from it, above 0 and at most 1 (0.1–0.3: the same shot, other details)
 * @param fromJobId, fromVariant the chosen take, when it was one of the farm's (null otherwise)
 */
public record Variation(long chosenSeed, double strength, String fromJobId, Integer fromVariant) {}
