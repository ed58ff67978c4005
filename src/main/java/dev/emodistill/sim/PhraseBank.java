package dev.emodistill.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.sim.PhraseBankSchema.Role;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The phrase banks of the embedded world (DESIGN §4.3, §4.4): the sentences from which the template expresser
 * builds focal messages ({@code opener(emotion) + offer(domain) [+ closer(emotion)]}) and from which simulated
 * counterparties build replies ({@code opener(emotion) + counter-offer | accept | walk-away}).
 *
 * <p>Both banks are bundled JSON resources ({@code focal-phrases.json}, {@code counterparty-phrases.json}), loaded
 * and validated once. Validation is strict because the rest of the simulator trusts these sentences blindly: the
 * offer parser reads the last number-with-unit in a message, so a stray "two weeks" in an opener would silently
 * change the offer; and counterparties react to the emotion a classifier perceives, so an opener that names a
 * different emotion would muddy the very signal the experiments measure. A bad entry fails fast with the file,
 * the key and the index. The file layout lives in {@code PhraseBankSchema} and the sentence checks in
 * {@code PhraseBankValidator}, so this class stays about loading and lookup.
 *
 * <p>Placeholders: {@code {offer}} (exactly once in every offer and accept sentence, the offer with its unit) and
 * {@code {topic}} (at most once in a focal opener or closer, replaced by one of {@link #topics(Domain)}).
 */
public final class PhraseBank {

    private static volatile PhraseBank focalBank;
    private static volatile PhraseBank counterpartyBank;

    private final Role role;
    private final Map<Emotion, List<String>> openers;
    private final Map<Emotion, List<String>> closers;
    private final Map<Domain, List<String>> topics;
    private final Map<Domain, List<String>> offers;
    private final Map<Domain, List<String>> accepts;
    private final Map<Domain, List<String>> walkaways;
    private final int sentenceCount;

    private PhraseBank(Role role, Map<String, Map<String, List<String>>> sections) {
        this.role = role;
        this.openers = byEmotion(sections.get("openers"));
        this.closers = byEmotion(sections.get("closers"));
        this.topics = byDomain(sections.get("topics"));
        this.offers = byDomain(sections.get("offers"));
        this.accepts = byDomain(sections.get("accepts"));
        this.walkaways = byDomain(sections.get("walkaways"));
        Set<String> distinct = new LinkedHashSet<>();
        for (Map.Entry<String, Map<String, List<String>>> section : sections.entrySet()) {
            if (!section.getKey().equals("topics")) {
                section.getValue().values().forEach(distinct::addAll);
            }
        }
        this.sentenceCount = distinct.size();
    }

    /** The focal agent's bank (collection agent, rescue coordinator, sleep-health assistant, hospital scheduler). */
    public static PhraseBank focal() {
        PhraseBank bank = focalBank;
        if (bank == null) {
            synchronized (PhraseBank.class) {
                if (focalBank == null) {
                    focalBank = load(Role.FOCAL);
                }
                bank = focalBank;
            }
        }
        return bank;
    }

    /** The counterparty's bank (debtor, trapped survivor, teenager, patient). */
    public static PhraseBank counterparty() {
        PhraseBank bank = counterpartyBank;
        if (bank == null) {
            synchronized (PhraseBank.class) {
                if (counterpartyBank == null) {
                    counterpartyBank = load(Role.COUNTERPARTY);
                }
                bank = counterpartyBank;
            }
        }
        return bank;
    }

    /**
     * Sentences that open a message in the voice of {@code emotion}. {@link Emotion#NO_EMOTION} (the affect-free
     * control) exists only for the focal agent: the control is a property of the agent under study, not of the
     * simulated counterparty.
     */
    public List<String> openers(Emotion emotion) {
        Objects.requireNonNull(emotion, "emotion");
        List<String> list = openers.get(emotion);
        if (list == null) {
            throw new IllegalArgumentException("the " + role.label + " phrase bank has no openers for '"
                    + emotion.label() + "'; the no_emotion control is a focal-only expression");
        }
        return list;
    }

    /** Optional sentences that close a focal message in the voice of {@code emotion}; empty for counterparties. */
    public List<String> closers(Emotion emotion) {
        Objects.requireNonNull(emotion, "emotion");
        return closers.getOrDefault(emotion, List.of());
    }

    /** Sentences that state an offer in this domain, each with exactly one {@code {offer}}. */
    public List<String> offers(Domain domain) {
        return offers.get(Objects.requireNonNull(domain, "domain"));
    }

    /** Sentences that accept the other side's offer, each with exactly one {@code {offer}}. */
    public List<String> accepts(Domain domain) {
        return accepts.get(Objects.requireNonNull(domain, "domain"));
    }

    /** Sentences that end the negotiation without a deal; counterparties only (empty for the focal bank). */
    public List<String> walkaways(Domain domain) {
        return walkaways.getOrDefault(Objects.requireNonNull(domain, "domain"), List.of());
    }

    /**
     * Noun phrases that replace {@code {topic}} in this domain ("the surgery date"). Topics are written once, in
     * the focal file; the counterparty bank returns the focal bank's topics so both sides name the issue alike.
     */
    public List<String> topics(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        if (role == Role.COUNTERPARTY) {
            return focal().topics(domain);
        }
        return topics.get(domain);
    }

    /** Number of distinct sentences in this bank (topics excluded), for diagnostics. */
    public int sentenceCount() {
        return sentenceCount;
    }

    @Override
    public String toString() {
        return "PhraseBank[" + role.fileName + ", " + sentenceCount + " sentences]";
    }

    // ------------------------------------------------------------------------------------------------ loading

    private static PhraseBank load(Role role) {
        try (InputStream in = PhraseBank.class.getResourceAsStream(role.fileName)) {
            if (in == null) {
                throw new IllegalStateException("phrase bank resource " + role.fileName
                        + " is missing from the classpath (expected next to " + PhraseBank.class.getName() + ")");
            }
            return parse(role, role.fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read phrase bank " + role.fileName, e);
        }
    }

    /** Parses and validates a bank's JSON text; {@code source} names the file in error messages. */
    static PhraseBank parse(Role role, String source, String json) {
        // Duplicate keys would otherwise silently drop a whole list, which is exactly the mistake hand edits make.
        ObjectReader reader = Json.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        JsonNode root;
        try {
            root = reader.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InputException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        return new PhraseBank(role, new PhraseBankValidator(role, source).validate(root));
    }

    private static Map<Emotion, List<String>> byEmotion(Map<String, List<String>> section) {
        Map<Emotion, List<String>> out = new EnumMap<>(Emotion.class);
        if (section != null) {
            section.forEach((key, list) -> out.put(Emotion.parse(key).orElseThrow(), list));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<Domain, List<String>> byDomain(Map<String, List<String>> section) {
        Map<Domain, List<String>> out = new EnumMap<>(Domain.class);
        if (section != null) {
            section.forEach((key, list) -> out.put(Domain.parse(key).orElseThrow(), list));
        }
        return Collections.unmodifiableMap(out);
    }
}
