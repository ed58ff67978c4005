package dev.emodistill.llm;

import dev.emodistill.domain.Domain;
import dev.emodistill.negotiation.OfferParser;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The fallback offer reader of DESIGN §3: when the deterministic {@link OfferParser} finds no offer in a model's
 * message, a greedy (temperature 0) model call asks which offer it proposes. The model answers in the canonical
 * written form ("14 days", "10:30 PM") or {@code NONE}, and that answer is read by the deterministic parser
 * again, so the extractor normalises wording but never invents a format. Requests depend only on the domain and
 * the text, so one message is extracted once and then served from the cache. Never used on the embedded world's
 * text, whose numbers the parser always reads.
 */
public final class LlmOfferExtractor {
    /** Usage event counted each time the extractor is asked. */
    public static final String EVENT_USED = "extractor_used";
    /** Usage event counted when its answer is neither an offer nor NONE. */
    public static final String EVENT_UNREADABLE = "extractor_unreadable";

    private final LlmClient client;
    private final RoleSettings settings;
    private final Prompts prompts;

    public LlmOfferExtractor(LlmClient client, RoleSettings settings, Prompts prompts) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
    }

    /**
     * The offer {@code text} proposes, in the domain's unit: the deterministic parser's reading when it finds
     * one (no model call), else the model's; empty when neither finds an offer.
     */
    public OptionalDouble extract(Domain domain, String text) {
        OptionalDouble direct = OfferParser.parse(domain, text);
        if (direct.isPresent()) {
            return direct;
        }
        client.usage().event(settings, EVENT_USED);
        Map<String, String> v = new java.util.HashMap<>();
        v.put("issue", prompts.domain(domain, "issue"));
        v.put("unit", prompts.domain(domain, "unit"));
        v.put("offer_kind", prompts.domain(domain, "offer_kind"));
        v.put("unit_example", prompts.domain(domain, "unit_example"));
        v.put("text", Quoting.quoted(text));
        List<ChatMessage> messages = List.of(ChatMessage.system(prompts.render("extractor", "system", v)),
                ChatMessage.user(prompts.render("extractor", "user", v)));
        ChatRequest request = ChatRequest.of(settings, messages, 0);
        try {
            return client.chat(settings, request, reply -> read(domain, reply));
        } catch (LlmException e) {
            if (e.kind() != LlmException.Kind.BAD_REPLY) {
                throw e;
            }
            client.usage().event(settings, EVENT_UNREADABLE);
            return OptionalDouble.empty();
        }
    }

    private OptionalDouble read(Domain domain, String reply) {
        String t = PromptFacts.cleanMessage(reply);
        if (t.replaceAll("[^A-Za-z]", "").equalsIgnoreCase("NONE")) {
            return OptionalDouble.empty();
        }
        OptionalDouble v = OfferParser.parse(domain, t);
        if (v.isEmpty()) {
            throw new LlmException(LlmException.Kind.BAD_REPLY, settings.role(), LlmClient.where(settings)
                    + ": the offer extractor answered neither an offer nor NONE: " + PromptFacts.excerpt(reply));
        }
        return v;
    }
}
