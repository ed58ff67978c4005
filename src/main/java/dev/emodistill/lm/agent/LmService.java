package dev.emodistill.lm.agent;

import ai.djl.ndarray.NDManager;
import dev.emodistill.lm.Checkpoints;
import dev.emodistill.lm.Generation;
import dev.emodistill.lm.Generator;
import dev.emodistill.lm.LlamaModel;
import dev.emodistill.lm.SamplingOptions;
import dev.emodistill.lm.text.DialogueText;
import dev.emodistill.lm.text.PromptParts;
import dev.emodistill.lm.tokenizer.PocketTokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loaded language model (base, optionally with a LoRA adapter merged in) serving single-utterance requests from
 * many episode threads through one batching worker ({@link RequestBatcher}): the model is driven by that worker
 * alone, so it needs no locking, and concurrent episodes share its batches. Each request carries its own seed, so
 * an utterance does not depend on which others were batched with it.
 */
public final class LmService implements AutoCloseable {
    /**
     * Default sampling: a low temperature with nucleus, no repetition penalty, one or two sentences. Measured on the
     * debt probe (pocket base + 1,000-step SFT, 200 held-out turns): temperature 0.7 with penalty 1.1 (the old
     * default) read the intended emotion in 15 % of utterances, 0.3 without penalty in 27 % and stated the asked
     * number more often (52 % -> 69 %); a penalty also counts the prompt's tokens, the number's digits included.
     */
    public static final SamplingOptions DEFAULT_SAMPLING = new SamplingOptions(0.3, 0.9, 1.0, 40, List.of());
    /** Fewer new tokens than this and a prompt is too long to answer; callers shorten its context. */
    public static final int MIN_NEW_TOKENS = 24;

    private record Request(int[] prompt, long seed) {
    }

    private final String name;
    private final NDManager manager;
    private final LlamaModel model;
    private final PocketTokenizer tokenizer;
    private final Generator generator;
    private final SamplingOptions sampling;
    private final RequestBatcher<Request, String> batcher;
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    private LmService(String name, NDManager manager, LlamaModel model, PocketTokenizer tokenizer,
                      SamplingOptions sampling, int maxBatch) {
        this.name = name;
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.sampling = sampling;
        this.generator = new Generator(model, maxBatch);
        this.batcher = new RequestBatcher<>("lm-" + name, this::generateBatch, maxBatch, 3);
    }

    /**
     * Loads the base model folder and, if {@code adapterDir} is given, merges that adapter into it (inference only).
     */
    public static LmService load(String name, Path baseDir, Path adapterDir, SamplingOptions sampling, int maxBatch) {
        NDManager manager = NDManager.newBaseManager();
        try {
            LlamaModel model = Checkpoints.loadModel(baseDir, manager);
            if (adapterDir != null) {
                model.attachLora(Checkpoints.loadAdapter(adapterDir, model));
                model.mergeLora();
            }
            PocketTokenizer tokenizer = PocketTokenizer.load(baseDir.resolve(Checkpoints.TOKENIZER));
            return new LmService(name, manager, model, tokenizer, sampling, maxBatch);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public PocketTokenizer tokenizer() {
        return tokenizer;
    }

    public int maxContext() {
        return model.config().maxContext();
    }

    /** Prompt ids of a prompt text. */
    public int[] encode(String prompt) {
        return tokenizer.encode(prompt);
    }

    /** Whether a prompt of this many tokens leaves room for an answer. */
    public boolean fits(int promptTokens) {
        return promptTokens + MIN_NEW_TOKENS <= maxContext();
    }

    /**
     * The prompt ids, dropping the oldest context lines until it leaves room for an answer (the same rule for
     * acting and for probing).
     */
    public int[] promptThatFits(PromptParts parts) {
        List<String> context = parts.context();
        for (int keep = context.size(); keep >= 0; keep--) {
            PromptParts p = new PromptParts(parts.domain(), parts.role(),
                    context.subList(context.size() - keep, context.size()), parts.emotion(), parts.act(), parts.offer());
            int[] ids = encode(DialogueText.prompt(p));
            if (fits(ids.length)) {
                return ids;
            }
        }
        throw new IllegalStateException("even without context the prompt does not fit the model's context of "
                + maxContext() + " tokens");
    }

    /** The response text generated for a prompt (blocking; batched with concurrent callers). */
    public String respond(int[] promptIds, long seed) {
        if (!fits(promptIds.length)) {
            throw new IllegalArgumentException("prompt of " + promptIds.length + " tokens leaves fewer than "
                    + MIN_NEW_TOKENS + " of the model's " + maxContext() + "-token context");
        }
        return batcher.submit(new Request(promptIds, seed));
    }

    void countRetry() {
        retries.incrementAndGet();
    }

    void countFallback() {
        fallbacks.incrementAndGet();
    }

    /** {requests, batches, retries, fallbacks} so far. */
    public long[] counts() {
        long[] b = batcher.counts();
        return new long[] {b[1], b[0], retries.get(), fallbacks.get()};
    }

    private List<String> generateBatch(List<Request> requests) {
        int longest = 0;
        List<int[]> prompts = new ArrayList<>(requests.size());
        long[] seeds = new long[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            prompts.add(requests.get(i).prompt());
            seeds[i] = requests.get(i).seed();
            longest = Math.max(longest, requests.get(i).prompt().length);
        }
        SamplingOptions options = sampling.withMaxNewTokens(Math.min(sampling.maxNewTokens(), maxContext() - longest));
        List<Generation> out = generator.generate(prompts, options, seeds);
        List<String> texts = new ArrayList<>(out.size());
        for (Generation g : out) {
            texts.add(DialogueText.response(tokenizer.decode(g.tokens(), true)));
        }
        return texts;
    }

    @Override
    public void close() {
        batcher.close();
        tokenizer.close();
        model.close();
        manager.close();
    }
}
