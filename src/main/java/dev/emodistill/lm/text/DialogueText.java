package dev.emodistill.lm.text;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.OfferFormat;
import dev.emodistill.negotiation.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one place that lays out a training or prompting example for the pocket LM:
 *
 * <pre>
 * &lt;|system|&gt;debt. You are the collection agent.&lt;|context|&gt;Debtor: I can pay within 60 days.
 * &lt;|system|&gt;Offer 14 days.&lt;|emotion|&gt;none&lt;|response|&gt;I propose full payment within 14 days.&lt;|eos|&gt;
 * </pre>
 *
 * (one line in reality; context lines are joined by a newline). The pocket model's context is 128 tokens, so
 * the layout is terse: a short system line that names the domain and the role, at most the last two messages,
 * then the act with its number and the emotion label (or "none") right before the response (the model copies the
 * number, DESIGN §3, and follows the label). Layout version {@link #LAYOUT_VERSION} (recorded by pre-training). No spaces around the markers: they are tokens of their own.
 */
public final class DialogueText {
    public static final String SYSTEM = "<|system|>";
    public static final String CONTEXT = "<|context|>";
    public static final String EMOTION = "<|emotion|>";
    public static final String RESPONSE = "<|response|>";
    public static final String EOS = "<|eos|>";
    /** Messages of history kept in a prompt. */
    public static final int MAX_CONTEXT_LINES = 2;
    /** What the emotion slot says when there is no emotion (the vanilla and emotion-free agents). */
    public static final String NO_EMOTION = "none";
    /**
     * Version of this layout, recorded in a base model's provenance: 1 put the emotion before the act line, 2 puts
     * it right before the response (a base pre-trained on one layout prompted with the other is off its training
     * distribution).
     */
    public static final int LAYOUT_VERSION = 2;

    private DialogueText() {
    }

    /** Everything up to and including {@code <|response|>}: what the model continues. */
    public static String prompt(PromptParts parts) {
        Objects.requireNonNull(parts, "parts");
        StringBuilder sb = new StringBuilder(256);
        sb.append(SYSTEM).append(systemLine(parts));
        sb.append(CONTEXT);
        List<String> context = parts.context();
        List<String> recent = context.subList(Math.max(0, context.size() - MAX_CONTEXT_LINES), context.size());
        sb.append(String.join("\n", recent));
        // The act and its number, then the emotion, come last, right before the response: a small model copies a
        // number it has just read far more reliably than one a hundred tokens back (measured: the pocket base stated
        // the asked number in almost no samples with the number in the opening system line), and an emotion label
        // further back was ignored (measured: after SFT to loss 1.0 the intended emotion was read in 4.7 % of
        // utterances, chance 3.6 %, with the label before the act line). Right before the response it is the same
        // "<|emotion|>label<|response|>" the base model pre-trains its everyday emotional sentences on.
        sb.append(SYSTEM).append(actLine(parts));
        sb.append(EMOTION).append(emotionLabel(parts.emotion()));
        sb.append(RESPONSE);
        return sb.toString();
    }

    /** A whole training example: the prompt, the response, and {@code <|eos|>}. */
    public static String example(PromptParts parts, String response) {
        Objects.requireNonNull(response, "response");
        return prompt(parts) + response + EOS;
    }

    /** The response in generated text: what follows the last {@code <|response|>}, up to {@code <|eos|>}. */
    public static String response(String generated) {
        int start = generated.lastIndexOf(RESPONSE);
        String rest = start < 0 ? generated : generated.substring(start + RESPONSE.length());
        int end = rest.indexOf(EOS);
        return (end < 0 ? rest : rest.substring(0, end)).trim();
    }

    /** A history line labelled with its speaker: "Debtor: I can pay within 60 days." */
    public static String contextLine(Domain domain, Role speaker, String text) {
        return speaker(domain, speaker) + ": " + text.replace('\n', ' ').trim();
    }

    /** The short speaker label of a role in a domain. */
    public static String speaker(Domain domain, Role role) {
        boolean focal = role == Role.FOCAL;
        return switch (domain) {
            case DEBT -> focal ? "Agent" : "Debtor";
            case DISASTER -> focal ? "Coordinator" : "Survivor";
            case STUDENT -> focal ? "Assistant" : "Student";
            case MEDICAL -> focal ? "Scheduler" : "Patient";
        };
    }

    /** The emotion slot: the GoEmotions label, or "none". */
    public static String emotionLabel(Emotion emotion) {
        return emotion == null || emotion.isControl() ? NO_EMOTION : emotion.label();
    }

    /**
     * Training examples from neutral dialogues: one per line, with the preceding lines as context and no
     * emotion; the pre-training text of the base model.
     */
    public static List<String> examples(List<GrammarLine> dialogue) {
        List<String> out = new ArrayList<>(dialogue.size());
        List<String> history = new ArrayList<>();
        for (GrammarLine line : dialogue) {
            PromptParts parts = new PromptParts(line.domain(), line.role(), history, null, line.move().act(),
                    line.move().act() == null ? null : line.offer());
            out.add(example(parts, line.text()));
            history.add(contextLine(line.domain(), line.role(), line.text()));
        }
        return out;
    }

    private static String systemLine(PromptParts parts) {
        Domain d = parts.domain();
        String role = parts.role() == Role.FOCAL ? d.focalRole() : d.counterpartyRole();
        StringBuilder sb = new StringBuilder();
        sb.append(d.id()).append(". You are the ").append(role).append('.');
        return sb.toString();
    }

    /** What this message must do: "Offer 30 days.", "Accept 10:30 PM.", "Walk away." or "Reply.". */
    private static String actLine(PromptParts parts) {
        Domain d = parts.domain();
        StringBuilder sb = new StringBuilder();
        Act act = parts.act();
        if (act == Act.OFFER && parts.offer() != null) {
            sb.append("Offer ").append(OfferFormat.render(d, parts.offer())).append('.');
        } else if (act == Act.ACCEPT) {
            sb.append("Accept");
            if (parts.offer() != null) {
                sb.append(' ').append(OfferFormat.render(d, parts.offer()));
            }
            sb.append('.');
        } else if (act == Act.WALK_AWAY) {
            sb.append("Walk away.");
        } else {
            sb.append("Reply.");
        }
        return sb.toString();
    }
}
