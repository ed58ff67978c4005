package dev.emodistill.emotion;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextUnitsTest {
    @Test
    void masksEveryDigitAndCollapsesSpace() {
        assertEquals("Pay within 00 days, by 00:00 PM.", TextUnits.maskDigits("  Pay within 14 days,\n by 10:30 PM. "));
        assertEquals(TextUnits.maskDigits("within 14 days"), TextUnits.maskDigits("within 21 days"));
    }

    @Test
    void splitsSentencesOnTerminalPunctuation() {
        assertEquals(List.of("I am furious.", "Pay within 00 days!", "Why?"),
                TextUnits.sentences("I am furious. Pay within 00 days! Why?"));
        assertEquals(List.of("no punctuation here"), TextUnits.sentences("no punctuation here"));
        assertEquals(List.of("He said \"stop.\"", "Then left."), TextUnits.sentences("He said \"stop.\" Then left."));
    }
}
