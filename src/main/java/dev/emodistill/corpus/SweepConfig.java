package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.Role;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Everything that determines a sweep's episodes (DESIGN §5). Two runs with equal configs produce identical
 * corpora; a run folder remembers its config's fingerprint and refuses to be resumed with another.
 *
 * @param domain          negotiation domain
 * @param scenarioSource  where the scenarios came from: {"type": "file", "path", "sha256"} or
 *                        {"type": "generated", "count", "seed"}
 * @param split           which side of the 80/20 split is swept: train, test or all
 * @param seeds           seeds per (scenario, persona[, emotion])
 * @param policy          behaviour policy: {@code random} (uniform over 28 emotions per turn) or {@code fixed}
 *                        (one emotion per episode, every emotion in {@code emotions})
 * @param personas        counterparty personas
 * @param emotions        emotions of a fixed sweep (empty for random)
 * @param seed            run seed from which every episode seed derives
 * @param maxMessages     protocol message limit
 * @param tolerance       description of the agreement tolerance
 * @param perception      description of the perception classifier
 * @param scenarioPath    the scenario file as given (recorded, but not part of the fingerprint, so a resume from
 *                        another working folder is still the same sweep); null for generated scenarios
 * @param roles           what plays the focal words and the counterparty when not the embedded world (LLM models,
 *                        sampling settings, prompt set), part of the fingerprint; null for the embedded world
 * @param role            whose emotions the sweep policy chooses: {@link Role#FOCAL} (the default) or
 *                        {@link Role#COUNTERPARTY} (a counterparty-role sweep: the persona keeps its tactic and
 *                        response, its displayed emotions follow {@code policy}, and the focal agent plays
 *                        {@code focalPolicy}; see {@link CounterpartyView})
 * @param focalPolicy     the embedded focal agent's emotion policy in a counterparty-role sweep (e.g. {@code random});
 *                        null in a focal-role sweep, where {@code policy} is the focal agent's
 * @param focalResponse   the persona whose emotion-response profile the focal agent has
 *                        ({@link dev.emodistill.sim.SimWorld#withFocalResponse}), or null for the emotion-insensitive
 *                        default
 */
public record SweepConfig(Domain domain, ObjectNode scenarioSource, String split, int seeds, String policy,
                          List<String> personas, List<Emotion> emotions, long seed, int maxMessages, String tolerance,
                          String perception, String scenarioPath, ObjectNode roles, Role role, String focalPolicy,
                          String focalResponse) {
    public static final String RANDOM = "random";
    public static final String FIXED = "fixed";

    public SweepConfig {
        personas = List.copyOf(personas);
        emotions = List.copyOf(emotions);
        if (!policy.equals(RANDOM) && !policy.equals(FIXED)) {
            throw new IllegalArgumentException("policy must be random or fixed, got " + policy);
        }
        role = role == null ? Role.FOCAL : role;
        if ((role == Role.COUNTERPARTY) != (focalPolicy != null)) {
            throw new IllegalArgumentException("a counterparty-role sweep needs the focal agent's policy, and only it");
        }
    }

    /** A sweep with a chat model in some roles (or the embedded world for null roles), focal role. */
    public SweepConfig(Domain domain, ObjectNode scenarioSource, String split, int seeds, String policy,
                       List<String> personas, List<Emotion> emotions, long seed, int maxMessages, String tolerance,
                       String perception, String scenarioPath, ObjectNode roles) {
        this(domain, scenarioSource, split, seeds, policy, personas, emotions, seed, maxMessages, tolerance, perception,
                scenarioPath, roles, Role.FOCAL, null, null);
    }

    /** A sweep in the embedded world (template expresser, simulated personas). */
    public SweepConfig(Domain domain, ObjectNode scenarioSource, String split, int seeds, String policy,
                       List<String> personas, List<Emotion> emotions, long seed, int maxMessages, String tolerance,
                       String perception, String scenarioPath) {
        this(domain, scenarioSource, split, seeds, policy, personas, emotions, seed, maxMessages, tolerance, perception,
                scenarioPath, null);
    }

    /**
     * This sweep in the counterparty role: {@code policy} then chooses the persona's displayed emotions and the
     * embedded focal agent plays {@code focalPolicy}.
     */
    public SweepConfig inCounterpartyRole(String focalPolicy) {
        return new SweepConfig(domain, scenarioSource, split, seeds, policy, personas, emotions, seed, maxMessages,
                tolerance, perception, scenarioPath, roles, Role.COUNTERPARTY, focalPolicy, focalResponse);
    }

    /** This sweep with the focal agent reacting to emotion as {@code persona} does (null: not at all). */
    public SweepConfig withFocalResponse(String persona) {
        return new SweepConfig(domain, scenarioSource, split, seeds, policy, personas, emotions, seed, maxMessages,
                tolerance, perception, scenarioPath, roles, role, focalPolicy, persona);
    }

    public boolean counterpartyRole() {
        return role == Role.COUNTERPARTY;
    }

    /** The canonical JSON form stored in the manifest. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("domain", domain.id());
        o.set("scenario_source", scenarioSource.deepCopy());
        o.put("split", split);
        o.put("seeds", seeds);
        o.put("policy", policy);
        ArrayNode p = o.putArray("personas");
        personas.forEach(p::add);
        ArrayNode e = o.putArray("emotions");
        emotions.forEach(x -> e.add(x.label()));
        o.put("seed", seed);
        o.put("max_messages", maxMessages);
        o.put("tolerance", tolerance);
        o.put("perception", perception);
        if (roles != null) {
            // Only non-embedded roles are recorded, so embedded sweeps keep the fingerprints they always had.
            o.set("roles", roles.deepCopy());
        }
        // Like the roles, the role and the focal response are recorded only when they differ from the default, so
        // focal-role sweeps of the default world keep their fingerprints.
        if (role == Role.COUNTERPARTY) {
            o.put("role", role.label());
            o.put("focal_policy", focalPolicy);
        }
        if (focalResponse != null) {
            o.put("focal_response", focalResponse);
        }
        return o;
    }

    /** SHA-256 of the canonical JSON: equal configs, equal fingerprints. */
    public String fingerprint() {
        return Provenance.sha256(Json.line(toJson()));
    }

    /** Human-readable differences between a stored config and this one, e.g. "seeds: 50 -> 10". */
    public List<String> differencesFrom(JsonNode stored) {
        List<String> out = new ArrayList<>();
        ObjectNode mine = toJson();
        for (Iterator<Map.Entry<String, JsonNode>> it = mine.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode before = stored.get(f.getKey());
            if (before == null || !before.equals(f.getValue())) {
                out.add(f.getKey() + ": " + (before == null ? "(absent)" : before) + " -> " + f.getValue());
            }
        }
        for (Iterator<String> it = stored.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!mine.has(k)) {
                out.add(k + ": " + stored.get(k) + " -> (absent)");
            }
        }
        return out;
    }
}
