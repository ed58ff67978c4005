package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.EkmanGroup;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The layout of the IQL state vector (DESIGN §7): a version, the ordered feature names, and one option,
 * {@code domainFeatures}. Every dataset and checkpoint stores it, so a policy is never fed a vector whose
 * meaning changed under it; {@link #STATE_SCHEMA_VERSION} is bumped whenever a feature's meaning, order or
 * formula changes.
 *
 * <p>Blocks, in order (indices with domain features on; 82 features, 78 without):
 * <ol>
 *   <li>negotiation, 7 features (0-6) — see {@link StateBuilder} for the formulas;</li>
 *   <li>one-hot of the last focal emotion, 29 features (7-35): the 28 GoEmotions labels in label order, then
 *       {@code none} for "no focal message yet" or the no-emotion control. One-hot, never an ordinal index;</li>
 *   <li>the perceived emotion distribution of the counterparty's last message, 28 probabilities (36-63);</li>
 *   <li>the same distribution summed by Ekman group, 7 features (64-70) in {@link EkmanGroup} order;</li>
 *   <li>the Ekman-group distribution averaged over ALL the counterparty's messages so far, 7 features (71-77):
 *       one message is a noisy read of who the counterparty is, the running mean a much steadier one (added in
 *       version 2, after version-1 selectors mixed up personas whose single messages look alike);</li>
 *   <li>domain one-hot, 4 features (78-81) in {@link Domain} order — absent when {@code domainFeatures} is
 *       false, which is how cross-domain transfer selectors are trained;</li>
 *   <li>optionally ({@code textFeatures} &gt; 0, off by default) a reduced sentence embedding of the
 *       counterparty's last message: see {@link TextFeatures}. Off, the layout and its JSON are exactly those of
 *       version 2 without the option, so datasets and checkpoints written before the option existed still load.</li>
 * </ol>
 *
 * <p>The schema also records whose state it is ({@link #role()}). A {@link Role#COUNTERPARTY} schema has the same
 * layout and names, computed on the <em>mirrored</em> state (DESIGN §10): "focal" reads "this agent" (the
 * counterparty), "counterparty"/"cp" reads "the other side" (the focal agent), and positions are 1 - pos, so 0 is the
 * focal target and 1 the counterparty's own (see {@link MirroredState}). The role is written to JSON only when it is
 * the counterparty, so focal-role datasets and checkpoints keep their exact JSON; a selector is refused in the other
 * role ({@link StateBuilder}).
 */
public final class StateSchema {
    /** Version of the feature layout and formulas. */
    public static final int STATE_SCHEMA_VERSION = 2;

    /** Size of each block, in order. */
    public static final int NEGOTIATION_FEATURES = 7;
    public static final int FOCAL_EMOTION_FEATURES = Emotion.COUNT + 1;
    public static final int PERCEIVED_FEATURES = Emotion.COUNT;
    public static final int EKMAN_FEATURES = EkmanGroup.values().length;
    public static final int DOMAIN_FEATURES = Domain.values().length;

    /** Start index of each block. */
    public static final int FOCAL_EMOTION_OFFSET = NEGOTIATION_FEATURES;
    public static final int PERCEIVED_OFFSET = FOCAL_EMOTION_OFFSET + FOCAL_EMOTION_FEATURES;
    public static final int EKMAN_OFFSET = PERCEIVED_OFFSET + PERCEIVED_FEATURES;
    public static final int EKMAN_MEAN_OFFSET = EKMAN_OFFSET + EKMAN_FEATURES;
    public static final int DOMAIN_OFFSET = EKMAN_MEAN_OFFSET + EKMAN_FEATURES;

    /** Slot of the focal-emotion one-hot used before any focal message and for the no-emotion control. */
    public static final int NO_FOCAL_EMOTION_SLOT = Emotion.COUNT;

    private static final String TEXT_FEATURE_PREFIX = "cp_text_";
    private static final String TEXT_FIELD = "text_features";

    /** Names and descriptions of the negotiation block (declared before the instances that use it). */
    private static final String[][] NEGOTIATION = {
            {"cp_concession_last", "counterparty's concession in its last reply, on the position scale"},
            {"cp_concession_mean3", "mean counterparty concession over its last 3 replies (fewer if fewer)"},
            {"offer_gap", "pos(own standing offer) - pos(counterparty standing offer); 1 before any offer"},
            {"turn_progress", "t / H"},
            {"cp_offer_position", "pos(counterparty standing offer); 0 (its own target) before any"},
            {"own_giveaway", "1 - pos(own standing offer); 0 before any"},
            {"cp_stalemate", "consecutive latest counterparty replies without a concession, / H"},
    };

    /** The full layout, with domain features. */
    public static final StateSchema DEFAULT = new StateSchema(true, 0);
    /** The layout for cross-domain transfer, without domain features. */
    public static final StateSchema DOMAIN_AGNOSTIC = new StateSchema(false, 0);
    /** Upper bound of the text block: the embedding it reduces has 384 dimensions. */
    public static final int MAX_TEXT_FEATURES = 384;

    private static final String ROLE_FIELD = "role";
    /** How a counterparty-role schema reads its feature names, for {@link #describe()}. */
    public static final String MIRRORED_READING = "counterparty role: every feature is computed on the mirrored "
            + "state; 'focal' means this agent (the counterparty), 'counterparty'/'cp' the focal agent, and positions "
            + "are 1 - pos (0 = the focal target, 1 = the counterparty's own target)";

    private final boolean domainFeatures;
    private final int textFeatures;
    private final Role role;
    private final List<String> names;
    private final List<String> descriptions;

    private StateSchema(boolean domainFeatures, int textFeatures) {
        this(domainFeatures, textFeatures, Role.FOCAL);
    }

    private StateSchema(boolean domainFeatures, int textFeatures, Role role) {
        if (textFeatures < 0 || textFeatures > MAX_TEXT_FEATURES) {
            throw new IllegalArgumentException("text features must be 0.." + MAX_TEXT_FEATURES + ", got " + textFeatures);
        }
        this.domainFeatures = domainFeatures;
        this.textFeatures = textFeatures;
        this.role = java.util.Objects.requireNonNull(role, "role");
        List<String> n = new ArrayList<>();
        List<String> d = new ArrayList<>();
        for (String[] f : NEGOTIATION) {
            n.add(f[0]);
            d.add(f[1]);
        }
        for (Emotion e : Emotion.GOEMOTIONS) {
            n.add("focal_emotion=" + e.label());
            d.add("1 if the last focal message showed " + e.label());
        }
        n.add("focal_emotion=none");
        d.add("1 before any focal message or if the last one showed no emotion (the control)");
        for (Emotion e : Emotion.GOEMOTIONS) {
            n.add("cp_perceived=" + e.label());
            d.add("perceived probability of " + e.label() + " in the counterparty's last message; 0 before any");
        }
        for (EkmanGroup g : EkmanGroup.values()) {
            n.add("cp_perceived_ekman=" + g.label());
            d.add("perceived probability mass of the " + g.label() + " group in the counterparty's last message");
        }
        for (EkmanGroup g : EkmanGroup.values()) {
            n.add("cp_perceived_ekman_mean=" + g.label());
            d.add("mean perceived mass of the " + g.label() + " group over all the counterparty's messages so far");
        }
        if (domainFeatures) {
            for (Domain dom : Domain.values()) {
                n.add("domain=" + dom.id());
                d.add("1 in the " + dom.id() + " domain");
            }
        }
        for (int i = 0; i < textFeatures; i++) {
            n.add(TEXT_FEATURE_PREFIX + i);
            d.add("component " + i + " of the seeded random projection of the counterparty's last message's "
                    + "sentence embedding; 0 before any");
        }
        this.names = List.copyOf(n);
        this.descriptions = List.copyOf(d);
    }

    /** The current layout with or without domain features. */
    public static StateSchema of(boolean domainFeatures) {
        return domainFeatures ? DEFAULT : DOMAIN_AGNOSTIC;
    }

    /** The current layout with or without domain features and with {@code textFeatures} text components (0 = off). */
    public static StateSchema of(boolean domainFeatures, int textFeatures) {
        return textFeatures == 0 ? of(domainFeatures) : new StateSchema(domainFeatures, textFeatures);
    }

    /** The layout for one role's states: the focal agent's, or the counterparty's mirrored state. */
    public static StateSchema of(boolean domainFeatures, int textFeatures, Role role) {
        return role == Role.FOCAL ? of(domainFeatures, textFeatures) : new StateSchema(domainFeatures, textFeatures, role);
    }

    /** The same layout for another role. */
    public StateSchema forRole(Role other) {
        return of(domainFeatures, textFeatures, other);
    }

    /** Whose state this is: the focal agent's (the default) or the counterparty's mirrored state. */
    public Role role() {
        return role;
    }

    /** Number of reduced-embedding components at the end of the vector; 0 when the option is off. */
    public int textFeatures() {
        return textFeatures;
    }

    /** Index of the first text component (the vector's length minus {@link #textFeatures()}). */
    public int textOffset() {
        return names.size() - textFeatures;
    }

    public int version() {
        return STATE_SCHEMA_VERSION;
    }

    public boolean domainFeatures() {
        return domainFeatures;
    }

    /** The number of features. */
    public int dimension() {
        return names.size();
    }

    /** Feature names in vector order. */
    public List<String> featureNames() {
        return names;
    }

    /** One-line descriptions, parallel to {@link #featureNames()}. */
    public List<String> featureDescriptions() {
        return descriptions;
    }

    /** Index of a feature by name, or -1. */
    public int indexOf(String featureName) {
        return names.indexOf(featureName);
    }

    /** {"version", "domain_features", "dimension", "feature_names"}: what datasets and checkpoints store. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("version", STATE_SCHEMA_VERSION);
        o.put("domain_features", domainFeatures);
        if (role != Role.FOCAL) {
            o.put(ROLE_FIELD, role.label());
        }
        if (textFeatures > 0) {
            o.put(TEXT_FIELD, textFeatures);
            o.put("text_projection", TextFeatures.describe(textFeatures));
        }
        o.put("dimension", dimension());
        ArrayNode a = o.putArray("feature_names");
        names.forEach(a::add);
        return o;
    }

    /** A documentation view: every feature with its index and description. */
    public ObjectNode describe() {
        ObjectNode o = toJson();
        o.remove("feature_names");
        if (role != Role.FOCAL) {
            o.put("reading", MIRRORED_READING);
        }
        ArrayNode a = o.putArray("features");
        for (int i = 0; i < names.size(); i++) {
            a.addObject().put("index", i).put("name", names.get(i)).put("description", descriptions.get(i));
        }
        return o;
    }

    /** Reads a stored schema; errors name the field as {@code state_schema.FIELD}. */
    public static StateSchema fromJson(JsonNode node) {
        return fromJson(node, (field, reason) -> new InputException("field '" + field + "': " + reason));
    }

    /**
     * Reads a stored schema and checks that this build computes the same features: same version, same names in
     * the same order. {@code error} turns (field, reason) into the exception to throw, so callers can name their
     * file and line.
     */
    public static StateSchema fromJson(JsonNode node, BiFunction<String, String, ? extends RuntimeException> error) {
        if (node == null || !node.isObject()) {
            throw error.apply("state_schema", "missing or not an object");
        }
        JsonNode version = node.get("version");
        if (version == null || !version.isIntegralNumber()) {
            throw error.apply("state_schema.version", "missing or not an integer");
        }
        if (version.asInt() != STATE_SCHEMA_VERSION) {
            throw error.apply("state_schema.version", "state schema version " + version.asInt() + " is "
                    + (version.asInt() < STATE_SCHEMA_VERSION ? "older" : "newer") + " than this build's ("
                    + STATE_SCHEMA_VERSION + "); rebuild it with this version of emodistill");
        }
        JsonNode domain = node.get("domain_features");
        if (domain == null || !domain.isBoolean()) {
            throw error.apply("state_schema.domain_features", "missing or not true/false");
        }
        JsonNode text = node.get(TEXT_FIELD);
        if (text != null && (!text.isIntegralNumber() || text.asInt() < 1 || text.asInt() > MAX_TEXT_FEATURES)) {
            throw error.apply("state_schema." + TEXT_FIELD, "must be an integer 1.." + MAX_TEXT_FEATURES + ", got " + text);
        }
        if (text != null && !TextFeatures.describe(text.asInt()).equals(node.path("text_projection").asText())) {
            throw error.apply("state_schema.text_projection", "expected '" + TextFeatures.describe(text.asInt())
                    + "' (this build's projection), got " + node.get("text_projection"));
        }
        JsonNode roleNode = node.get(ROLE_FIELD);
        Role role = Role.FOCAL;
        if (roleNode != null) {
            if (!roleNode.isTextual() || !List.of("focal", "counterparty").contains(roleNode.asText())) {
                throw error.apply("state_schema." + ROLE_FIELD, "must be 'focal' or 'counterparty', got " + roleNode);
            }
            role = roleNode.asText().equals("counterparty") ? Role.COUNTERPARTY : Role.FOCAL;
        }
        StateSchema schema = of(domain.asBoolean(), text == null ? 0 : text.asInt(), role);
        JsonNode stored = node.get("feature_names");
        if (stored == null || !stored.isArray()) {
            throw error.apply("state_schema.feature_names", "missing or not a list");
        }
        if (stored.size() != schema.dimension()) {
            throw error.apply("state_schema.feature_names", stored.size() + " names, but version "
                    + STATE_SCHEMA_VERSION + " has " + schema.dimension());
        }
        for (int i = 0; i < stored.size(); i++) {
            if (!schema.names.get(i).equals(stored.get(i).asText())) {
                throw error.apply("state_schema.feature_names[" + i + "]", "expected '" + schema.names.get(i)
                        + "', got " + stored.get(i));
            }
        }
        return schema;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateSchema s && s.domainFeatures == domainFeatures && s.textFeatures == textFeatures
                && s.role == role;
    }

    @Override
    public int hashCode() {
        return (Boolean.hashCode(domainFeatures) * 31 + textFeatures) * 31 + role.ordinal();
    }

    @Override
    public String toString() {
        return "StateSchema{version=" + STATE_SCHEMA_VERSION + ", domainFeatures=" + domainFeatures
                + (textFeatures > 0 ? ", textFeatures=" + textFeatures : "")
                + (role != Role.FOCAL ? ", role=" + role.label() : "") + ", dimension=" + dimension() + "}";
    }
}
