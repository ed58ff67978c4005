package dev.emodistill.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an {@code --agents} list. Agents are comma-separated, but rule policies contain commas themselves
 * ({@code rule:ekman:anger>gratitude,fear>anger,default>sadness}, {@code rule:phase:anger,gratitude@0.4}); a piece
 * that continues a rule (it holds {@code >} or {@code @}, or is the late emotion of a phase rule) is joined back.
 */
final class AgentSpecs {
    private AgentSpecs() {
    }

    static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String raw : list.split(",")) {
            String piece = raw.trim();
            if (piece.isEmpty()) {
                continue;
            }
            if (!out.isEmpty() && continuesRule(out.get(out.size() - 1), piece)) {
                out.set(out.size() - 1, out.get(out.size() - 1) + "," + piece);
            } else {
                out.add(piece);
            }
        }
        return out;
    }

    private static boolean continuesRule(String previous, String piece) {
        if (!previous.startsWith("rule:")) {
            return false;
        }
        if (previous.startsWith("rule:phase:")) {
            return !previous.contains("@");
        }
        return piece.contains(">");
    }
}
