package dev.emodistill.emotion;

import dev.emodistill.emotion.GoEmotionsTsv.Example;
import dev.emodistill.io.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoEmotionsTsvTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    @Test
    void readsAGoodFileInOrder() throws IOException {
        Path file = write("good.tsv", "What a lovely surprise\t26\taa1\nI can't stand this\t2\tbb2\nOk then\t27\tcc3\n");
        List<Example> rows = GoEmotionsTsv.read(file);
        assertEquals(3, rows.size());
        assertEquals(new Example("What a lovely surprise", List.of(Emotion.SURPRISE), "aa1"), rows.get(0));
        assertEquals(List.of(Emotion.ANGER), rows.get(1).labels());
        assertEquals("bb2", rows.get(1).id());
        assertEquals(List.of(Emotion.NEUTRAL), rows.get(2).labels());
    }

    @Test
    void readsMultipleLabelsInFileOrder() throws IOException {
        Path file = write("multi.tsv", "Thanks, that is such a relief\t15,23\tx1\nHaha wow\t1, 26\tx2\n");
        List<Example> rows = GoEmotionsTsv.read(file);
        assertEquals(List.of(Emotion.GRATITUDE, Emotion.RELIEF), rows.get(0).labels());
        assertEquals(List.of(Emotion.AMUSEMENT, Emotion.SURPRISE), rows.get(1).labels());
    }

    @Test
    void toleratesCrlfBlankLinesBomAndTrailingNewline() throws IOException {
        Path file = write("crlf.tsv", "\uFEFFFirst line text\t0\tid1\r\n\r\n  \r\nSecond text\t17\tid2\r\n\r\n");
        List<Example> rows = GoEmotionsTsv.read(file);
        assertEquals(2, rows.size());
        assertEquals("First line text", rows.get(0).text());
        assertEquals("id1", rows.get(0).id());
        assertEquals("id2", rows.get(1).id());
        assertEquals(List.of(Emotion.JOY), rows.get(1).labels());
    }

    @Test
    void keepsRealGoEmotionsTextAsIs() throws IOException {
        String text = "\"[NAME] said \"\"no way\"\" 😂 lol\" — really?";
        Path file = write("real.tsv", text + "\t1,26\teew5j0j\n");
        assertEquals(text, GoEmotionsTsv.read(file).get(0).text());
    }

    @Test
    void wrongColumnCountNamesLineAndField() throws IOException {
        Path two = write("two.tsv", "fine\t27\tok1\nmissing id\t27\n");
        InputException e = assertThrows(InputException.class, () -> GoEmotionsTsv.read(two));
        assertError(e, "two.tsv", 2, "columns");
        assertTrue(e.getMessage().contains("found 2"), e.getMessage());

        Path four = write("four.tsv", "a\t1\tb\textra\n");
        assertError(assertThrows(InputException.class, () -> GoEmotionsTsv.read(four)), "four.tsv", 1, "columns");
    }

    @Test
    void emptyTextNamesLineAndField() throws IOException {
        Path file = write("empty.tsv", "ok\t4\ta\n\t4\tb\n");
        assertError(assertThrows(InputException.class, () -> GoEmotionsTsv.read(file)), "empty.tsv", 2, "text");
        Path blank = write("blank.tsv", "   \t4\tb\n");
        assertError(assertThrows(InputException.class, () -> GoEmotionsTsv.read(blank)), "blank.tsv", 1, "text");
    }

    @Test
    void nonIntegerLabelNamesLineAndField() throws IOException {
        Path file = write("word.tsv", "ok\t4\ta\nbad\tjoy\tb\n");
        InputException e = assertThrows(InputException.class, () -> GoEmotionsTsv.read(file));
        assertError(e, "word.tsv", 2, "labels");
        assertTrue(e.getMessage().contains("'joy'"), e.getMessage());

        Path dangling = write("dangling.tsv", "bad\t4,\tb\n");
        assertError(assertThrows(InputException.class, () -> GoEmotionsTsv.read(dangling)), "dangling.tsv", 1, "labels");

        Path none = write("none.tsv", "bad\t\tb\n");
        assertError(assertThrows(InputException.class, () -> GoEmotionsTsv.read(none)), "none.tsv", 1, "labels");
    }

    @Test
    void labelIndexOutOfRangeNamesLineAndField() throws IOException {
        Path high = write("high.tsv", "a\t3\tx\nb\t3\ty\nc\t2,28\tz\n");
        InputException e = assertThrows(InputException.class, () -> GoEmotionsTsv.read(high));
        assertError(e, "high.tsv", 3, "labels");
        assertTrue(e.getMessage().contains("28") && e.getMessage().contains("0..27"), e.getMessage());

        Path negative = write("negative.tsv", "a\t-1\tx\n");
        assertError(assertThrows(InputException.class, () -> GoEmotionsTsv.read(negative)), "negative.tsv", 1, "labels");
    }

    @Test
    void invalidUtf8IsAnInputError() throws IOException {
        Path file = dir.resolve("latin1.tsv");
        Files.write(file, new byte[] {'c', 'a', 'f', (byte) 0xE9, '\t', '2', '7', '\t', 'x', '\n'});
        InputException e = assertThrows(InputException.class, () -> GoEmotionsTsv.read(file));
        assertTrue(e.getMessage().contains("latin1.tsv") && e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void missingFileIsAnInputError() {
        Path file = dir.resolve("nope.tsv");
        InputException e = assertThrows(InputException.class, () -> GoEmotionsTsv.read(file));
        assertTrue(e.getMessage().contains("nope.tsv"), e.getMessage());
    }

    @Test
    void readsClasspathResourcesAndReportsMissingOnes() {
        List<Example> rows = GoEmotionsTsv.readResource("/" + GoEmotionsTsv.HELDOUT_RESOURCE);
        assertEquals(GoEmotionsTsv.readHeldout(), rows);
        InputException e = assertThrows(InputException.class,
                () -> GoEmotionsTsv.readResource("dev/emodistill/emotion/absent.tsv"));
        assertTrue(e.getMessage().contains("absent.tsv"), e.getMessage());
    }

    @Test
    void exampleRejectsEmptyLabelsAndTheControl() {
        assertThrows(IllegalArgumentException.class, () -> new Example("hi", List.of(), "a"));
        assertThrows(IllegalArgumentException.class, () -> new Example("hi", List.of(Emotion.NO_EMOTION), "a"));
        assertThrows(IllegalArgumentException.class, () -> new Example(" ", List.of(Emotion.JOY), "a"));
    }

    private static void assertError(InputException e, String file, int line, String field) {
        String m = e.getMessage();
        assertTrue(m.contains(file), "no file name in: " + m);
        assertTrue(m.contains("line " + line + ","), "no 'line " + line + "' in: " + m);
        assertTrue(m.contains("field '" + field + "'"), "no field '" + field + "' in: " + m);
    }
}
