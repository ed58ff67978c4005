package dev.emodistill.cli;

import dev.emodistill.domain.Domain;
import dev.emodistill.io.InputException;
import dev.emodistill.pipeline.StudyPlan;
import dev.emodistill.pipeline.StudyScale;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options {@code reproduce} and {@code quickstart} share: domains, output, seed, parallel stages, output format,
 * and the expert overrides of single sizes of the scale (for quick trials and tests; the presets are in
 * {@link StudyScale#named(String)}).
 */
final class StudyOptions {
    @Option(names = "--domains", defaultValue = "debt,disaster,student,medical",
            description = "comma-separated domains (default: all four)")
    String domains;
    @Option(names = "--out", description = "run folder for stages/ (the cache) and report/ (default: runs/quickstart "
            + "for quickstart, runs/reproduce-SCALE for reproduce)")
    Path out;
    @Option(names = "--seed", defaultValue = "1", description = "run seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--jobs", description = "stages run side by side (default: 2, or 1 on a single core); for "
            + "bit-identical reruns use --fork or --jobs 1 (see docs/reproduce.md)")
    Integer jobs;
    @Option(names = "--fork", description = "run every stage's command in a Java process of its own (this one's "
            + "class path and JVM options), so training stages run side by side too; one JVM's memory per running "
            + "stage. The cache is shared with in-process runs; results are bit-identical from run to run")
    boolean fork;
    @Option(names = "--json", description = "print one JSON object instead of the table")
    boolean json;

    @Option(names = "--llm-model", paramLabel = "NAME", description = "add the vanilla large-model baseline: this "
            + "chat model words an emotion-free agent's messages on the main table's episodes, beside the full stack "
            + "(an OpenAI-compatible endpoint; see docs/llm.md)")
    String llmModel;
    @Option(names = "--llm-base-url", paramLabel = "URL", description = "with --llm-model: the endpoint up to /v1 "
            + "(default: " + dev.emodistill.llm.LlmConfig.DEFAULT_BASE_URL + ")")
    String llmBaseUrl;
    @Option(names = "--llm-api-key-env", paramLabel = "VAR", description = "with --llm-model: the environment variable "
            + "holding the API key (default: " + dev.emodistill.llm.LlmConfig.DEFAULT_KEY_ENV + "; its name is "
            + "recorded, never its value)")
    String llmKeyEnv;

    @Option(names = "--scenarios", paramLabel = "N", description = "expert: scenarios per domain")
    Integer scenarios;
    @Option(names = "--sweep-seeds", paramLabel = "K", description = "expert: sweep seeds per scenario and persona")
    Integer sweepSeeds;
    @Option(names = "--max-messages", paramLabel = "M", description = "expert: message limit of every episode")
    Integer maxMessages;
    @Option(names = "--iql-hidden", paramLabel = "H", description = "expert: IQL hidden width")
    Integer iqlHidden;
    @Option(names = "--iql-steps", paramLabel = "N", description = "expert: IQL steps")
    Integer iqlSteps;
    @Option(names = "--iql-seeds", paramLabel = "K", description = "expert: IQL training seeds")
    Integer iqlSeeds;
    @Option(names = "--pretrain-steps", paramLabel = "N", description = "expert: pocket LM pre-training steps")
    Integer pretrainSteps;
    @Option(names = "--pretrain-dialogues", paramLabel = "N", description = "expert: pre-training dialogues per domain")
    Integer pretrainDialogues;
    @Option(names = "--sft-steps", paramLabel = "N", description = "expert: SFT steps")
    Integer sftSteps;
    @Option(names = {"--jpo-rounds", "--jpo-steps"}, paramLabel = "N", description = "expert: on-policy JPO rounds")
    Integer jpoRounds;
    @Option(names = "--eval-seeds", paramLabel = "K", description = "expert: evaluation seeds per scenario and persona")
    Integer evalSeeds;
    @Option(names = "--best-seeds", paramLabel = "K", description = "expert: seeds of the sweep that picks fixed:best")
    Integer bestSeeds;
    @Option(names = "--probe-turns", paramLabel = "N", description = "expert: turns per expression probe")
    Integer probeTurns;
    @Option(names = "--audit-seeds", paramLabel = "K", description = "expert: seeds per scenario of the emotion audit")
    Integer auditSeeds;

    List<Domain> domainList() {
        List<Domain> out = new ArrayList<>();
        for (String d : domains.split(",")) {
            if (d.isBlank()) {
                continue;
            }
            Domain domain = Options.domain(d.trim());
            if (out.contains(domain)) {
                throw new InputException("--domains: " + domain.id() + " is listed twice");
            }
            out.add(domain);
        }
        if (out.isEmpty()) {
            throw new InputException("--domains: no domain given");
        }
        return out;
    }

    /** The vanilla large model to add, or null when no --llm-model is given. */
    StudyPlan.LargeModel largeModel() {
        if (llmModel == null) {
            if (llmBaseUrl != null || llmKeyEnv != null) {
                throw new InputException("--llm-base-url and --llm-api-key-env need --llm-model NAME (the model that "
                        + "plays the vanilla large-model baseline)");
            }
            return null;
        }
        if (llmModel.isBlank()) {
            throw new InputException("--llm-model: empty model name");
        }
        return new StudyPlan.LargeModel(llmModel.trim(), llmBaseUrl, llmKeyEnv);
    }

    int jobs() {
        int j = jobs == null ? Math.min(2, Runtime.getRuntime().availableProcessors()) : jobs;
        return Options.positive("--jobs", j);
    }

    /** The preset with the overrides given on the command line. */
    StudyScale scale(String preset) {
        StudyScale s = StudyScale.named(preset);
        try {
            return new StudyScale(s.name(), or(scenarios, s.scenarios()), or(sweepSeeds, s.sweepSeeds()),
                    or(maxMessages, s.maxMessages()), or(iqlHidden, s.iqlHidden()), or(iqlSteps, s.iqlSteps()),
                    or(iqlSeeds, s.iqlSeeds()), or(pretrainSteps, s.pretrainSteps()),
                    or(pretrainDialogues, s.pretrainDialogues()), or(sftSteps, s.sftSteps()),
                    or(jpoRounds, s.jpoRounds()), or(evalSeeds, s.evalSeeds()), or(bestSeeds, s.bestSeeds()),
                    or(probeTurns, s.probeTurns()), or(auditSeeds, s.auditSeeds()));
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage());
        }
    }

    private static int or(Integer given, int preset) {
        return given == null ? preset : given;
    }
}
