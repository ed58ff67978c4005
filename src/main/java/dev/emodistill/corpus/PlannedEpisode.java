package dev.emodistill.corpus;

import dev.emodistill.domain.Scenario;
import dev.emodistill.sim.Persona;

/**
 * One episode of a sweep's plan.
 *
 * @param episodeId  {@code <scenario id>/<persona>/<policy>/s<seed index>}, unique in the plan
 * @param scenario   the case
 * @param persona    the counterparty
 * @param policy     the focal behaviour policy, e.g. {@code random} or {@code fixed:anger}
 * @param seedIndex  which of the sweep's seeds
 * @param seed       the episode seed, derived from (run seed, scenario id, persona, emotion, seed index)
 */
public record PlannedEpisode(String episodeId, Scenario scenario, Persona persona, String policy, int seedIndex,
                             long seed) {
}
