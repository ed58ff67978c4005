package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.eval.EpisodeSummary;
import dev.emodistill.eval.Stats;
import dev.emodistill.io.Json;
import dev.emodistill.io.JsonLines;
import dev.emodistill.sim.Seeds;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits one {@code evaluate} run over several personas into one summary per persona, from its
 * {@code episodes.jsonl}: expected utility (mean utility, 0 without a deal) with the same 95 % interval
 * {@code evaluate} uses (a bootstrap that resamples scenarios), and the success rate. One run with every held-out
 * persona keeps the language models' batches three times fuller than one run per persona.
 */
public final class PersonaBreakdown {
    private PersonaBreakdown() {
    }

    /**
     * {@code {persona: {"agents": [{name, episodes, success_rate, expected_utility, expected_utility_ci}, ...]}}},
     * personas and agents in the order given.
     */
    public static ObjectNode of(Path episodesFile, List<String> agents, List<String> personas, long seed) {
        Map<String, Map<String, List<double[]>>> utilities = new LinkedHashMap<>();
        Map<String, Map<String, List<String>>> scenarios = new LinkedHashMap<>();
        for (String p : personas) {
            utilities.put(p, new LinkedHashMap<>());
            scenarios.put(p, new LinkedHashMap<>());
            for (String a : agents) {
                utilities.get(p).put(a, new ArrayList<>());
                scenarios.get(p).put(a, new ArrayList<>());
            }
        }
        JsonLines.forEach(episodesFile, line -> {
            String persona = line.node().path("persona").asText();
            String agent = line.node().path("agent").asText();
            List<double[]> u = utilities.getOrDefault(persona, Map.of()).get(agent);
            if (u == null) {
                throw line.error("agent", "unexpected agent '" + agent + "' or persona '" + persona + "'");
            }
            boolean deal = "deal".equals(line.node().path("outcome").asText());
            u.add(new double[]{line.node().path("utility").asDouble(), deal ? 1 : 0});
            scenarios.get(persona).get(agent).add(line.node().path("scenario_id").asText());
        });
        ObjectNode out = Json.object();
        for (String p : personas) {
            ArrayNode rows = out.putObject(p).putArray("agents");
            for (String a : agents) {
                List<double[]> u = utilities.get(p).get(a);
                double[] values = u.stream().mapToDouble(x -> x[0]).toArray();
                long deals = u.stream().filter(x -> x[1] > 0).count();
                ObjectNode row = rows.addObject();
                row.put("name", a);
                row.put("episodes", values.length);
                if (values.length == 0) {
                    row.putNull("success_rate");
                    row.putNull("expected_utility");
                    row.putNull("expected_utility_ci");
                    continue;
                }
                Stats.Interval ci = Stats.clusteredBootstrapMean(values, scenarios.get(p).get(a).toArray(String[]::new),
                        EpisodeSummary.RESAMPLES, Seeds.derive(seed, "persona-bootstrap", a, p));
                row.put("success_rate", Json.round(deals / (double) values.length, 4));
                row.put("expected_utility", Json.round(Stats.mean(values), 4));
                row.putArray("expected_utility_ci").add(Json.round(ci.low(), 4)).add(Json.round(ci.high(), 4));
            }
        }
        return out;
    }
}
