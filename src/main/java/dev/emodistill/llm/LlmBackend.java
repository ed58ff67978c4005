package dev.emodistill.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.SimWorld;
import dev.emodistill.sim.TemplateExpresser;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The LLM side of one run: a single client (one cache, one concurrency limit, one usage record) shared by every
 * role, the prompt set, and factories for the roles. Commands build one from their {@link LlmConfig} and plug the
 * roles they were asked for into the world, the judge or the classifier.
 */
public final class LlmBackend {
    private final LlmConfig config;
    private final LlmClient client;
    private final Prompts prompts;
    private final Map<LlmRole, RoleSettings> settings = new EnumMap<>(LlmRole.class);

    /**
     * @param environment looks up the variable that holds each role's key ({@code System::getenv})
     */
    public LlmBackend(LlmConfig config, Function<String, String> environment) {
        this.config = Objects.requireNonNull(config, "config");
        this.client = new LlmClient(config.client(), environment, new LlmUsage());
        this.prompts = config.promptsDir() == null ? Prompts.builtin() : Prompts.load(config.promptsDir());
    }

    public LlmConfig config() {
        return config;
    }

    public LlmClient client() {
        return client;
    }

    public LlmUsage usage() {
        return client.usage();
    }

    public Prompts prompts() {
        return prompts;
    }

    /** A role's settings (resolved once; fails with the option to set when it has no model). */
    public synchronized RoleSettings settings(LlmRole role) {
        return settings.computeIfAbsent(role, config::role);
    }

    /**
     * The offer extractor, or null when {@code --llm-extractor false}. Without a model of its own (no
     * {@code --llm-model}, no {@code --extractor-llm-model}) it uses the endpoint and model of {@code user}, the
     * role whose text it reads, greedily.
     */
    public LlmOfferExtractor extractor(LlmRole user) {
        if (!config.extractor()) {
            return null;
        }
        return new LlmOfferExtractor(client, extractorSettings(user), prompts);
    }

    private synchronized RoleSettings extractorSettings(LlmRole user) {
        if (config.hasModel(LlmRole.EXTRACTOR)) {
            return settings(LlmRole.EXTRACTOR);
        }
        RoleSettings u = settings(user);
        return new RoleSettings(LlmRole.EXTRACTOR, u.baseUrl(), u.model(), u.apiKeyEnv(),
                LlmRole.EXTRACTOR.defaultTemperature(), LlmRole.EXTRACTOR.defaultMaxTokens(), List.of(), u.sendSeed(),
                u.priceInputPerMillion(), u.priceOutputPerMillion(), u.sources());
    }

    public LlmClassifier classifier() {
        return new LlmClassifier(client, settings(LlmRole.CLASSIFIER), prompts, config.seed());
    }

    public LlmJudge judge() {
        return new LlmJudge(client, settings(LlmRole.JUDGE), prompts, config.seed());
    }

    /** Checks that the prompt set describes every persona an LLM counterparty will play. */
    public void checkPersonas(List<Persona> personas) {
        for (Persona p : personas) {
            prompts.persona(p.name());
        }
    }

    /**
     * The world's roles: the LLM expresser and/or counterparty where asked, the embedded ones elsewhere, and
     * whether an error episode stops the run ({@code --on-llm-error stop}).
     */
    public SimWorld.Roles roles(boolean llmExpresser, boolean llmCounterparty) {
        SimWorld.Roles embedded = SimWorld.Roles.EMBEDDED;
        // Resolve the voices first, so a missing model is reported for the role the user asked for.
        LlmRole user = llmExpresser ? LlmRole.EXPRESSER : LlmRole.COUNTERPARTY;
        if (llmExpresser) {
            settings(LlmRole.EXPRESSER);
        }
        if (llmCounterparty) {
            settings(LlmRole.COUNTERPARTY);
        }
        LlmOfferExtractor extractor = llmExpresser || llmCounterparty ? extractor(user) : null;
        long seed = config.seed();
        SimWorld.ExpresserFactory expresser = embedded.expresser();
        if (llmExpresser) {
            RoleSettings s = settings(LlmRole.EXPRESSER);
            LlmExpresser.OfferSource offers = config.llmOffers() ? LlmExpresser.OfferSource.MODEL
                    : LlmExpresser.OfferSource.TACTIC;
            LlmExpresser.MismatchPolicy check = config.offerCheck();
            expresser = setup -> new LlmExpresser(client, s, prompts, setup, seed, offers, check, extractor,
                    TemplateExpresser.focal());
        }
        SimWorld.CounterpartyFactory counterparty = embedded.counterparty();
        if (llmCounterparty) {
            RoleSettings s = settings(LlmRole.COUNTERPARTY);
            counterparty = (scenario, persona, granularity, episodeSeed) -> new LlmCounterparty(client, s, prompts,
                    persona, episodeSeed, seed, extractor);
        }
        String description = (llmExpresser ? "expresser llm" : "expresser template") + ", "
                + (llmCounterparty ? "counterparty llm" : "counterparty sim");
        return new SimWorld.Roles(expresser, counterparty, description, config.stopOnError());
    }

    /**
     * What decides the content of episodes played with these roles, for a sweep's fingerprint and provenance:
     * each LLM role's model, base URL (public part), sampling settings, the offer mode, the prompt set and the
     * seed base. Null when both roles are embedded, so embedded sweeps keep their fingerprints.
     */
    public ObjectNode worldProvenance(boolean llmExpresser, boolean llmCounterparty) {
        if (!llmExpresser && !llmCounterparty) {
            return null;
        }
        ObjectNode o = Json.object();
        if (llmExpresser) {
            ObjectNode e = o.putObject("expresser");
            e.put("type", "llm");
            e.setAll(settings(LlmRole.EXPRESSER).toJson());
            e.put("offers", config.llmOffers() ? "model" : "tactic");
            e.put("offer_check", config.offerCheck().name().toLowerCase(java.util.Locale.ROOT));
        } else {
            o.putObject("expresser").put("type", "template");
        }
        if (llmCounterparty) {
            ObjectNode c = o.putObject("counterparty");
            c.put("type", "llm");
            c.setAll(settings(LlmRole.COUNTERPARTY).toJson());
        } else {
            o.putObject("counterparty").put("type", "sim");
        }
        if (config.extractor()) {
            o.set("extractor", extractorSettings(llmExpresser ? LlmRole.EXPRESSER : LlmRole.COUNTERPARTY).toJson());
        } else {
            o.put("extractor", "off");
        }
        o.put("prompts", prompts.describe());
        o.put("llm_seed", config.seed());
        // The api_key_env names where a key is read from; it does not change replies, so it stays out of the
        // fingerprint (renaming the variable must not make a corpus unresumable).
        stripKeyEnv(o);
        return o;
    }

    private static void stripKeyEnv(ObjectNode o) {
        o.remove("api_key_env");
        o.properties().forEach(e -> {
            if (e.getValue() instanceof ObjectNode child) {
                stripKeyEnv(child);
            }
        });
    }

    /** Throws a clear error when a choice is not one of the allowed words. */
    public static String choose(String option, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw new InputException(option + " must be " + String.join(" or ", allowed) + ", got '" + value + "'");
    }
}
