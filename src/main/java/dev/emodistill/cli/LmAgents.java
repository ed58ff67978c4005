package dev.emodistill.cli;

import dev.emodistill.io.InputException;
import dev.emodistill.lm.agent.LmExpresser;
import dev.emodistill.lm.agent.LmService;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.sim.SimWorld;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agents that speak with the pocket language model (DESIGN §9), for {@code evaluate}:
 * <ul>
 *   <li>{@code emodistill:SEL@ADAPTER} — the IQL selector (SEL, a checkpoint or A+B+C) + the LoRA expresser;</li>
 *   <li>{@code iql-only:SEL@BASE} — the selector + the base model given the emotion in its prompt (the affective
 *       prompt alone);</li>
 *   <li>{@code vanilla-slm:BASE} — no emotion, the base model with the neutral prompt;</li>
 *   <li>{@code emotion-free:SEL@ADAPTER} — the selector + an adapter whose prompt never names the emotion (the
 *       ablation; use an adapter trained with {@code lm sft --no-emotion});</li>
 *   <li>{@code sft-only:ADAPTER} — the trained expresser without a selector: each turn's emotion is drawn
 *       uniformly from the 28 (the "SFT only" ablation of DESIGN §10: what the selector adds).</li>
 * </ul>
 * Models are loaded once per (base, adapter) and shared; each serves its agent's episodes in batches.
 */
final class LmAgents {
    static final List<String> KINDS = List.of("emodistill", "iql-only", "vanilla-slm", "emotion-free", "sft-only");
    /** Episodes in flight when a language model speaks, so its batches fill. */
    static final int LM_WORKERS = 48;
    private static final int MAX_BATCH = 48;
    private static final Map<String, LmService> SERVICES = new LinkedHashMap<>();

    private LmAgents() {
    }

    static boolean isLm(String spec) {
        int colon = spec.indexOf(':');
        return colon > 0 && KINDS.contains(spec.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    static TrainedAgents.Loaded load(String spec) {
        int colon = spec.indexOf(':');
        String kind = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        String rest = spec.substring(colon + 1).trim();
        if (kind.equals("vanilla-slm")) {
            Path base = existingDir(spec, rest);
            LmService service = service(base, null);
            return new TrainedAgents.Loaded(spec, k -> EmotionPolicies.fixed(Emotion.NO_EMOTION), null,
                    expresser(service, false));
        }
        if (kind.equals("sft-only")) {
            Path adapter = existingDir(spec, rest);
            LmService service = service(dev.emodistill.lm.Checkpoints.adapterBase(adapter), adapter);
            return new TrainedAgents.Loaded(spec, k -> EmotionPolicies.random(), null, expresser(service, true));
        }
        int at = rest.lastIndexOf('@');
        if (at <= 0) {
            throw new InputException("agent '" + spec + "': expected " + kind + ":SELECTOR@"
                    + (kind.equals("iql-only") ? "BASE" : "ADAPTER"));
        }
        TrainedAgents.Loaded selector = TrainedAgents.load("iql:" + rest.substring(0, at));
        Path model = existingDir(spec, rest.substring(at + 1));
        LmService service = kind.equals("iql-only") ? service(model, null) : service(dev.emodistill.lm.Checkpoints.adapterBase(model), model);
        return new TrainedAgents.Loaded(spec, selector.policyForSeed(), selector.scenarios(),
                expresser(service, !kind.equals("emotion-free")));
    }

    private static SimWorld.ExpresserFactory expresser(LmService service, boolean conditioned) {
        LmExpresser words = new LmExpresser(service, conditioned);
        return setup -> words;
    }

    private static synchronized LmService service(Path base, Path adapter) {
        String key = base.toAbsolutePath().normalize() + "|" + (adapter == null ? "" : adapter.toAbsolutePath().normalize());
        return SERVICES.computeIfAbsent(key, k -> LmService.load(adapter == null ? base.getFileName().toString()
                : adapter.getFileName().toString(), base, adapter, LmService.DEFAULT_SAMPLING, MAX_BATCH));
    }

    /** Statistics of every loaded model: name -> {requests, batches, retries, fallbacks}. */
    static synchronized Map<String, long[]> counts() {
        Map<String, long[]> out = new LinkedHashMap<>();
        SERVICES.values().forEach(s -> out.put(s.name(), s.counts()));
        return out;
    }

    static synchronized void closeAll() {
        SERVICES.values().forEach(LmService::close);
        SERVICES.clear();
    }

    private static Path existingDir(String spec, String path) {
        Path p = Path.of(path);
        if (!Files.isDirectory(p)) {
            throw new InputException("agent '" + spec + "': " + p + " is not a folder");
        }
        return p;
    }
}
