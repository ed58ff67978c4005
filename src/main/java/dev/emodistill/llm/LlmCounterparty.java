package dev.emodistill.llm;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.NegotiationAgent;
import dev.emodistill.negotiation.OfferFormat;
import dev.emodistill.negotiation.OfferParser;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;
import dev.emodistill.negotiation.Utterance;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Seeds;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A counterparty whose words and number both come from a chat model, prompted with its role, goal, own target,
 * the case file (without the focal side's private fields) and a persona description ({@code vanilla},
 * {@code pressure}, {@code victim}, {@code threat}, and the held-out ones), with the focal agent's messages as
 * QUOTED data.
 *
 * <p>The model answers in three lines: {@code ACTION: offer | accept | walk away}, {@code EMOTION: label},
 * {@code MESSAGE: ...}. The offer is what the deterministic {@link OfferParser} reads in the message; when it
 * reads nothing, the {@link LlmOfferExtractor} is asked and its reading is appended in canonical form (the
 * protocol parses every message itself, so the number must be in the text). An accept with no focal offer on the
 * table counts as an offer. A reply with no usable offer gets one corrective follow-up; then the episode ends
 * in an error that names the role and the model setting. An unknown emotion label is recorded as neutral
 * (usage event {@code emotion_unreadable}).
 */
public final class LlmCounterparty implements NegotiationAgent {
    /** Usage event: the reply's EMOTION line was missing or not one of the 28 labels. */
    public static final String EVENT_EMOTION_UNREADABLE = "emotion_unreadable";
    /** Usage event: the reply broke the format or stated no offer and was corrected. */
    public static final String EVENT_CORRECTIONS = "reply_corrections";

    private static final Pattern FIELD = Pattern.compile("^[\\s*_>#-]*(ACTION|EMOTION|MESSAGE)[\\s*_]*:[\\s*_]*(.*)$",
            Pattern.CASE_INSENSITIVE);

    private final LlmClient client;
    private final RoleSettings settings;
    private final Prompts prompts;
    private final Persona persona;
    private final long episodeSeed;
    private final long seedBase;
    private final LlmOfferExtractor extractor;

    /** @param extractor reads offers the parser misses; null to rely on the parser alone */
    public LlmCounterparty(LlmClient client, RoleSettings settings, Prompts prompts, Persona persona, long episodeSeed,
                           long seedBase, LlmOfferExtractor extractor) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.persona = Objects.requireNonNull(persona, "persona");
        this.episodeSeed = episodeSeed;
        this.seedBase = seedBase;
        this.extractor = extractor;
        prompts.persona(persona.name());
    }

    /** A parsed reply. */
    record Reply(Act act, Emotion emotion, String text, Double offer) {
    }

    @Override
    public Utterance act(TurnContext ctx) {
        Scenario s = ctx.scenario();
        Domain d = s.domain();
        Map<String, String> v = PromptFacts.of(prompts, s);
        v.put("persona", prompts.persona(persona.name()));
        v.put("case_file", Quoting.caseFile(s, prompts.privateFields(d, "focal")));
        v.put("history", PromptFacts.history(ctx.transcript(), Role.COUNTERPARTY, d));
        v.put("turn_number", Integer.toString(ctx.turn() + 1));
        v.put("horizon", Integer.toString(ctx.horizon()));
        v.put("standing", PromptFacts.standing(ctx));
        List<ChatMessage> messages = List.of(ChatMessage.system(prompts.render("counterparty", "system", v)),
                ChatMessage.user(prompts.render("counterparty", "user", v)));
        ChatRequest request = ChatRequest.of(settings, messages,
                Seeds.derive(seedBase, episodeSeed, "llm-counterparty", ctx.turn()));
        LlmClient.Exchange first = client.send(settings, request);
        Reply r = parse(first.content(), ctx);
        if (r == null) {
            client.usage().event(settings, EVENT_CORRECTIONS);
            LlmClient.Exchange second = client.send(settings, request.followUp(List.of(
                    ChatMessage.assistant(first.content()), ChatMessage.user(prompts.render("counterparty", "correction", v)))));
            r = parse(second.content(), ctx);
            if (r == null) {
                throw new LlmException(LlmException.Kind.BAD_REPLY, settings.role(), LlmClient.where(settings)
                        + ": the reply states no " + prompts.domain(d, "offer_kind") + " (even after a correction): "
                        + PromptFacts.excerpt(second.content()) + "; check " + settings.pointer("model", settings.model())
                        + " (a model that follows the three-line format)");
            }
            client.keep(first);
            client.keep(second);
        } else {
            client.keep(first);
        }
        return new Utterance(r.text(), r.act(), r.emotion(), r.offer());
    }

    /** The reply as an act, an emotion, words and an offer; null when it is unusable. */
    Reply parse(String content, TurnContext ctx) {
        String action = null;
        String emotion = null;
        StringBuilder message = null;
        StringBuilder loose = new StringBuilder();
        for (String line : (content == null ? "" : content).split("\\R")) {
            Matcher m = FIELD.matcher(line);
            if (m.matches()) {
                String field = m.group(1).toUpperCase(Locale.ROOT);
                String value = m.group(2).replaceAll("[*_]+$", "").trim();
                switch (field) {
                    case "ACTION" -> action = action == null ? value : action;
                    case "EMOTION" -> emotion = emotion == null ? value : emotion;
                    default -> {
                        if (message == null) {
                            message = new StringBuilder(value);
                        }
                    }
                }
            } else if (message != null) {
                message.append(' ').append(line.trim());
            } else {
                loose.append(' ').append(line.trim());
            }
        }
        String text = PromptFacts.cleanMessage(message != null ? message.toString() : loose.toString());
        if (text.isBlank()) {
            return null;
        }
        Emotion e = emotion == null ? null : Emotion.parse(emotion.replaceAll("[^A-Za-z_ -]", "").trim())
                .filter(x -> !x.isControl()).orElse(null);
        if (e == null) {
            client.usage().event(settings, EVENT_EMOTION_UNREADABLE);
            e = Emotion.NEUTRAL;
        }
        String a = action == null ? "offer" : action.toLowerCase(Locale.ROOT);
        Domain d = ctx.scenario().domain();
        if (a.contains("walk")) {
            return new Reply(Act.WALK_AWAY, e, text, null);
        }
        Double theirs = ctx.otherStandingOffer();
        if (a.contains("accept") && theirs != null) {
            return new Reply(Act.ACCEPT, e, text, theirs);
        }
        OptionalDouble offer = OfferParser.parse(d, text);
        if (offer.isEmpty() && extractor != null) {
            OptionalDouble extracted = extractor.extract(d, text);
            if (extracted.isPresent()) {
                text = text + " (" + OfferFormat.render(d, extracted.getAsDouble()) + ")";
                offer = OfferParser.parse(d, text);
            }
        }
        if (offer.isEmpty()) {
            return null;
        }
        return new Reply(Act.OFFER, e, text, offer.getAsDouble());
    }
}
