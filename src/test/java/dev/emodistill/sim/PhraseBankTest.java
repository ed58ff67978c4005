package dev.emodistill.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.sim.PhraseBankSchema.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the bundled phrase banks against the hard constraints of the embedded world, with word lists written
 * here independently of the loader's own, and checks that the loader rejects each kind of bad entry with the
 * file, key and index in its message.
 */
class PhraseBankTest {

    // Written independently of PhraseBank.Words so a gap in the loader's lists does not hide a bad sentence.
    private static final Pattern NUMBER_WORD = Pattern.compile("\\b(zero|one|two|three|four|five|six|seven|eight|"
            + "nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|"
            + "forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|couple|dozen|first|second|third|"
            + "fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|twentieth)s?\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern UNIT_WORD = Pattern.compile("\\b(days?|weeks?|fortnights?|months?|years?|minutes?|"
            + "hours?|o'clock|midnight|noon|tomorrow)\\b|a\\.m\\.|p\\.m\\.", Pattern.CASE_INSENSITIVE);
    private static final Pattern AM_PM = Pattern.compile("\\b(AM|PM)\\b");
    private static final Pattern VAGUE_TIME_WORD = Pattern.compile("\\b(tonight|morning|evening|night|soon|later)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern BRACED = Pattern.compile("\\{[^}]*}");
    private static final Pattern ACCEPTING = Pattern.compile("\\b(agree|agreed|accept|acceptable|deal)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LEAVING = Pattern.compile("\\b(walking away|walk away|no deal|i'm done|is over|"
            + "i'm out|ending this|forget it|goodbye)\\b", Pattern.CASE_INSENSITIVE);

    /** Sample offers as the expresser would render them, one per domain unit. */
    private static final Map<Domain, String> SAMPLE_OFFER = Map.of(Domain.DEBT, "14 days", Domain.DISASTER,
            "90 minutes", Domain.STUDENT, "10:30 PM", Domain.MEDICAL, "45 days");

    private static final Map<Emotion, List<String>> LABEL_FORMS = labelForms();

    private static Map<Emotion, List<String>> labelForms() {
        Map<Emotion, List<String>> m = new EnumMap<>(Emotion.class);
        m.put(Emotion.ADMIRATION, List.of("admire", "admired", "admiring", "admirable", "admirably", "admiration"));
        m.put(Emotion.AMUSEMENT, List.of("amused", "amusing", "amusement"));
        m.put(Emotion.ANGER, List.of("anger", "angry", "angrily"));
        m.put(Emotion.ANNOYANCE, List.of("annoyed", "annoying", "annoyance"));
        m.put(Emotion.APPROVAL, List.of("approve", "approved", "approving", "approval"));
        m.put(Emotion.CARING, List.of("care", "cares", "caring"));
        m.put(Emotion.CONFUSION, List.of("confused", "confusing", "confusion"));
        m.put(Emotion.CURIOSITY, List.of("curious", "curiosity"));
        m.put(Emotion.DESIRE, List.of("desire", "desired"));
        m.put(Emotion.DISAPPOINTMENT, List.of("disappointed", "disappointing", "disappointment"));
        m.put(Emotion.DISAPPROVAL, List.of("disapprove", "disapproving", "disapproval"));
        m.put(Emotion.DISGUST, List.of("disgust", "disgusted", "disgusting"));
        m.put(Emotion.EMBARRASSMENT, List.of("embarrassed", "embarrassing", "embarrassment"));
        m.put(Emotion.EXCITEMENT, List.of("excited", "exciting", "excitement"));
        m.put(Emotion.FEAR, List.of("fear", "feared", "fearful"));
        m.put(Emotion.GRATITUDE, List.of("grateful", "gratitude"));
        m.put(Emotion.GRIEF, List.of("grief", "grieve", "grieving"));
        m.put(Emotion.JOY, List.of("joy", "joyful", "joyous"));
        m.put(Emotion.LOVE, List.of("love", "loved", "loving", "lovely"));
        m.put(Emotion.NERVOUSNESS, List.of("nervous", "nervousness"));
        m.put(Emotion.OPTIMISM, List.of("optimism", "optimistic"));
        m.put(Emotion.PRIDE, List.of("pride", "proud"));
        m.put(Emotion.REALIZATION, List.of("realize", "realized", "realise", "realised", "realization"));
        m.put(Emotion.RELIEF, List.of("relief", "relieved"));
        m.put(Emotion.REMORSE, List.of("remorse", "remorseful"));
        m.put(Emotion.SADNESS, List.of("sad", "sadly", "sadness", "saddened"));
        m.put(Emotion.SURPRISE, List.of("surprise", "surprised", "surprising"));
        m.put(Emotion.NEUTRAL, List.of("neutral"));
        return m;
    }

    /** One entry of a bank, with where it came from for failure messages. */
    private record Line(String where, String kind, Emotion emotion, Domain domain, String text) {
        boolean offerFrame() {
            return kind.equals("offers") || kind.equals("accepts");
        }

        boolean emotional() {
            return kind.equals("openers") || kind.equals("closers");
        }
    }

    private static List<Line> lines(String bankName, PhraseBank bank) {
        List<Line> out = new ArrayList<>();
        for (Emotion e : Emotion.values()) {
            if (e.isControl() && bank == PhraseBank.counterparty()) {
                continue;
            }
            add(out, bankName, "openers", e, null, bank.openers(e));
            add(out, bankName, "closers", e, null, bank.closers(e));
        }
        for (Domain d : Domain.values()) {
            add(out, bankName, "offers", null, d, bank.offers(d));
            add(out, bankName, "accepts", null, d, bank.accepts(d));
            add(out, bankName, "walkaways", null, d, bank.walkaways(d));
        }
        return out;
    }

    private static void add(List<Line> out, String bank, String kind, Emotion e, Domain d, List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            String key = e != null ? e.label() : d.id();
            out.add(new Line(bank + " " + kind + "." + key + "[" + i + "]", kind, e, d, texts.get(i)));
        }
    }

    private static List<Line> allLines() {
        List<Line> all = new ArrayList<>(lines("focal", PhraseBank.focal()));
        all.addAll(lines("counterparty", PhraseBank.counterparty()));
        return all;
    }

    /** Runs {@code check} on every line and fails once, listing every offending line. */
    private static void everyLine(String rule, Consumer<LineCheck> check) {
        List<String> bad = new ArrayList<>();
        for (Line line : allLines()) {
            LineCheck c = new LineCheck(line, bad);
            check.accept(c);
        }
        assertTrue(bad.isEmpty(), rule + " violated by " + bad.size() + " line(s):\n" + String.join("\n", bad));
    }

    private record LineCheck(Line line, List<String> bad) {
        void require(boolean ok, String why) {
            if (!ok) {
                bad.add(line.where() + ": " + why + ": \"" + line.text() + "\"");
            }
        }
    }

    private static String firstMatch(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? m.group() : null;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z{}' ]", " ").replaceAll("\\s+", " ").strip();
    }

    // ------------------------------------------------------------------------------------------------ counts

    @Test
    void focalBankHasEveryEmotionDomainAndTheControlWithTheMinimumCounts() {
        PhraseBank focal = PhraseBank.focal();
        assertAll(Stream.of(Emotion.values()).map(e -> () -> {
            assertTrue(focal.openers(e).size() >= 12, e.label() + " openers: " + focal.openers(e).size());
            assertTrue(focal.closers(e).size() >= 8, e.label() + " closers: " + focal.closers(e).size());
        }));
        assertAll(Stream.of(Domain.values()).map(d -> () -> {
            assertTrue(focal.topics(d).size() >= 4, d.id() + " topics");
            assertTrue(focal.offers(d).size() >= 14, d.id() + " offers");
            assertTrue(focal.accepts(d).size() >= 6, d.id() + " accepts");
            assertTrue(focal.walkaways(d).isEmpty(), d.id() + " focal walk-aways must be empty");
        }));
    }

    @Test
    void counterpartyBankHasEveryEmotionAndDomainWithTheMinimumCounts() {
        PhraseBank cp = PhraseBank.counterparty();
        assertAll(Emotion.GOEMOTIONS.stream().map(e -> () -> {
            assertTrue(cp.openers(e).size() >= 8, e.label() + " openers: " + cp.openers(e).size());
            assertTrue(cp.closers(e).isEmpty(), e.label() + " counterparty closers must be empty");
        }));
        assertAll(Stream.of(Domain.values()).map(d -> () -> {
            assertTrue(cp.offers(d).size() >= 14, d.id() + " offers");
            assertTrue(cp.accepts(d).size() >= 6, d.id() + " accepts");
            assertTrue(cp.walkaways(d).size() >= 6, d.id() + " walk-aways");
            assertEquals(PhraseBank.focal().topics(d), cp.topics(d), d.id() + " topics come from the focal bank");
        }));
    }

    @Test
    void controlOpenersExistOnlyForTheFocalAgent() {
        assertTrue(PhraseBank.focal().openers(Emotion.NO_EMOTION).size() >= 12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PhraseBank.counterparty().openers(Emotion.NO_EMOTION));
        assertTrue(e.getMessage().contains("no_emotion"), e.getMessage());
    }

    @Test
    void banksAreCachedAndTheirListsAreReadOnly() {
        assertSame(PhraseBank.focal(), PhraseBank.focal());
        assertSame(PhraseBank.counterparty(), PhraseBank.counterparty());
        List<String> anger = PhraseBank.focal().openers(Emotion.ANGER);
        assertThrows(UnsupportedOperationException.class, () -> anger.add("I'm furious, and that is that."));
    }

    @Test
    void sentenceCountIsTheNumberOfDistinctSentences() {
        for (String bank : List.of("focal", "counterparty")) {
            PhraseBank b = bank.equals("focal") ? PhraseBank.focal() : PhraseBank.counterparty();
            Set<String> distinct = new HashSet<>();
            lines(bank, b).forEach(l -> distinct.add(l.text()));
            assertEquals(distinct.size(), b.sentenceCount(), bank);
        }
        // 29 x (12 + 8) emotional lines + 4 x (14 + 6) offer lines, at the minimum.
        assertTrue(PhraseBank.focal().sentenceCount() >= 29 * 20 + 4 * 20);
        assertTrue(PhraseBank.counterparty().sentenceCount() >= 28 * 8 + 4 * 26);
    }

    // ------------------------------------------------------------------------------------------------ sentence rules

    @Test
    void noSentenceContainsDigitsOrNumberWords() {
        everyLine("no digits or number words", c -> {
            String bare = c.line().text().replace("{offer}", "X").replace("{topic}", "X");
            c.require(bare.chars().noneMatch(Character::isDigit), "digit");
            String word = firstMatch(NUMBER_WORD, bare);
            c.require(word == null, "number word '" + word + "'");
        });
    }

    @Test
    void timeWordsAppearOnlyAsTheFrameOfAnOffer() {
        everyLine("no time or unit words", c -> {
            String text = c.line().text();
            String unit = firstMatch(UNIT_WORD, text);
            c.require(unit == null, "unit word '" + unit + "'");
            String meridiem = firstMatch(AM_PM, text);
            c.require(meridiem == null, "AM/PM '" + meridiem + "'");
            if (!c.line().offerFrame()) {
                String vague = firstMatch(VAGUE_TIME_WORD, text);
                c.require(vague == null, "time word '" + vague + "' outside an offer frame");
            }
        });
    }

    @Test
    void placeholdersAreOfferOnceInOfferFramesAndTopicOnlyInFocalEmotionLines() {
        everyLine("placeholders", c -> {
            String text = c.line().text();
            Matcher m = BRACED.matcher(text);
            while (m.find()) {
                c.require(m.group().equals("{offer}") || m.group().equals("{topic}"), "placeholder " + m.group());
            }
            int offers = count(text, "{offer}");
            c.require(offers == (c.line().offerFrame() ? 1 : 0), offers + " x {offer}");
            int topics = count(text, "{topic}");
            boolean focalEmotional = c.line().emotional() && c.line().where().startsWith("focal");
            c.require(topics <= (focalEmotional ? 1 : 0), topics + " x {topic}");
        });
    }

    @Test
    void openersAndClosersAreSixToTwentyTwoWordSentences() {
        everyLine("length and shape", c -> {
            String text = c.line().text();
            c.require(Character.isUpperCase(text.charAt(0)), "starts without a capital");
            c.require(text.endsWith(".") || text.endsWith("!") || text.endsWith("?"), "no end punctuation");
            c.require(text.equals(text.strip()) && !text.contains("  "), "stray spaces");
            if (c.line().emotional()) {
                int words = text.split("\\s+").length;
                c.require(words >= 6 && words <= 22, words + " words");
            }
        });
    }

    @Test
    void noListHasDuplicatesAndNoSentenceBelongsToTwoEmotions() {
        Map<String, Emotion> owner = new HashMap<>();
        Map<String, Set<String>> perList = new HashMap<>();
        everyLine("uniqueness", c -> {
            Line line = c.line();
            String listKey = line.where().substring(0, line.where().indexOf('['));
            c.require(perList.computeIfAbsent(listKey, k -> new HashSet<>()).add(norm(line.text())),
                    "duplicate within " + listKey);
            if (line.emotional()) {
                Emotion previous = owner.putIfAbsent(norm(line.text()), line.emotion());
                c.require(previous == null || previous == line.emotion(),
                        "also listed under " + (previous == null ? "" : previous.label()));
            }
        });
    }

    @Test
    void noLineNamesAnEmotionOtherThanItsOwn() {
        everyLine("emotion words", c -> {
            Line line = c.line();
            for (Map.Entry<Emotion, List<String>> forms : LABEL_FORMS.entrySet()) {
                if (forms.getKey() == line.emotion()) {
                    continue;
                }
                for (String form : forms.getValue()) {
                    boolean named = Pattern.compile("\\b" + form + "\\b", Pattern.CASE_INSENSITIVE)
                            .matcher(line.text()).find();
                    c.require(!named, "names '" + form + "' (" + forms.getKey().label() + ")");
                }
            }
        });
    }

    @Test
    void acceptsAcceptWalkawaysLeaveAndOffersDoNeither() {
        everyLine("accept and walk-away cues", c -> {
            String text = c.line().text();
            switch (c.line().kind()) {
                case "accepts" -> c.require(ACCEPTING.matcher(text).find(), "accept without agree/accept/deal");
                case "walkaways" -> c.require(LEAVING.matcher(text).find(), "walk-away that does not end the talk");
                case "offers" -> c.require(!ACCEPTING.matcher(text).find() && !LEAVING.matcher(text).find(),
                        "offer that reads as accept or walk-away");
                default -> c.require(!LEAVING.matcher(text).find(), "emotion line that reads as a walk-away");
            }
        });
    }

    @Test
    void topicsAreShortLowerCaseNounPhrasesWithoutNumbersOrTimes() {
        for (Domain d : Domain.values()) {
            List<String> topics = PhraseBank.focal().topics(d);
            assertEquals(topics.size(), new HashSet<>(topics).size(), d.id() + " topic duplicates");
            for (String t : topics) {
                assertTrue(t.matches("[a-z][a-z' -]*[a-z]"), d.id() + " topic shape: " + t);
                assertTrue(t.split(" ").length <= 5, d.id() + " topic length: " + t);
                assertEquals(null, firstMatch(NUMBER_WORD, t), t);
                assertEquals(null, firstMatch(UNIT_WORD, t), t);
                assertEquals(null, firstMatch(VAGUE_TIME_WORD, t), t);
            }
        }
    }

    /** An assembled focal message must state exactly the offer once, whatever opener, topic and closer it uses. */
    @Test
    void assembledFocalMessagesCarryExactlyTheOneOffer() {
        PhraseBank focal = PhraseBank.focal();
        Pattern numbers = Pattern.compile("\\d+(?::\\d+)?");
        for (Domain d : Domain.values()) {
            String offer = SAMPLE_OFFER.get(d);
            String topic = focal.topics(d).get(0);
            for (Emotion e : Emotion.values()) {
                for (int i = 0; i < focal.openers(e).size(); i++) {
                    String closer = focal.closers(e).get(i % focal.closers(e).size());
                    String sentence = focal.offers(d).get(i % focal.offers(d).size());
                    String message = (focal.openers(e).get(i) + " " + sentence + " " + closer)
                            .replace("{offer}", offer).replace("{topic}", topic);
                    Matcher m = numbers.matcher(message);
                    int found = 0;
                    while (m.find()) {
                        found++;
                    }
                    assertEquals(1, found, message);
                    assertEquals(1, count(message, offer), message);
                    assertTrue(!message.contains("{"), message);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ loader

    private static String resource(String name) {
        try (InputStream in = PhraseBank.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode tree(Role role) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(resource(role.fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String setEntry(Role role, String pointer, int index, String text) {
        ObjectNode root = tree(role);
        ((ArrayNode) root.at(pointer)).set(index, TextNode.valueOf(text));
        return Json.line(root);
    }

    @Test
    void theBundledFilesPassTheLoaderUnchanged() {
        for (Role role : Role.values()) {
            PhraseBank bank = PhraseBank.parse(role, "copy.json", Json.line(tree(role)));
            assertTrue(bank.sentenceCount() > 0, role.name());
        }
    }

    static Stream<Arguments> badEntries() {
        Role focal = Role.FOCAL;
        Role cp = Role.COUNTERPARTY;
        return Stream.of(
                Arguments.of(focal, "/openers/anger", 2, "I'm angry about the 3 missed calls, truly.", "digit"),
                Arguments.of(focal, "/openers/anger", 2, "I'm angry about the two missed calls, truly.", "'two'"),
                Arguments.of(focal, "/openers/anger", 2, "I'm angry that this has dragged on for weeks.", "'weeks'"),
                Arguments.of(focal, "/closers/anger", 3, "I'm angry that we are still stuck here tonight.",
                        "'tonight'"),
                Arguments.of(focal, "/openers/anger", 2, "I'm angry, and {offer} is far too generous.", "{offer}"),
                Arguments.of(focal, "/openers/anger", 2, "I'm angry about {amount}, and I will say so.",
                        "{amount}"),
                Arguments.of(focal, "/openers/anger", 2, "I'm angry about {topic} and {topic} alike.", "{topic}"),
                Arguments.of(focal, "/openers/anger", 2, "I'm angry and quite sad about all of this.",
                        "sadness"),
                Arguments.of(focal, "/openers/no_emotion", 0, "Here is our proposal, with some optimism.",
                        "optimism"),
                Arguments.of(focal, "/openers/anger", 2, "I'm angry.", "words"),
                Arguments.of(focal, "/openers/anger", 2, "i'm angry about this whole situation.", "capital"),
                Arguments.of(focal, "/openers/anger", 2, "I'm angry about this whole situation", "end with"),
                Arguments.of(focal, "/openers/anger", 2, "I'm angry, and I want no deal with you at all.",
                        "walk-away"),
                Arguments.of(focal, "/offers/debt", 1, "Pay {offer} or {offer}, your choice.", "exactly 1"),
                Arguments.of(focal, "/offers/debt", 1, "We accept payment within {offer}.", "acceptance"),
                Arguments.of(focal, "/offers/medical", 1, "We can operate in {offer} or in a few weeks.", "'weeks'"),
                Arguments.of(focal, "/offers/student", 1, "Bed by {offer}, not midnight.", "'midnight'"),
                Arguments.of(focal, "/accepts/medical", 0, "We will book the surgery in {offer}.", "agree"),
                Arguments.of(focal, "/topics/debt", 0, "The Balance.", "noun phrase"),
                Arguments.of(cp, "/walkaways/debt", 0, "I need to think about this some more.", "end the talk"),
                Arguments.of(cp, "/openers/anger", 0, "I'm furious about {topic}, honestly.", "{topic}"),
                Arguments.of(cp, "/offers/student", 0, "I'll be in bed by {offer} or {topic}.", "{topic}"));
    }

    @ParameterizedTest(name = "{1}[{2}] = {3}")
    @MethodSource("badEntries")
    void theLoaderRejectsABadEntryNamingFileKeyAndIndex(Role role, String pointer, int index, String text,
                                                        String reason) {
        String json = setEntry(role, pointer, index, text);
        InputException e = assertThrows(InputException.class, () -> PhraseBank.parse(role, "edited.json", json));
        String path = pointer.substring(1).replace('/', '.') + "[" + index + "]";
        assertTrue(e.getMessage().startsWith("edited.json, " + path + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void theLoaderRejectsDuplicatesWithinAListAndAcrossEmotions() {
        Role focal = Role.FOCAL;
        String first = PhraseBank.focal().openers(Emotion.ANGER).get(0);
        String dup = setEntry(focal, "/openers/anger", 3, first.toUpperCase(Locale.ROOT).charAt(0)
                + first.substring(1).replace(".", "!"));
        InputException e = assertThrows(InputException.class, () -> PhraseBank.parse(focal, "f.json", dup));
        assertTrue(e.getMessage().contains("openers.anger[3]") && e.getMessage().contains("[0]"), e.getMessage());

        String joyLine = PhraseBank.focal().closers(Emotion.JOY).get(1);
        String shared = setEntry(focal, "/openers/anger", 5, joyLine);
        e = assertThrows(InputException.class, () -> PhraseBank.parse(focal, "f.json", shared));
        assertTrue(e.getMessage().contains("closers.joy[1]") && e.getMessage().contains("openers.anger[5]"),
                e.getMessage());
    }

    @Test
    void theLoaderRejectsMissingUnknownAndShortSectionsAndBadFiles() {
        Role focal = Role.FOCAL;
        ObjectNode missing = tree(focal);
        ((ObjectNode) missing.get("openers")).remove("grief");
        assertMessage(focal, Json.line(missing), "f.json, openers.grief: missing");

        ObjectNode unknown = tree(focal);
        ((ObjectNode) unknown.get("closers")).set("anguish", unknown.get("closers").get("grief"));
        assertMessage(focal, Json.line(unknown), "f.json, closers.anguish: unknown key");

        ObjectNode shortList = tree(focal);
        ArrayNode joy = (ArrayNode) shortList.at("/closers/joy");
        while (joy.size() > 3) {
            joy.remove(joy.size() - 1);
        }
        assertMessage(focal, Json.line(shortList), "f.json, closers.joy: needs at least 8 entries, has 3");

        ObjectNode version = tree(focal);
        version.put("schema_version", 2);
        assertMessage(focal, Json.line(version), "f.json, schema_version: must be 1");

        ObjectNode walk = tree(Role.COUNTERPARTY);
        walk.remove("walkaways");
        assertMessage(Role.COUNTERPARTY, Json.line(walk), "f.json, walkaways: missing");

        String text = resource(focal.fileName);
        String twice = text.replaceFirst("\"schema_version\": 1,", "\"schema_version\": 1, \"schema_version\": 1,");
        assertTrue(!twice.equals(text), "the fixture edit must apply");
        assertMessage(focal, twice, "f.json: not valid JSON: Duplicate field 'schema_version'");
        assertMessage(focal, "{ \"schema_version\": 1, ", "f.json: not valid JSON");
    }

    private static void assertMessage(Role role, String json, String expectedPrefix) {
        InputException e = assertThrows(InputException.class, () -> PhraseBank.parse(role, "f.json", json));
        assertTrue(e.getMessage().startsWith(expectedPrefix), e.getMessage());
    }
}
