package dev.emodistill.emotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.io.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where classifiers come from: the two built-in heads (trained on first use from the project's generated
 * sentences and cached on disk under a key that hashes their training data and settings), or a classifier
 * folder written by {@code emodistill perception train}.
 *
 * <p>A classifier folder holds {@code manifest.json} (kind, head role, embedding model, training data hash,
 * trainer settings, metrics, creator) and {@code head.json} (the weights).
 */
public final class Classifiers {
    public static final String MANIFEST = "manifest.json";
    public static final String HEAD = "head.json";
    public static final String KIND = "emodistill.emotion-classifier";

    /** Training sentences per label for the built-in heads: 28 x 120 = 3,360 per head. */
    public static final int BUILTIN_PER_EMOTION = 120;

    private static final Map<HeadRole, EmbeddingEmotionClassifier> BUILTIN = new EnumMap<>(HeadRole.class);

    private Classifiers() {
    }

    /** The built-in head for a role, loaded once per JVM (trained and cached on disk the first time). */
    public static synchronized EmbeddingEmotionClassifier builtin(HeadRole role) {
        EmbeddingEmotionClassifier c = BUILTIN.get(role);
        if (c == null) {
            c = loadOrTrainBuiltin(role, MiniLmEmbedder.shared());
            BUILTIN.put(role, c);
        }
        return c;
    }

    private static EmbeddingEmotionClassifier loadOrTrainBuiltin(HeadRole role, SentenceEmbedder embedder) {
        List<TrainingSentences.Labelled> data =
                TrainingSentences.generate(role.pool(), BUILTIN_PER_EMOTION, role.seed());
        HeadTrainer.Config config = HeadTrainer.Config.defaults(role.seed());
        String key = Provenance.sha256(embedder.id() + "|" + config + "|" + fingerprint(data)).substring(0, 16);
        Path dir = Workspace.cacheDir().resolve("heads").resolve(role.label() + "-" + key);
        // Described by content, not by cache location, so provenance and sweep fingerprints do not depend on
        // where the cache lives.
        String description = "built-in " + role.label() + " head " + key + " (generated sentences, pool "
                + role.pool().name().toLowerCase() + ", " + BUILTIN_PER_EMOTION + " per emotion, seed " + role.seed() + ")";
        if (Files.isRegularFile(dir.resolve(HEAD)) && Files.isRegularFile(dir.resolve(MANIFEST))) {
            try {
                return new EmbeddingEmotionClassifier(role.label(), embedder, load(dir, embedder).head(), description);
            } catch (RuntimeException corrupt) {
                // A damaged cache entry is rebuilt rather than trusted.
                System.err.println("warning: rebuilding cached " + role.label() + " head at " + dir + ": " + corrupt.getMessage());
            }
        }
        System.err.println("training the built-in " + role.label() + " emotion head (first use; cached in " + dir + ")");
        EmbeddingEmotionClassifier trained = train(role, data, embedder, config, description);
        save(trained, dir, role, embedder, config, "built-in sentences, pool " + role.pool().name().toLowerCase(),
                fingerprint(data), data.size(), Json.object());
        return trained;
    }

    /** Trains a head on labelled sentences. */
    public static EmbeddingEmotionClassifier train(HeadRole role, List<TrainingSentences.Labelled> data,
                                                   SentenceEmbedder embedder, HeadTrainer.Config config, String source) {
        List<String> texts = data.stream().map(l -> TextUnits.maskDigits(l.text())).toList();
        List<int[]> labels = data.stream().map(l -> new int[]{l.emotion().index()}).toList();
        return train(role, texts, labels, embedder, config, source);
    }

    /** Trains a head on texts with (possibly several) gold label indices each. */
    public static EmbeddingEmotionClassifier train(HeadRole role, List<String> texts, List<int[]> labels,
                                                   SentenceEmbedder embedder, HeadTrainer.Config config, String source) {
        EmbeddingCache cache = EmbeddingCache.of(embedder);
        List<float[]> vectors = cache.embedAll(texts.stream().map(TextUnits::maskDigits).toList());
        List<HeadTrainer.Example> examples = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            examples.add(new HeadTrainer.Example(vectors.get(i), labels.get(i)));
        }
        SoftmaxHead head = HeadTrainer.train(examples, embedder.dimension(), config);
        return new EmbeddingEmotionClassifier(role.label(), embedder, head, source);
    }

    /** Writes a classifier folder (manifest + head) atomically, file by file. */
    public static void save(EmbeddingEmotionClassifier classifier, Path dir, HeadRole role, SentenceEmbedder embedder,
                            HeadTrainer.Config config, String trainingSource, String trainingSha256, int examples,
                            ObjectNode metrics) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException("cannot create " + dir + ": " + e.getMessage());
        }
        AtomicFiles.writeString(dir.resolve(HEAD), Json.line(classifier.head().toJson()));
        ObjectNode m = Json.object();
        m.put("kind", KIND);
        m.put("schema_version", 1);
        m.put("head_role", role.label());
        m.put("embedding_model", embedder.id());
        ObjectNode training = m.putObject("training");
        training.put("source", trainingSource);
        training.put("examples", examples);
        training.put("sha256", trainingSha256);
        ObjectNode trainer = training.putObject("trainer");
        trainer.put("algorithm", "softmax regression, mini-batch Adam, cross-entropy to uniform gold-label targets");
        trainer.put("epochs", config.epochs());
        trainer.put("batch_size", config.batchSize());
        trainer.put("learning_rate", config.learningRate());
        trainer.put("l2", config.l2());
        trainer.put("seed", config.seed());
        m.set("metrics", metrics);
        m.set("created_by", Provenance.createdBy("perception train"));
        AtomicFiles.writeString(dir.resolve(MANIFEST), Json.pretty(m) + "\n");
    }

    /** Loads a classifier folder written by {@link #save}. */
    public static EmbeddingEmotionClassifier load(Path dir) {
        return load(dir, MiniLmEmbedder.shared());
    }

    static EmbeddingEmotionClassifier load(Path dir, SentenceEmbedder embedder) {
        JsonNode manifest = readJson(dir.resolve(MANIFEST));
        if (!KIND.equals(manifest.path("kind").asText())) {
            throw new InputException(dir.resolve(MANIFEST) + ", field 'kind': expected '" + KIND + "', got '"
                    + manifest.path("kind").asText() + "'");
        }
        SoftmaxHead head;
        try {
            head = SoftmaxHead.fromJson(readJson(dir.resolve(HEAD)));
        } catch (IllegalArgumentException e) {
            throw new InputException(dir.resolve(HEAD) + ": " + e.getMessage());
        }
        String role = manifest.path("head_role").asText("perception");
        return new EmbeddingEmotionClassifier(role, embedder, head,
                "classifier folder " + dir + " (" + manifest.path("training").path("source").asText() + ")");
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file (not a classifier folder?)");
        } catch (IOException e) {
            throw new InputException(file + ": not readable JSON: " + e.getMessage());
        }
    }

    /** A hash of the training sentences and labels, recorded in provenance and used as a cache key. */
    public static String fingerprint(List<TrainingSentences.Labelled> data) {
        StringBuilder sb = new StringBuilder();
        for (TrainingSentences.Labelled l : data) {
            sb.append(l.emotion().index()).append('\t').append(l.text()).append('\n');
        }
        return Provenance.sha256(sb.toString());
    }
}
