package dev.emodistill.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * the key and the index.
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
        return new PhraseBank(role, new Validator(role, source).validate(root));
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

    // ------------------------------------------------------------------------------------------------ schema

    /** Which side of the table a bank speaks for; fixes its file, its sections and their minimum sizes. */
    enum Role {
        FOCAL("focal", "focal-phrases.json", List.of(
                new Section("topics", Keys.DOMAINS, 4, Kind.TOPIC),
                new Section("openers", Keys.EMOTIONS_AND_CONTROL, 12, Kind.OPENER),
                new Section("closers", Keys.EMOTIONS_AND_CONTROL, 8, Kind.CLOSER),
                new Section("offers", Keys.DOMAINS, 14, Kind.OFFER),
                new Section("accepts", Keys.DOMAINS, 6, Kind.ACCEPT))),
        COUNTERPARTY("counterparty", "counterparty-phrases.json", List.of(
                new Section("openers", Keys.EMOTIONS, 8, Kind.OPENER),
                new Section("offers", Keys.DOMAINS, 14, Kind.OFFER),
                new Section("accepts", Keys.DOMAINS, 6, Kind.ACCEPT),
                new Section("walkaways", Keys.DOMAINS, 6, Kind.WALKAWAY)));

        final String label;
        final String fileName;
        final List<Section> sections;

        Role(String label, String fileName, List<Section> sections) {
            this.label = label;
            this.fileName = fileName;
            this.sections = sections;
        }

        /** {@code {topic}} is filled from focal topics written in the focal voice, so only focal lines use it. */
        boolean usesTopics() {
            return this == FOCAL;
        }
    }

    /** One top-level object of a bank file: its name, its keys, the minimum list size and what the lists hold. */
    record Section(String name, Keys keys, int minEntries, Kind kind) {
    }

    /** The key set a section must have, exactly. */
    enum Keys {
        EMOTIONS, EMOTIONS_AND_CONTROL, DOMAINS;

        List<String> labels() {
            List<String> out = new ArrayList<>();
            switch (this) {
                case EMOTIONS -> Emotion.GOEMOTIONS.forEach(e -> out.add(e.label()));
                case EMOTIONS_AND_CONTROL -> {
                    Emotion.GOEMOTIONS.forEach(e -> out.add(e.label()));
                    out.add(Emotion.NO_EMOTION.label());
                }
                case DOMAINS -> {
                    for (Domain d : Domain.values()) {
                        out.add(d.id());
                    }
                }
            }
            return out;
        }

        boolean emotional() {
            return this != DOMAINS;
        }
    }

    /** What a list holds; decides which placeholders, time words and lengths its entries may have. */
    enum Kind {
        TOPIC(0, 1, 5), OPENER(0, 6, 22), CLOSER(0, 6, 22), OFFER(1, 4, 24), ACCEPT(1, 4, 24), WALKAWAY(0, 5, 24);

        final int offerSlots;
        final int minWords;
        final int maxWords;

        Kind(int offerSlots, int minWords, int maxWords) {
            this.offerSlots = offerSlots;
            this.minWords = minWords;
            this.maxWords = maxWords;
        }

        /** A frame word such as "tonight" may sit next to the stated offer; anywhere else it reads as a time. */
        boolean allowsFrameTimeWords() {
            return this == OFFER || this == ACCEPT;
        }
    }

    // ------------------------------------------------------------------------------------------------ rules

    /**
     * The word lists behind the sentence rules. The tests keep their own lists on purpose, so a gap here cannot
     * hide a bad sentence in both places at once.
     */
    private static final class Words {
        private Words() {
        }

        /** Spelled-out quantities; the offer parser reads "six weeks", so none may appear outside {offer}. */
        static final Pattern NUMBER_WORDS = Pattern.compile("\\b(?:zero|one|two|three|four|five|six|seven|eight|nine|"
                + "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
                + "forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|halves|halfway|"
                + "couple|dozen|once|twice|thrice|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                + "eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
                + "twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth|"
                + "thousandth)s?\\b", Pattern.CASE_INSENSITIVE);

        /** Units and clock words: never allowed, because they turn a nearby word into a parsed offer. */
        static final Pattern UNIT_WORDS = Pattern.compile("\\b(?:days?|daily|weeks?|weekly|weekends?|fortnights?|"
                + "fortnightly|months?|monthly|years?|yearly|annually|minutes?|hours?|hourly|o'clock|midnight|"
                + "noon|midday|today|tomorrow|yesterday|overnight)\\b|\\ba\\.m\\.|\\bp\\.m\\.|\\bpm\\b",
                Pattern.CASE_INSENSITIVE);

        /** Upper-case AM/PM only: lower-case "am" is the verb. */
        static final Pattern MERIDIEM = Pattern.compile("\\b(?:AM|PM|A\\.M\\.|P\\.M\\.)(?![A-Za-z])");

        /** Vague time words: fine as part of an offer's frame ("in bed by {offer} tonight"), nowhere else. */
        static final Pattern FRAME_TIME_WORDS = Pattern.compile("\\b(?:tonight|nights?|nightly|mornings?|evenings?|"
                + "afternoons?|soon|sooner|soonest|later)\\b", Pattern.CASE_INSENSITIVE);

        /** Words that make a sentence read as an acceptance. */
        static final Pattern ACCEPT_CUES = Pattern.compile("\\b(?:agree|agreed|accept|accepted|acceptable|deal)\\b",
                Pattern.CASE_INSENSITIVE);

        /** Words that make a sentence read as leaving the table. */
        static final Pattern WALKAWAY_CUES = Pattern.compile("\\b(?:walk(?:ing)? away|i'm done|i am done|we're done|"
                + "no deal|is over|i'm out|ending this|end this|forget it|goodbye)\\b", Pattern.CASE_INSENSITIVE);

        /** Accept vocabulary that an emotional opener or closer must not use (agreeing with a point is fine). */
        static final Pattern DEAL_WORDS = Pattern.compile("\\b(?:accept\\w*|deals?)\\b", Pattern.CASE_INSENSITIVE);

        /** The word family of each emotion label, so a line can be checked for naming a different emotion. */
        static final Map<Emotion, Pattern> LABEL_WORDS = labelWords();

        private static Map<Emotion, Pattern> labelWords() {
            Map<Emotion, String> stems = new EnumMap<>(Emotion.class);
            stems.put(Emotion.ADMIRATION, "admir\\w*");
            stems.put(Emotion.AMUSEMENT, "amus\\w*");
            stems.put(Emotion.ANGER, "anger\\w*|angr\\w*");
            stems.put(Emotion.ANNOYANCE, "annoy\\w*");
            stems.put(Emotion.APPROVAL, "approv\\w*");
            stems.put(Emotion.CARING, "car(?:e|es|ed|ing)\\b");
            stems.put(Emotion.CONFUSION, "confus\\w*");
            stems.put(Emotion.CURIOSITY, "curio\\w*");
            stems.put(Emotion.DESIRE, "desir\\w*");
            stems.put(Emotion.DISAPPOINTMENT, "disappoint\\w*");
            stems.put(Emotion.DISAPPROVAL, "disapprov\\w*");
            stems.put(Emotion.DISGUST, "disgust\\w*");
            stems.put(Emotion.EMBARRASSMENT, "embarrass\\w*");
            stems.put(Emotion.EXCITEMENT, "excit\\w*");
            stems.put(Emotion.FEAR, "fear\\w*");
            stems.put(Emotion.GRATITUDE, "gratitude|grateful\\w*");
            stems.put(Emotion.GRIEF, "grie[fv]\\w*");
            stems.put(Emotion.JOY, "joy\\w*");
            stems.put(Emotion.LOVE, "lov(?:e|es|ed|ing|ely)\\b");
            stems.put(Emotion.NERVOUSNESS, "nervous\\w*");
            stems.put(Emotion.OPTIMISM, "optimis\\w*");
            stems.put(Emotion.PRIDE, "pride|proud\\w*");
            stems.put(Emotion.REALIZATION, "reali[sz](?:e|es|ed|ing|ation|ations)\\b");
            stems.put(Emotion.RELIEF, "relie(?:f|fs|ve|ved|ves|ving)\\b");
            stems.put(Emotion.REMORSE, "remorse\\w*");
            stems.put(Emotion.SADNESS, "sad(?:ly|ness|den|dens|dened)?\\b");
            stems.put(Emotion.SURPRISE, "surpris\\w*");
            stems.put(Emotion.NEUTRAL, "neutral\\w*");
            Map<Emotion, Pattern> out = new EnumMap<>(Emotion.class);
            stems.forEach((e, stem) -> out.put(e, Pattern.compile("\\b(?:" + stem + ")", Pattern.CASE_INSENSITIVE)));
            return Collections.unmodifiableMap(out);
        }

        /** The first label word in {@code text} that belongs to an emotion other than {@code own}, or null. */
        static String foreignLabelWord(String text, Emotion own) {
            for (Map.Entry<Emotion, Pattern> entry : LABEL_WORDS.entrySet()) {
                if (entry.getKey() == own) {
                    continue;
                }
                Matcher m = entry.getValue().matcher(text);
                if (m.find()) {
                    return "'" + m.group() + "' (" + entry.getKey().label() + ")";
                }
            }
            return null;
        }
    }

    /** Checks one parsed bank file against its {@link Role}, failing on the first bad entry it meets. */
    private static final class Validator {
        private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}");
        private static final String OFFER = "{offer}";
        private static final String TOPIC = "{topic}";

        private final Role role;
        private final String source;

        Validator(Role role, String source) {
            this.role = role;
            this.source = source;
        }

        Map<String, Map<String, List<String>>> validate(JsonNode root) {
            if (root == null || !root.isObject()) {
                throw fail(null, "the top level must be a JSON object");
            }
            JsonNode version = root.get("schema_version");
            if (version == null || !version.isIntegralNumber() || version.asInt() != 1) {
                throw fail("schema_version", "must be 1, found " + version);
            }
            Set<String> allowed = new LinkedHashSet<>();
            allowed.add("schema_version");
            role.sections.forEach(s -> allowed.add(s.name()));
            rejectUnknownKeys(root, allowed, null);

            // Normalised sentence -> where it was first seen, across every emotion's openers and closers, so one
            // sentence can never carry two emotions (the perceived emotion must be a function of the text).
            Map<String, String> emotionalLines = new HashMap<>();
            Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
            for (Section section : role.sections) {
                sections.put(section.name(), section(root, section, emotionalLines));
            }
            return sections;
        }

        private Map<String, List<String>> section(JsonNode root, Section section, Map<String, String> emotionalLines) {
            JsonNode node = root.get(section.name());
            if (node == null || !node.isObject()) {
                throw fail(section.name(), "missing, or not a JSON object keyed by "
                        + (section.keys().emotional() ? "emotion label" : "domain id"));
            }
            List<String> keys = section.keys().labels();
            rejectUnknownKeys(node, new LinkedHashSet<>(keys), section.name());
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (String key : keys) {
                String path = section.name() + "." + key;
                JsonNode list = node.get(key);
                if (list == null || !list.isArray()) {
                    throw fail(path, "missing, or not a JSON array of strings");
                }
                if (list.size() < section.minEntries()) {
                    throw fail(path, "needs at least " + section.minEntries() + " entries, has " + list.size());
                }
                Emotion emotion = section.keys().emotional() ? Emotion.parse(key).orElseThrow() : null;
                Map<String, Integer> seen = new HashMap<>();
                List<String> entries = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    String at = path + "[" + i + "]";
                    JsonNode item = list.get(i);
                    if (!item.isTextual()) {
                        throw fail(at, "must be a string, found " + item.getNodeType());
                    }
                    String text = item.asText();
                    String problem = problem(section.kind(), emotion, text);
                    if (problem != null) {
                        throw fail(at, problem + ": \"" + text + "\"");
                    }
                    String norm = normalise(text);
                    Integer earlier = seen.putIfAbsent(norm, i);
                    if (earlier != null) {
                        throw fail(at, "duplicates entry [" + earlier + "] of the same list: \"" + text + "\"");
                    }
                    if (emotion != null) {
                        String other = emotionalLines.putIfAbsent(norm, at);
                        if (other != null) {
                            throw fail(at, "the same sentence is already at " + other + ": \"" + text + "\"");
                        }
                    }
                    entries.add(text);
                }
                out.put(key, List.copyOf(entries));
            }
            return Collections.unmodifiableMap(out);
        }

        /** Why {@code text} is not a valid entry of this kind, or null when it is. */
        private String problem(Kind kind, Emotion emotion, String text) {
            String shape = shapeProblem(kind, text);
            if (shape != null) {
                return shape;
            }
            String slots = placeholderProblem(kind, text);
            if (slots != null) {
                return slots;
            }
            String bare = PLACEHOLDER.matcher(text).replaceAll("X");
            if (bare.chars().anyMatch(Character::isDigit)) {
                return "contains a digit";
            }
            Matcher m = Words.NUMBER_WORDS.matcher(bare);
            if (m.find()) {
                return "contains the number word '" + m.group() + "'";
            }
            m = Words.UNIT_WORDS.matcher(bare);
            if (m.find() || (m = Words.MERIDIEM.matcher(bare)).find()) {
                return "contains the time word '" + m.group() + "'";
            }
            if (!kind.allowsFrameTimeWords() && (m = Words.FRAME_TIME_WORDS.matcher(bare)).find()) {
                return "contains the time word '" + m.group() + "' outside an offer or accept sentence";
            }
            int words = bare.split("\\s+").length;
            if (words < kind.minWords || words > kind.maxWords) {
                return "has " + words + " words; " + kind.name().toLowerCase(Locale.ROOT) + " entries need "
                        + kind.minWords + " to " + kind.maxWords;
            }
            return cueProblem(kind, emotion, bare);
        }

        private String shapeProblem(Kind kind, String text) {
            if (text.isBlank()) {
                return "is blank";
            }
            if (!text.equals(text.strip()) || text.contains("  ")) {
                return "has leading, trailing or doubled spaces";
            }
            // Plain ASCII keeps curly quotes and dashes out of the tokenizer and out of digit-masked cache keys.
            if (!text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                return "contains a character outside printable ASCII";
            }
            if (kind == Kind.TOPIC) {
                if (!Character.isLowerCase(text.charAt(0)) || !Character.isLetter(text.charAt(text.length() - 1))) {
                    return "a topic is a lower-case noun phrase without end punctuation";
                }
                return null;
            }
            char first = text.charAt(0);
            char last = text.charAt(text.length() - 1);
            if (first < 'A' || first > 'Z') {
                return "must start with a capital letter";
            }
            if (last != '.' && last != '!' && last != '?') {
                return "must end with '.', '!' or '?'";
            }
            return null;
        }

        private String placeholderProblem(Kind kind, String text) {
            int offerSlots = 0;
            int topicSlots = 0;
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                switch (m.group()) {
                    case OFFER -> offerSlots++;
                    case TOPIC -> topicSlots++;
                    default -> {
                        return "unknown placeholder " + m.group() + " (only {offer} and {topic} exist)";
                    }
                }
            }
            String rest = PLACEHOLDER.matcher(text).replaceAll("");
            if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
                return "has an unbalanced brace";
            }
            if (offerSlots != kind.offerSlots) {
                return "needs exactly " + kind.offerSlots + " {offer}, has " + offerSlots;
            }
            boolean topicAllowed = role.usesTopics() && (kind == Kind.OPENER || kind == Kind.CLOSER);
            if (topicSlots > (topicAllowed ? 1 : 0)) {
                return topicAllowed ? "uses {topic} more than once" : "may not use {topic}";
            }
            return null;
        }

        private String cueProblem(Kind kind, Emotion emotion, String bare) {
            String foreign = Words.foreignLabelWord(bare, emotion == null || emotion.isControl() ? null : emotion);
            if (foreign != null) {
                return emotion == null || emotion.isControl()
                        ? "names an emotion " + foreign + " in an emotion-free line"
                        : "names a different emotion " + foreign;
            }
            boolean accepts = Words.ACCEPT_CUES.matcher(bare).find();
            boolean leaves = Words.WALKAWAY_CUES.matcher(bare).find();
            switch (kind) {
                case ACCEPT -> {
                    if (!accepts) {
                        return "an accept sentence must say agree, accept or deal";
                    }
                }
                case WALKAWAY -> {
                    if (!leaves) {
                        return "a walk-away sentence must clearly end the talk (walk away, no deal, I'm done, ...)";
                    }
                }
                case OFFER -> {
                    if (accepts || leaves) {
                        return "an offer sentence must not read as an acceptance or a walk-away";
                    }
                }
                case OPENER, CLOSER -> {
                    if (leaves || Words.DEAL_WORDS.matcher(bare).find()) {
                        return "an opener or closer must not read as an acceptance or a walk-away";
                    }
                }
                case TOPIC -> {
                    if (accepts || leaves) {
                        return "a topic must be a plain noun phrase";
                    }
                }
            }
            return null;
        }

        private void rejectUnknownKeys(JsonNode node, Set<String> allowed, String path) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw fail(path == null ? key : path + "." + key, "unknown key; expected one of " + allowed);
                }
            }
        }

        private InputException fail(String path, String reason) {
            return new InputException(source + (path == null ? "" : ", " + path) + ": " + reason);
        }
    }

    /** Case-, space- and punctuation-insensitive form, so "What a relief!" and "what a relief." count as one. */
    private static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z{}' ]", " ").replaceAll("\\s+", " ").strip();
    }
}
