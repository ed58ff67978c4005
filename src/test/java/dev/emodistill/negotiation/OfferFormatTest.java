package dev.emodistill.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.emodistill.domain.Domain;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class OfferFormatTest {

    /** Sentences an agent might wrap an offer in; each one holds distractors the parser must skip. */
    private static final String[] TEMPLATES = {
        "%s",
        "How about %s?",
        "I hear you. My offer is %s, final answer.",
        "Case 7: after talking to my 2 partners, %s is what I can do.",
        "\u2026 %s \u2026",
        "We discussed $5,000 and 40%% earlier; let's settle on %s.",
        "No. %s.",
    };

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            debt     | 14      | 14 days
            debt     | 1       | 1 day
            debt     | 0.6     | 1 day
            debt     | 10.5    | 11 days
            debt     | 0       | 0 days
            medical  | 180.2   | 180 days
            disaster | 90      | 90 minutes
            disaster | 1       | 1 minute
            disaster | 44.5    | 45 minutes
            student  | 90      | 10:30 PM
            student  | 180     | 12:00 AM
            student  | 270     | 1:30 AM
            student  | -30     | 8:30 PM
            """)
    void rendersWholeUnitsAndClockTimes(String domain, double value, String expected) {
        assertEquals(expected, OfferFormat.render(Domain.parse(domain).orElseThrow(), value));
    }

    /** Property: every rendering, inside any sentence, parses back to the rounded value. */
    @ParameterizedTest
    @EnumSource(Domain.class)
    void renderingParsesBackToTheRoundedValue(Domain domain) {
        Random random = new Random(20260 + domain.ordinal());
        boolean clock = domain == Domain.STUDENT;
        // Every bedtime the parser accepts (6 PM up to 6 AM), and a wide span of days or minutes.
        int low = clock ? OfferClockTimes.EARLIEST : 0;
        int high = clock ? OfferClockTimes.LATEST_EXCLUSIVE - 1 : 5000;
        int checked = 0;
        for (int v = low; v <= high; v++) {
            assertRoundTrip(domain, v, TEMPLATES[Math.floorMod(v, TEMPLATES.length)]);
            checked++;
        }
        for (int n = 0; n < 3000; n++) {
            // Fractional values round half up; stay inside the accepted range after rounding.
            double v = low + random.nextDouble() * (high - low);
            assertRoundTrip(domain, v, TEMPLATES[random.nextInt(TEMPLATES.length)]);
            checked++;
        }
        assertTrue(checked > 3000);
    }

    private static void assertRoundTrip(Domain domain, double value, String template) {
        String sentence = String.format(template, OfferFormat.render(domain, value));
        OptionalDouble parsed = OfferParser.parse(domain, sentence);
        assertTrue(parsed.isPresent(), () -> "no offer parsed from <" + sentence + ">");
        assertEquals(Math.round(value), parsed.getAsDouble(), 0.0, sentence);
    }

    @Test
    void rejectsNonFiniteValues() {
        assertThrows(IllegalArgumentException.class, () -> OfferFormat.render(Domain.DEBT, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> OfferFormat.render(Domain.DISASTER, Double.POSITIVE_INFINITY));
    }
}
