package dev.emodistill.sim;

import dev.emodistill.emotion.Emotion;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The word lists behind the sentence rules. The tests keep their own lists on purpose, so a gap here cannot
 * hide a bad sentence in both places at once.
 */
final class PhraseBankWords {
    private PhraseBankWords() {
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
