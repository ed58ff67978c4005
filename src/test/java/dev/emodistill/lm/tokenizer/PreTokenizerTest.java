package dev.emodistill.lm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PreTokenizerTest {
    @Test
    void byteTableIsABijectionOntoPrintableCharacters() {
        Set<Character> seen = new HashSet<>();
        for (int b = 0; b < 256; b++) {
            char c = ByteUnicode.charOf(b);
            assertTrue(seen.add(c), "byte " + b + " shares its character");
            assertEquals(b, ByteUnicode.byteOf(c));
            assertTrue(!Character.isWhitespace(c) && !Character.isISOControl(c), "byte " + b + " -> U+" + (int) c);
        }
        assertEquals('Ġ', ByteUnicode.charOf(' '));
        assertEquals('Ċ', ByteUnicode.charOf('\n'));
        assertEquals('a', ByteUnicode.charOf('a'));
    }

    @Test
    void everyDigitIsItsOwnPieceAndWordsKeepTheirLeadingSpace() {
        assertEquals(List.of("I", "Ġoffer", "Ġ", "1", "2", "3", "4", "Ġdays", "."),
                PreTokenizer.pieces("I offer 1234 days."));
        assertEquals(List.of("By", "Ġ", "1", "0", ":", "3", "0", "ĠPM", "?"), PreTokenizer.pieces("By 10:30 PM?"));
    }

    @Test
    void contractionsPunctuationAndWhitespaceFollowTheGpt2Regex() {
        assertEquals(List.of("we", "'re", "Ġdone", "Ġ", "Ġnow", "!!", "Ċ"), PreTokenizer.pieces("we're done  now!!\n"));
        assertEquals(List.of("a", "ĠĠĠ"), PreTokenizer.pieces("a   "));
    }

    @Test
    void piecesConcatenateBackToTheText() {
        for (String text : TestCorpus.lines(300, 5)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String piece : PreTokenizer.pieces(text)) {
                ByteUnicode.appendBytes(piece, out);
            }
            assertEquals(text, out.toString(StandardCharsets.UTF_8));
        }
    }
}
