package dev.emodistill.lm.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.IntentCues;
import dev.emodistill.negotiation.OfferFormat;
import dev.emodistill.negotiation.OfferParser;
import dev.emodistill.negotiation.Role;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class NeutralGrammarTest {
    /** Our own list of affect words (stems), independent of the phrase bank's. */
    private static final List<String> EMOTION_STEMS = List.of(
            "admir", "amaz", "amus", "funny", "angr", "anger", "furious", "outrag", "annoy", "irritat", "frustrat",
            "approv", "caring", "confus", "puzzl", "curio", "desir", "want", "disappoint", "disgust", "embarrass",
            "ashamed", "excit", "thrill", "fear", "afraid", "scared", "scary", "terrif", "grateful", "gratitude",
            "thank", "grie", "heartbr", "joy", "delight", "happy", "happi", "glad", "love", "lovely", "nervous", "anxi",
            "worr", "panic", "optimis", "hope", "proud", "pride", "realiz", "relie", "remors", "sorry", "apolog",
            "regret", "sad", "unhapp", "upset", "miserab", "surpris", "shock", "astonish", "wow", "great",
            "wonderful", "fantastic", "excellent", "awesome", "terribl", "awful", "horribl", "hate", "ugh", "damn",
            "unfortunat", "fortunat", "luck", "feel", "pleased", "pleasure", "enjoy", "eager", "concern", "upset");
    private static final Pattern CARE = Pattern.compile("\\bcar(?:e|es|ed|ing)\\b", Pattern.CASE_INSENSITIVE);
    /** Number words and time words that the offer parser could read as (part of) an offer. */
    private static final Pattern NUMBER_OR_UNIT = Pattern.compile("\\b(?:zero|one|two|three|four|five|six|seven"
            + "|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|half|couple"
            + "|dozen|once|twice|first|second|third|days?|daily|weeks?|weekly|weekends?|fortnights?|months?"
            + "|monthly|years?|minutes?|hours?|hourly|o'clock|midnight|noon|today|tomorrow|tonight|overnight"
            + "|quarter)\\b|(?-i:\\b(?:AM|PM)\\b)|[ap]\\.m\\.|\\d", Pattern.CASE_INSENSITIVE);

    private static final Map<Domain, List<GrammarLine>> LINES = new EnumMap<>(Domain.class);

    /** Independent lines plus whole dialogues; built once per domain and shared by the tests. */
    private static synchronized List<GrammarLine> allLines(Domain domain) {
        return LINES.computeIfAbsent(domain, NeutralGrammarTest::generate);
    }

    private static List<GrammarLine> generate(Domain domain) {
        List<GrammarLine> lines = new ArrayList<>(NeutralGrammar.lines(domain, 4000, 17));
        for (List<GrammarLine> d : NeutralGrammar.dialogues(domain, 400, 23)) {
            lines.addAll(d);
        }
        return lines;
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void theParserReadsBackEveryStatedOffer(Domain domain) {
        int withOffer = 0;
        for (GrammarLine line : allLines(domain)) {
            List<Double> parsed = OfferParser.parseAll(domain, line.text());
            if (line.offer() == null) {
                assertEquals(List.of(), parsed, () -> "an offer where none is stated: " + line);
            } else {
                withOffer++;
                assertFalse(parsed.isEmpty(), () -> "no offer parsed: " + line);
                assertEquals(line.offer(), parsed.get(parsed.size() - 1), () -> "wrong offer: " + line);
                assertEquals(line.offer(), OfferParser.parse(domain, line.text()).getAsDouble());
                assertTrue(line.text().contains(OfferFormat.render(domain, line.offer())), line::toString);
                assertEquals(line.offer(), NeutralGrammar.round(domain, line.offer()), "stated values are rounded");
            }
        }
        assertTrue(withOffer > 3000, "offers checked: " + withOffer);
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void noNumbersOrTimeWordsOutsideTheOffers(Domain domain) {
        for (GrammarLine line : allLines(domain)) {
            String rest = line.text();
            for (Double v : OfferParser.parseAll(domain, line.text())) {
                // Not inside a longer number: "5 days" must not eat the end of "185 days".
                rest = rest.replaceAll("(?<![\\d:])" + Pattern.quote(OfferFormat.render(domain, v)), " ");
            }
            Matcher m = NUMBER_OR_UNIT.matcher(rest);
            String remainder = rest;
            assertFalse(m.find(), () -> "stray number or time word in: " + line.text() + " | " + remainder);
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void theTextIsFreeOfEmotionWords(Domain domain) {
        Set<String> banned = new HashSet<>(EMOTION_STEMS);
        Pattern tone = Pattern.compile("Use an? (\\w+) tone");
        for (Emotion e : Emotion.GOEMOTIONS) {
            if (e == Emotion.NEUTRAL) {
                continue;
            }
            banned.add(e.label());
            Matcher m = tone.matcher(e.affectivePrompt());
            assertTrue(m.find(), e.affectivePrompt());
            banned.add(m.group(1));
        }
        Pattern emotionWord = Pattern.compile("\\b(?:" + String.join("|", banned) + ")[a-z']*",
                Pattern.CASE_INSENSITIVE);
        assertTrue(emotionWord.matcher("We are Glad to hear it.").find(), "the detector itself works");
        assertTrue(emotionWord.matcher("That is an optimistic plan.").find(), "tone words are banned");
        for (GrammarLine line : allLines(domain)) {
            String text = line.text();
            assertFalse(text.contains("!"), () -> "exclamation: " + text);
            assertFalse(CARE.matcher(text).find(), () -> "caring word: " + text);
            Matcher m = emotionWord.matcher(text);
            assertFalse(m.find(), () -> "emotion word in: " + text);
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void acceptancesAndWalkAwaysReadAsSuchAndNothingElseDoes(Domain domain) {
        for (GrammarLine line : allLines(domain)) {
            IntentCues.Intent intent = IntentCues.detect(line.text());
            switch (line.move()) {
                case ACCEPT -> assertEquals(IntentCues.Intent.ACCEPT, intent, line::toString);
                case WALK_AWAY -> assertEquals(IntentCues.Intent.WALK_AWAY, intent, line::toString);
                case CLOSING -> assertNotEquals(IntentCues.Intent.WALK_AWAY, intent, line::toString);
                default -> assertEquals(IntentCues.Intent.NONE, intent, line::toString);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Domain.class)
    void dialoguesAlternateFromTheFocalSideAndEndInADecision(Domain domain) {
        for (List<GrammarLine> dialogue : NeutralGrammar.dialogues(domain, 300, 5)) {
            assertEquals(Role.FOCAL, dialogue.get(0).role());
            assertEquals(Move.OPENING, dialogue.get(0).move());
            for (int i = 1; i < dialogue.size(); i++) {
                assertEquals(dialogue.get(i - 1).role().other(), dialogue.get(i).role(), "turns alternate");
            }
            GrammarLine last = dialogue.get(dialogue.size() - 1);
            if (last.move() == Move.WALK_AWAY) {
                continue;
            }
            assertEquals(Move.CLOSING, last.move());
            GrammarLine accept = dialogue.get(dialogue.size() - 2);
            assertEquals(Move.ACCEPT, accept.move());
            // The acceptance takes the other side's latest stated offer.
            Double standing = null;
            for (GrammarLine l : dialogue.subList(0, dialogue.size() - 2)) {
                if (l.role() != accept.role() && l.offer() != null) {
                    standing = l.offer();
                }
            }
            assertNotNull(standing);
            assertEquals(standing, accept.offer());
            assertTrue(last.offer() == null || last.offer().equals(accept.offer()));
            assertTrue(dialogue.size() <= 30, "short: " + dialogue.size());
        }
    }

    @Test
    void concessionsMoveTowardTheOtherSide() {
        for (Domain domain : Domain.values()) {
            for (List<GrammarLine> dialogue : NeutralGrammar.dialogues(domain, 200, 8)) {
                Double[] last = new Double[2];
                for (GrammarLine l : dialogue) {
                    int me = l.role().ordinal();
                    if (l.move() == Move.COUNTER_OFFER) {
                        double theirs = last[1 - me];
                        double gapBefore = Math.abs(theirs - last[me]);
                        double gapAfter = Math.abs(theirs - l.offer());
                        assertTrue(gapAfter < gapBefore, () -> "no concession in " + l);
                    }
                    if (l.offer() != null && l.move() != Move.ACCEPT && l.move() != Move.CLOSING) {
                        last[me] = l.offer();
                    }
                }
            }
        }
    }

    @Test
    void seededAndVaried() {
        for (Domain domain : Domain.values()) {
            assertEquals(NeutralGrammar.sample(domain, 500, 42), NeutralGrammar.sample(domain, 500, 42));
            assertNotEquals(NeutralGrammar.sample(domain, 500, 42), NeutralGrammar.sample(domain, 500, 43));
            assertEquals(NeutralGrammar.dialogue(domain, 9), NeutralGrammar.dialogue(domain, 9));
            Set<String> distinct = new HashSet<>(NeutralGrammar.sample(domain, 5000, 1));
            assertTrue(distinct.size() > 3000, domain + " distinct lines: " + distinct.size());
            Set<Move> moves = EnumSet.noneOf(Move.class);
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (GrammarLine l : NeutralGrammar.lines(domain, 2000, 3)) {
                moves.add(l.move());
                roles.add(l.role());
            }
            assertEquals(EnumSet.allOf(Move.class), moves);
            assertEquals(EnumSet.allOf(Role.class), roles);
        }
    }

    @Test
    void studentOffersAreClockTimes() {
        for (GrammarLine l : NeutralGrammar.lines(Domain.STUDENT, 500, 4)) {
            if (l.offer() != null) {
                assertTrue(l.text().matches(".*\\b\\d{1,2}:\\d\\d (AM|PM)\\b.*"), l.text());
                assertEquals(0, Math.abs(l.offer() % 5), "five-minute steps: " + l.offer());
            }
        }
    }

    @Test
    void questionsAndWalkAwaysStateNoOffer() {
        for (GrammarLine l : NeutralGrammar.lines(Domain.DEBT, 2000, 6)) {
            if (l.move() == Move.QUESTION || l.move() == Move.WALK_AWAY) {
                assertNull(l.offer());
            }
        }
    }
}
