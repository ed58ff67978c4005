package dev.emodistill.emotion;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (int8-quantised ONNX, shipped inside LangChain4j's in-process embeddings jar), run in
 * this JVM. The session is built here rather than through LangChain4j's default constructor so the
 * ONNX runtime uses one intra-op thread: on 2 cores, parallel simulation workers each running single-threaded
 * inference beat one multi-threaded inference, and a fixed thread count keeps results bit-identical.
 * Loaded once per JVM ({@link #shared()}); about 23 MB of weights.
 */
public final class MiniLmEmbedder implements SentenceEmbedder {
    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
    private static final int DIMENSION = 384;
    private static volatile MiniLmEmbedder shared;

    private final Model model;

    private MiniLmEmbedder() {
        try (InputStream modelIn = resource(MODEL_RESOURCE); InputStream tokenizerIn = resource(TOKENIZER_RESOURCE)) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            OrtSession session = env.createSession(modelIn.readAllBytes(), options);
            this.model = new Model(new OnnxBertBiEncoder(env, session, tokenizerIn, PoolingMode.MEAN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled MiniLM model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot start the ONNX runtime for MiniLM: " + e.getMessage(), e);
        }
    }

    /** The per-JVM instance (the model loads on first use). */
    public static MiniLmEmbedder shared() {
        MiniLmEmbedder m = shared;
        if (m == null) {
            synchronized (MiniLmEmbedder.class) {
                m = shared;
                if (m == null) {
                    m = new MiniLmEmbedder();
                    shared = m;
                }
            }
        }
        return m;
    }

    private static InputStream resource(String name) {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("MiniLM resource " + name + " missing from the classpath");
        }
        return in;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public float[] embed(String sentence) {
        return model.embed(sentence).content().vector();
    }

    @Override
    public List<float[]> embedAll(List<String> sentences) {
        return model.embedAll(sentences.stream().map(TextSegment::from).toList())
                .content().stream().map(e -> e.vector()).toList();
    }

    @Override
    public String id() {
        return "all-MiniLM-L6-v2-q(langchain4j-embeddings 1.19.0-beta29, mean pooling, L2-normalised)";
    }

    /** LangChain4j's base class does tokenisation, windowing and pooling; we only supply the session. */
    private static final class Model extends AbstractInProcessEmbeddingModel {
        private final OnnxBertBiEncoder encoder;

        Model(OnnxBertBiEncoder encoder) {
            super(Runnable::run);
            this.encoder = encoder;
        }

        @Override
        protected OnnxBertBiEncoder model() {
            return encoder;
        }

        @Override
        protected Integer knownDimension() {
            return DIMENSION;
        }
    }
}
