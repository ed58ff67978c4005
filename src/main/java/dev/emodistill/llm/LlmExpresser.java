package dev.emodistill.llm;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Expresser;
import dev.emodistill.negotiation.OfferFormat;
import dev.emodistill.negotiation.OfferParser;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * The focal agent's words from a chat model under affective prompting (DESIGN §4.1, §11): the system prompt
 * carries the role, the goal, the case file and the chosen emotion's affective-prompt block (none for the
 * no-emotion control); the user prompt carries the transcript as QUOTED data and this turn's instruction.
 *
 * <p><b>Where the number comes from.</b> By default ({@link OfferSource#TACTIC}) the bidding tactic decides and
 * the prompt tells the model the exact offer to state; the reply is then checked with the deterministic
 * {@link OfferParser}. With {@link OfferSource#MODEL} ({@code --llm-offers}) the model chooses the number of an
 * offer itself, as in the paper; the parser (then the {@link LlmOfferExtractor}) reads it, and a number worse for
 * the focal agent than the tactic's floor (its reservation) is refused. Accepting and walking away stay the
 * tactic's decisions either way, so nothing the other side writes can change the agent's acceptance rules.
 *
 * <p>A reply that fails the check gets one corrective follow-up; if that fails too, the turn is worded by the
 * fallback expresser with the tactic's number ({@link MismatchPolicy#FALLBACK}, counted as
 * {@code offer_fallbacks} in the usage record) or the episode ends in an error
 * ({@link MismatchPolicy#ERROR}). Sampling seeds derive from the episode seed and the turn, so a rerun sends
 * the same requests and is answered from the cache.
 */
public final class LlmExpresser implements Expresser {
    /** Who decides the number of an offer. */
    public enum OfferSource {
        /** The bidding tactic; the model states it. */
        TACTIC,
        /** The model ({@code --llm-offers}). */
        MODEL
    }

    /** What to do when the model will not state the right offer. */
    public enum MismatchPolicy {
        /** Word the turn with the fallback expresser and the tactic's number. */
        FALLBACK,
        /** End the episode with an error. */
        ERROR
    }

    /** Usage event: a reply failed the offer check and was corrected. */
    public static final String EVENT_CORRECTIONS = "offer_corrections";
    /** Usage event: the corrected reply failed too and the fallback expresser worded the turn. */
    public static final String EVENT_FALLBACKS = "offer_fallbacks";

    private final LlmClient client;
    private final RoleSettings settings;
    private final Prompts prompts;
    private final SimWorld.FocalSetup setup;
    private final long seedBase;
    private final OfferSource offers;
    private final MismatchPolicy onMismatch;
    private final LlmOfferExtractor extractor;
    private final Expresser fallback;

    /**
     * @param seedBase  mixed into every sampling seed ({@code --llm-seed})
     * @param extractor reads offers the parser misses in {@link OfferSource#MODEL} mode; null to use the parser only
     * @param fallback  words a turn the model would not state correctly (the template expresser)
     */
    public LlmExpresser(LlmClient client, RoleSettings settings, Prompts prompts, SimWorld.FocalSetup setup,
                        long seedBase, OfferSource offers, MismatchPolicy onMismatch, LlmOfferExtractor extractor,
                        Expresser fallback) {
        this.client = Objects.requireNonNull(client, "client");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.setup = Objects.requireNonNull(setup, "setup");
        this.seedBase = seedBase;
        this.offers = Objects.requireNonNull(offers, "offers");
        this.onMismatch = Objects.requireNonNull(onMismatch, "onMismatch");
        this.extractor = extractor;
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public String express(Act act, Emotion emotion, Double value, TurnContext ctx, SplittableRandom rng) {
        Scenario s = ctx.scenario();
        Domain d = s.domain();
        boolean choose = offers == OfferSource.MODEL && act == Act.OFFER;
        String offer = value == null ? "" : OfferFormat.render(d, value);
        Map<String, String> v = PromptFacts.of(prompts, s);
        Emotion shown = emotion == null ? Emotion.NO_EMOTION : emotion;
        v.put("affect_block", shown.isControl() ? "" : shown.affectivePrompt() + "\n");
        v.put("case_file", Quoting.caseFile(s, prompts.privateFields(d, "counterparty")));
        v.put("history", PromptFacts.history(ctx.transcript(), Role.FOCAL, d));
        v.put("turn_number", Integer.toString(ctx.turn() + 1));
        v.put("horizon", Integer.toString(ctx.horizon()));
        v.put("standing", PromptFacts.standing(ctx));
        v.put("offer", offer);
        v.put("reservation", OfferFormat.render(d, s.valueAt(setup.tactic().floor())));
        String section = choose ? "act.choose" : switch (act) {
            case OFFER -> "act.offer";
            case ACCEPT -> "act.accept";
            case WALK_AWAY -> "act.walk_away";
        };
        v.put("instruction", prompts.render("focal", section, v));
        List<ChatMessage> messages = List.of(ChatMessage.system(prompts.render("focal", "system", v)),
                ChatMessage.user(prompts.render("focal", "user", v)));
        ChatRequest request = ChatRequest.of(settings, messages,
                Seeds.derive(seedBase, setup.episodeSeed(), "llm-expresser", ctx.turn()));

        LlmClient.Exchange first = client.send(settings, request);
        String text = check(first.content(), act, value, choose, ctx);
        if (text != null) {
            client.keep(first);
            return text;
        }
        client.usage().event(settings, EVENT_CORRECTIONS);
        String correction = prompts.render("focal", choose ? "correction.choose" : "correction", v);
        LlmClient.Exchange second = client.send(settings, request.followUp(List.of(
                ChatMessage.assistant(first.content()), ChatMessage.user(correction))));
        text = check(second.content(), act, value, choose, ctx);
        if (text != null) {
            client.keep(first);
            client.keep(second);
            return text;
        }
        if (onMismatch == MismatchPolicy.FALLBACK) {
            // The fallback is a decision based on these replies: keep them so a rerun reproduces it.
            client.keep(first);
            client.keep(second);
            client.usage().event(settings, EVENT_FALLBACKS);
            return fallback.express(act, emotion, value, ctx, rng);
        }
        String wanted = choose ? "one offer no worse for the agent than " + v.get("reservation")
                : act == Act.WALK_AWAY ? "a message" : "the offer " + offer;
        throw new LlmException(LlmException.Kind.BAD_REPLY, settings.role(), LlmClient.where(settings)
                + ": the reply still does not state " + wanted + " after a correction: "
                + PromptFacts.excerpt(second.content()) + " (--llm-offer-check error; 'fallback' words such turns "
                + "with the template expresser)");
    }

    /** The message to send, or null when the reply fails the check. */
    private String check(String reply, Act act, Double value, boolean choose, TurnContext ctx) {
        String text = PromptFacts.cleanMessage(reply);
        if (text.isBlank()) {
            return null;
        }
        Domain d = ctx.scenario().domain();
        if (act == Act.WALK_AWAY || value == null && !choose) {
            return text;
        }
        OptionalDouble parsed = OfferParser.parse(d, text);
        if (!choose) {
            OptionalDouble expected = OfferParser.parse(d, OfferFormat.render(d, value));
            return parsed.isPresent() && expected.isPresent()
                    && Math.abs(parsed.getAsDouble() - expected.getAsDouble()) < 1e-9 ? text : null;
        }
        if (parsed.isEmpty() && extractor != null) {
            OptionalDouble extracted = extractor.extract(d, text);
            if (extracted.isPresent()) {
                // State the extracted number in canonical form so the protocol's parser reads what the
                // extractor read (the protocol parses every message once, deterministically).
                parsed = extracted;
                text = text + " (" + OfferFormat.render(d, extracted.getAsDouble()) + ")";
                parsed = OfferParser.parse(d, text);
            }
        }
        if (parsed.isEmpty()) {
            return null;
        }
        // Never worse for the focal agent than its reservation, whatever the other side wrote.
        double position = ctx.position(parsed.getAsDouble());
        return position + 1e-9 >= setup.tactic().floor() ? text : null;
    }
}
