package dev.emodistill.report;

/** Escaping shared by the SVG and HTML writers, whose text comes from labels, file names and model output. */
final class Markup {
    private Markup() {
    }

    /**
     * Text safe inside XML/HTML elements and double- or single-quoted attributes. Control characters that XML 1.0
     * forbids (and lone surrogates) become U+FFFD, so one odd byte in a label cannot make the whole chart
     * unparseable.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (allowed(c)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean allowed(char c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return true;
        }
        return c >= 0x20 && !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF;
    }
}
