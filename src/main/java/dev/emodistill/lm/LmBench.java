package dev.emodistill.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Speed and memory of the language model on random data, shaped like the PyTorch reference
 * ({@code shared/tools/anchor_lm.py}): the pocket shape (D 256, 4 layers, 4 heads, SwiGLU 682, untied head,
 * context 128, vocabulary 2,048) trained at batch 16 x 128 tokens, fully and with LoRA r 8 on q, k, v, o (alpha 16,
 * as the reference's scaling 2); batched generation with the KV cache; optionally the training step of a ~110M
 * parameter Llama-shaped model (D 768, 12 layers, 12 heads, SwiGLU 2,048, vocabulary 32,000, tied head, context
 * 128, batch 4). Not a test: numbers depend on the machine and its load.
 */
public final class LmBench {
    /** The reference's figures on the project machine (PyTorch 1.13, OpenBLAS, one thread), tokens/s. */
    public static final double ANCHOR_FULL_TOKENS_PER_SECOND = 3_200;
    public static final double ANCHOR_LORA_TOKENS_PER_SECOND = 4_000;

    /**
     * @param trainSteps      timed training steps per mode (after 2 warm-up steps)
     * @param genPrompts      prompts generated at once
     * @param genPromptLength tokens per prompt
     * @param genNewTokens    tokens generated per prompt
     * @param largeSteps      timed steps of the ~110M model (0: skip it)
     */
    public record Options(int trainSteps, int genPrompts, int genPromptLength, int genNewTokens, int largeSteps) {
        public static Options defaults() {
            return new Options(10, 64, 32, 64, 2);
        }
    }

    /**
     * @param pocket                 the pocket shape
     * @param batch                  training rows
     * @param context                tokens per row
     * @param fullTokensPerSecond    full fine-tuning throughput
     * @param loraTokensPerSecond    LoRA throughput
     * @param generatedTokensPerSecond generation throughput (prefill excluded from the count, included in the time)
     * @param large                  the ~110M shape, or null
     * @param largeBatch             its batch
     * @param largeStepSeconds       seconds per training step of it (NaN when skipped)
     * @param heapPeakMb             peak JVM heap
     * @param rssPeakMb              peak resident memory of the process (VmHWM), -1 where unknown
     * @param threads                engine intra-op threads
     */
    public record Result(LlamaConfig pocket, int batch, int context, double fullTokensPerSecond,
                         double loraTokensPerSecond, double generatedTokensPerSecond, int genPrompts,
                         int genNewTokens, LlamaConfig large, int largeBatch, double largeStepSeconds,
                         double heapPeakMb, double rssPeakMb, int threads) {

        public ObjectNode json() {
            ObjectNode o = Json.object();
            o.put("model", pocket.summary());
            o.put("batch", batch);
            o.put("context", context);
            o.put("threads", threads);
            o.put("train_full_tokens_per_second", Json.round(fullTokensPerSecond, 0));
            o.put("train_lora_r8_qkvo_tokens_per_second", Json.round(loraTokensPerSecond, 0));
            o.put("anchor_full_tokens_per_second", ANCHOR_FULL_TOKENS_PER_SECOND);
            o.put("anchor_lora_tokens_per_second", ANCHOR_LORA_TOKENS_PER_SECOND);
            o.put("generation_prompts", genPrompts);
            o.put("generation_new_tokens_per_prompt", genNewTokens);
            o.put("generation_tokens_per_second", Json.round(generatedTokensPerSecond, 0));
            if (large != null) {
                o.put("large_model", large.summary());
                o.put("large_batch", largeBatch);
                o.put("large_step_seconds", Json.round(largeStepSeconds, 2));
                o.put("large_tokens_per_second", Json.round(largeBatch * large.maxContext() / largeStepSeconds, 0));
            }
            o.put("heap_peak_mb", Json.round(heapPeakMb, 0));
            o.put("rss_peak_mb", Json.round(rssPeakMb, 0));
            return o;
        }

        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "bench lm: %s, batch %d x %d tokens, %d engine thread(s)%n",
                    pocket.summary(), batch, context, threads));
            sb.append(String.format(Locale.ROOT, "  train full        %7.0f tokens/s  (reference %.0f: %.2fx)%n",
                    fullTokensPerSecond, ANCHOR_FULL_TOKENS_PER_SECOND,
                    fullTokensPerSecond / ANCHOR_FULL_TOKENS_PER_SECOND));
            sb.append(String.format(Locale.ROOT, "  train LoRA r8     %7.0f tokens/s  (reference %.0f: %.2fx)%n",
                    loraTokensPerSecond, ANCHOR_LORA_TOKENS_PER_SECOND,
                    loraTokensPerSecond / ANCHOR_LORA_TOKENS_PER_SECOND));
            sb.append(String.format(Locale.ROOT, "  generate          %7.0f tokens/s  (%d prompts x %d new tokens, "
                    + "KV cache, greedy)%n", generatedTokensPerSecond, genPrompts, genNewTokens));
            if (large != null) {
                sb.append(String.format(Locale.ROOT, "  large model       %7.2f s/step    (%s, batch %d x %d)%n",
                        largeStepSeconds, large.summary(), largeBatch, large.maxContext()));
            }
            sb.append(String.format(Locale.ROOT, "  peak memory       heap %.0f MB, process RSS %.0f MB%n", heapPeakMb,
                    rssPeakMb));
            sb.append("  (reference: OPENBLAS_NUM_THREADS=1 python3 shared/tools/anchor_lm.py on the same machine)");
            return sb.toString();
        }
    }

    /** The ~110M parameter shape timed by the benchmark. */
    public static LlamaConfig largeShape() {
        return new LlamaConfig(LlamaConfig.LLAMA, 32_000, 768, 12, 12, 12, 2048, 128, 10_000, 1e-6, true, false, -1,
                List.of(), null);
    }

    private LmBench() {
    }

    public static Result run(Options options, Consumer<String> progress) {
        Engine.getEngine("PyTorch");
        LlamaConfig pocket = LlamaConfig.pocket(2048);
        int batch = 16;
        double full;
        double lora;
        double gen;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            progress.accept("training, full fine-tuning");
            full = trainTokensPerSecond(pocket, batch, null, options.trainSteps(), manager);
            progress.accept("training, LoRA r 8 on q, k, v, o");
            lora = trainTokensPerSecond(pocket, batch, LoraConfig.attention(8), options.trainSteps(), manager);
            progress.accept("generation");
            gen = generationTokensPerSecond(pocket, options, manager);
        }
        LlamaConfig large = null;
        double largeStep = Double.NaN;
        int largeBatch = 4;
        if (options.largeSteps() > 0) {
            large = largeShape();
            progress.accept("training step of " + large.summary());
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                largeStep = largeBatch * large.maxContext() / trainTokensPerSecond(large, largeBatch, null,
                        options.largeSteps(), manager);
            }
        }
        return new Result(pocket, batch, pocket.maxContext(), full, lora, gen, options.genPrompts(),
                options.genNewTokens(), large, largeBatch, largeStep, heapPeakMb(), rssPeakMb(),
                Integer.getInteger("ai.djl.pytorch.num_threads", -1));
    }

    private static List<int[]> randomRows(int rows, int length, int vocab, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int[] r = new int[length];
            for (int j = 0; j < length; j++) {
                r[j] = rng.nextInt(vocab);
            }
            out.add(r);
        }
        return out;
    }

    private static double trainTokensPerSecond(LlamaConfig config, int batch, LoraConfig lora, int steps,
                                               NDManager manager) {
        try (LlamaModel model = LlamaModel.create(config, 0, manager)) {
            if (lora != null) {
                model.addLora(lora, 1);
            }
            TrainStep step = TrainStep.of(model, CosineSchedule.constant(3e-4), 0.01, 1.0);
            TokenBatch data = TokenBatch.full(randomRows(batch, config.maxContext() + 1, config.vocabSize(), 2));
            for (int i = 0; i < 2; i++) {
                step.step(data);
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.step(data);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return (double) steps * batch * config.maxContext() / seconds;
        }
    }

    private static double generationTokensPerSecond(LlamaConfig config, Options o, NDManager manager) {
        try (LlamaModel model = LlamaModel.create(config, 0, manager)) {
            Generator generator = new Generator(model, o.genPrompts());
            List<int[]> prompts = randomRows(o.genPrompts(), o.genPromptLength(), config.vocabSize(), 3);
            long[] seeds = new long[prompts.size()];
            SamplingOptions sampling = SamplingOptions.greedy(o.genNewTokens());
            int warm = Math.min(4, prompts.size());
            generator.generate(prompts.subList(0, warm), sampling, new long[warm]);
            long start = System.nanoTime();
            List<Generation> out = generator.generate(prompts, sampling, seeds);
            double seconds = (System.nanoTime() - start) / 1e9;
            long tokens = out.stream().mapToLong(g -> g.tokens().length).sum();
            return tokens / seconds;
        }
    }

    private static double heapPeakMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / 1e6;
    }

    /** VmHWM of /proc/self/status (Linux), in MB; -1 elsewhere. */
    private static double rssPeakMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) / 1e3;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** {@code LmBench [steps] [largeSteps]}. */
    public static void main(String[] args) {
        Options d = Options.defaults();
        Options o = new Options(args.length > 0 ? Integer.parseInt(args[0]) : d.trainSteps(), d.genPrompts(),
                d.genPromptLength(), d.genNewTokens(), args.length > 1 ? Integer.parseInt(args[1]) : d.largeSteps());
        System.out.println(run(o, s -> System.err.println("... " + s)).summary());
    }
}
