package dev.emodistill.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.emotion.TextUnits;
import dev.emodistill.io.Json;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Emotion perception by a chat model (DESIGN §4.2, {@code --classifier llm}): the model maps the message to up to
 * five of the 28 GoEmotions labels with weights, returned as a JSON object; the weights are normalised into a
 * distribution (labels outside the 28 are ignored). As with the embedded heads, digits are masked before the text
 * is sent, so "14 days" and "21 days" in the same words share one request, and a text is classified once per
 * run (then served from memory, and on later runs from the response cache); with greedy decoding that makes
 * the classifier deterministic, as the interface requires.
 *
 * <p>A reply with no usable JSON gets one corrective follow-up; then {@link #classify} throws an
 * {@link LlmException} and the episode (or judged turn) records the error rather than a made-up distribution.
 */
public final class LlmClassifier implements EmotionClassifier {
    private final LlmClient client;
    private final RoleSettings settings;
    private final Prompts prompts;
    private final long seedBase;
    private static final int MEMO_LIMIT = 100_000;

    private final Map<String, EmotionDistribution> memo = new ConcurrentHashMap<>();

    public LlmClassifier(LlmClient client, RoleSettings settings, Prompts prompts, long seedBase) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.seedBase = seedBase;
    }

    @Override
    public EmotionDistribution classify(String text) {
        String masked = TextUnits.maskDigits(text == null ? "" : text);
        EmotionDistribution known = memo.get(masked);
        if (known != null) {
            return known;
        }
        EmotionDistribution d = ask(masked);
        if (memo.size() >= MEMO_LIMIT) {
            // Only a shortcut in front of the disk cache: dropping it costs cache reads, never results.
            memo.clear();
        }
        memo.putIfAbsent(masked, d);
        return memo.get(masked);
    }

    private EmotionDistribution ask(String masked) {
        Map<String, String> v = new java.util.HashMap<>();
        v.put("emotion_labels", Emotion.labelsForHelp());
        v.put("text", Quoting.quoted(masked));
        List<ChatMessage> messages = List.of(ChatMessage.system(prompts.render("classifier", "system", v)),
                ChatMessage.user(prompts.render("classifier", "user", v)));
        ChatRequest request = ChatRequest.of(settings, messages, seedBase);
        LlmClient.Exchange first = client.send(settings, request);
        EmotionDistribution d = parse(first.content());
        if (d != null) {
            client.keep(first);
            return d;
        }
        LlmClient.Exchange second = client.send(settings, request.followUp(List.of(ChatMessage.assistant(first.content()),
                ChatMessage.user(prompts.render("classifier", "correction", v)))));
        d = parse(second.content());
        if (d != null) {
            client.keep(first);
            client.keep(second);
            return d;
        }
        throw new LlmException(LlmException.Kind.BAD_REPLY, settings.role(), LlmClient.where(settings)
                + ": the reply is not a JSON object of emotion labels and weights, even after a correction: "
                + PromptFacts.excerpt(second.content()) + "; check " + settings.pointer("model", settings.model()));
    }

    /** The distribution in a reply, or null when it has no JSON object with a positive weight on a known label. */
    static EmotionDistribution parse(String reply) {
        if (reply == null) {
            return null;
        }
        int open = reply.indexOf('{');
        int close = reply.lastIndexOf('}');
        if (open < 0 || close <= open) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(reply.substring(open, close + 1));
        } catch (IOException e) {
            return null;
        }
        double[] w = new double[Emotion.COUNT];
        double sum = 0;
        for (Map.Entry<String, JsonNode> f : node.properties()) {
            Emotion e = Emotion.parse(f.getKey()).orElse(null);
            double x = f.getValue().asDouble(Double.NaN);
            if (e == null || e.isControl() || !(x > 0) || Double.isInfinite(x)) {
                continue;
            }
            w[e.index()] += x;
            sum += x;
        }
        return sum > 0 ? EmotionDistribution.of(w) : null;
    }

    @Override
    public String describe() {
        return "llm classifier (" + settings.describe() + ", " + prompts.describe() + ", digits masked)";
    }
}
