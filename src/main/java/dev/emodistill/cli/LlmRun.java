package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.io.InputException;
import dev.emodistill.judge.EmbeddedJudge;
import dev.emodistill.judge.Judge;
import dev.emodistill.judge.JudgeFailure;
import dev.emodistill.judge.JudgeContext;
import dev.emodistill.judge.JudgeScore;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.llm.LlmBackend;
import dev.emodistill.llm.LlmConfig;
import dev.emodistill.llm.LlmException;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.SimWorld;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The role choices of one command run and, when any role runs on a chat model, its {@link LlmBackend} (one client,
 * cache, concurrency limit and usage record for all of them). Also turns LLM failures into the CLI's one-line
 * errors: a wrong key, model or URL is bad input (exit 2), an endpoint that kept failing is exit 1.
 */
final class LlmRun {
    final LlmConfig config;
    final boolean llmExpresser;
    final boolean llmCounterparty;
    final boolean llmClassifier;
    final boolean llmJudge;
    private final String classifierChoice;
    private final LlmBackend backend;

    private LlmRun(LlmConfig config, boolean expresser, boolean counterparty, boolean classifier, boolean judge,
                   String classifierChoice) {
        this.config = config;
        this.llmExpresser = expresser;
        this.llmCounterparty = counterparty;
        this.llmClassifier = classifier;
        this.llmJudge = judge;
        this.classifierChoice = classifierChoice;
        this.backend = expresser || counterparty || classifier || judge
                ? new LlmBackend(config, LlmOptions.environment) : null;
    }

    /** For commands that play episodes. */
    static LlmRun forWorld(LlmOptions llm, RoleOptions roles, String classifier, Boolean retryErrors) {
        Map<String, String> choices = new HashMap<>();
        choices.put("expresser", roles.expresser);
        choices.put("counterparty", roles.counterparty);
        choices.put("classifier", classifier);
        LlmConfig c = llm.config(choices, retryErrors);
        String e = LlmBackend.choose(c.sourceOf("expresser"), c.choice("expresser", "template"), "template", "llm");
        String p = LlmBackend.choose(c.sourceOf("counterparty"), c.choice("counterparty", "sim"), "sim", "llm");
        String k = c.choiceRaw("classifier");
        return new LlmRun(c, e.equals("llm"), p.equals("llm"), "llm".equalsIgnoreCase(k), false, k);
    }

    /** For the judge command. */
    static LlmRun forJudge(LlmOptions llm, String judge, String classifier) {
        Map<String, String> choices = new HashMap<>();
        choices.put("judge", judge);
        choices.put("classifier", classifier);
        LlmConfig c = llm.config(choices, null);
        String j = LlmBackend.choose(c.sourceOf("judge"), c.choice("judge", "embedded"), "embedded", "llm");
        String k = c.choiceRaw("classifier");
        return new LlmRun(c, false, false, "llm".equalsIgnoreCase(k), j.equals("llm"), k);
    }

    /** Whether any role runs on a model. */
    boolean usesLlm() {
        return backend != null;
    }

    LlmBackend backend() {
        return backend;
    }

    /** The perception classifier: embedded, a folder, or the LLM classifier. */
    EmotionClassifier perception() {
        return llmClassifier ? backend.classifier() : ProtocolOptions.perception(classifierChoice);
    }

    /** The world with the chosen roles (and {@code --on-llm-error stop} when asked). */
    SimWorld world(ProtocolConfig protocol, List<Persona> personas) {
        if (backend == null) {
            return new SimWorld(protocol, perception());
        }
        if (llmCounterparty) {
            backend.checkPersonas(personas);
        }
        return new SimWorld(protocol, perception(), backend.roles(llmExpresser, llmCounterparty));
    }

    /** What a sweep fingerprints about its roles (null for the embedded world). */
    ObjectNode worldProvenance() {
        return backend == null ? null : backend.worldProvenance(llmExpresser, llmCounterparty);
    }

    /**
     * The judge: embedded (with the built-in evaluation head, a folder head or the LLM classifier) or the LLM
     * judge. With {@code --on-llm-error continue}, model failures become {@link JudgeFailure}s, so the turn is left
     * unscored and listed rather than stopping the run.
     */
    Judge judge() {
        Judge inner;
        if (llmJudge) {
            inner = backend.judge();
        } else if (llmClassifier) {
            inner = new EmbeddedJudge(backend.classifier());
        } else if (classifierChoice == null || classifierChoice.isBlank() || classifierChoice.equalsIgnoreCase("embedded")) {
            inner = new EmbeddedJudge();
        } else {
            try {
                inner = new EmbeddedJudge(Classifiers.load(Path.of(classifierChoice)));
            } catch (IllegalArgumentException e) {
                throw new InputException("--classifier " + classifierChoice + ": " + e.getMessage());
            }
        }
        if (backend == null || config.stopOnError()) {
            return inner;
        }
        return new Judge() {
            @Override
            public JudgeScore score(JudgeContext context, String utterance, Emotion intendedEmotion) {
                try {
                    return inner.score(context, utterance, intendedEmotion);
                } catch (LlmException e) {
                    throw new JudgeFailure(e.getMessage(), e);
                }
            }

            @Override
            public String describe() {
                return inner.describe();
            }
        };
    }

    /** The usage record (calls, cache hits, tokens, cost) or null without a model. */
    ObjectNode usage() {
        return backend == null ? null : backend.usage().toJson();
    }

    /** The one-line usage summary on standard error. */
    void report(Terminal t) {
        if (backend != null) {
            t.log(backend.usage().summaryLine());
        }
    }

    /** The CLI form of a failure: configuration mistakes are bad input (exit 2), the rest exit 1; one line each. */
    static RuntimeException fail(RuntimeException e, String context) {
        Throwable cause = e instanceof SimWorld.EpisodeFailed && e.getCause() != null ? e.getCause() : e;
        String prefix = e instanceof SimWorld.EpisodeFailed ? "stopped at the first failed episode (--on-llm-error "
                + "stop): " : "";
        String message = prefix + (e instanceof SimWorld.EpisodeFailed ? e.getMessage() : cause.getMessage())
                + (context == null ? "" : "; " + context);
        if (cause instanceof LlmException l && l.kind() == LlmException.Kind.CONFIGURATION
                || cause instanceof InputException) {
            return new InputException(message);
        }
        return new UncheckedIOException(message, new IOException(message));
    }

    /** Hides the class name picocli would otherwise print for an unchecked failure of an LLM role. */
    static boolean isLlmFailure(RuntimeException e) {
        return e instanceof LlmException || e instanceof SimWorld.EpisodeFailed;
    }
}
