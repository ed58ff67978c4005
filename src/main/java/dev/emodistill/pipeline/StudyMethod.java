package dev.emodistill.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The methods of the study's main table, in the order the evaluation plays them; the first, the full stack, is the
 * reference every other method is compared with. Each knows its label in the report and its {@code evaluate}
 * agent spec (docs/lm.md).
 */
public enum StudyMethod {
    FULL_STACK("full stack (IQL + SFT + JPO)"),
    NO_JPO("no JPO (IQL + SFT)"),
    IQL_ONLY("IQL only (affective prompt)"),
    EMOTION_FREE("emotion-free SFT"),
    SFT_ONLY("SFT only (random emotions)"),
    VANILLA_SLM("vanilla SLM"),
    IQL_TEMPLATES("IQL selector + templates"),
    FIXED_BEST("best fixed emotion"),
    RANDOM("random emotions"),
    NO_EMOTION("no emotion");

    /** The methods also played against the held-out personas. */
    public static final List<StudyMethod> PERSONA_METHODS = List.of(FULL_STACK, IQL_ONLY, VANILLA_SLM);

    private final String label;

    StudyMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * The trained artefacts a method spec is built from.
     *
     * @param selectors IQL checkpoints (one per training seed)
     * @param base      the pocket base model folder
     * @param sft       the emotion-conditioned SFT adapter
     * @param free      the emotion-free SFT adapter
     * @param jpo       the JPO adapter
     */
    public record Artefacts(List<Path> selectors, Path base, Path sft, Path free, Path jpo) {
        public Artefacts {
            selectors = List.copyOf(selectors);
            if (selectors.isEmpty()) {
                throw new IllegalArgumentException("no selector checkpoint");
            }
        }

        /** {@code A+B+C}: the checkpoints pooled over training seeds. */
        String selector() {
            return selectors.stream().map(Path::toString).collect(Collectors.joining("+"));
        }
    }

    /** The {@code evaluate --agents} spec of this method. */
    public String spec(Artefacts a) {
        return switch (this) {
            case FULL_STACK -> "emodistill:" + a.selector() + "@" + a.jpo();
            case NO_JPO -> "emodistill:" + a.selector() + "@" + a.sft();
            case IQL_ONLY -> "iql-only:" + a.selector() + "@" + a.base();
            case EMOTION_FREE -> "emotion-free:" + a.selector() + "@" + a.free();
            case SFT_ONLY -> "sft-only:" + a.sft();
            case VANILLA_SLM -> "vanilla-slm:" + a.base();
            case IQL_TEMPLATES -> "iql:" + a.selector();
            case FIXED_BEST -> "fixed:best";
            case RANDOM -> "random";
            case NO_EMOTION -> "no-emotion";
        };
    }

    /** Whether the method speaks with the pocket language model (the slow part of an evaluation). */
    public boolean speaksWithLm() {
        return ordinal() <= VANILLA_SLM.ordinal();
    }
}
