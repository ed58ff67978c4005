package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.EmbeddingEmotionClassifier;
import dev.emodistill.emotion.GoEmotionsTsv;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.emotion.HeadTrainer;
import dev.emodistill.emotion.MiniLmEmbedder;
import dev.emodistill.emotion.PerceptionMetrics;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code emodistill perception eval|train}: measure and retrain the emotion classifier's head. */
@Command(name = "perception", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure or retrain the emotion classifier (MiniLM sentence embeddings + a softmax head).",
        subcommands = {PerceptionCommand.Eval.class, PerceptionCommand.Train.class, PerceptionCommand.Phrases.class})
final class PerceptionCommand extends CommandGroup {
    /** The project's hand-written held-out sentences (GoEmotions TSV layout). */
    static final String HELDOUT_RESOURCE = "/dev/emodistill/emotion/heldout-sentences.tsv";

    static HeadRole role(String text) {
        for (HeadRole r : HeadRole.values()) {
            if (r.label().equals(text.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new InputException("unknown head '" + text + "' (expected perception or evaluation)");
    }

    static String format(String title, PerceptionMetrics m) {
        return String.format(Locale.ROOT, "%s%n  examples    %d%n  top1        %.3f%n  top3        %.3f%n"
                        + "  macro_f1    %.3f%n  ekman_top1  %.3f%n",
                title, m.examples(), m.top1(), m.top3(), m.macroF1(), m.ekmanTop1());
    }

    @Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Accuracy of a classifier head on labelled sentences: top-1, top-3, macro-F1 and Ekman-group top-1.",
                    "Input is GoEmotions TSV (text, comma-separated label indices in the 28-label order, comment id; "
                    + "no header). Without --goemotions it uses the project's hand-written held-out set, which no "
                    + "training data contains."})
    static final class Eval implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--goemotions", description = "labelled sentences in GoEmotions TSV layout")
        Path tsv;
        @Option(names = "--head", defaultValue = "perception",
                description = "built-in head to measure: perception or evaluation (default: ${DEFAULT-VALUE})")
        String head;
        @Option(names = "--classifier", description = "measure a classifier folder from 'perception train' instead")
        Path classifier;
        @Option(names = "--json", description = "print one JSON object: examples, top1, top3, macro_f1, ekman_top1")
        boolean json;

        @Override
        public Integer call() {
            List<GoEmotionsTsv.Example> data = tsv == null ? GoEmotionsTsv.readResource(HELDOUT_RESOURCE)
                    : GoEmotionsTsv.read(Options.existingFile("--goemotions", tsv));
            EmbeddingEmotionClassifier c = classifier != null ? Classifiers.load(classifier) : Classifiers.builtin(role(head));
            PerceptionMetrics m = PerceptionMetrics.evaluate(c, data);
            Terminal t = new Terminal(spec);
            String source = tsv == null ? "built-in held-out sentences" : tsv.toString();
            String name = classifier != null ? classifier.toString() : role(head).label() + " head";
            if (json) {
                ObjectNode o = m.toJson();
                o.put("data", source);
                o.put("classifier", name);
                t.json(o);
            } else {
                t.result(format("perception eval: " + name + " on " + source, m));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Retrain the classifier head on labelled sentences in GoEmotions TSV layout (for example the real GoEmotions train.tsv).",
                    "Writes a classifier folder (manifest.json + head.json) that --classifier DIR then uses "
                    + "anywhere. Reports accuracy on the training file and on the built-in held-out sentences."})
    static final class Train implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--goemotions", required = true, description = "training sentences (GoEmotions TSV)")
        Path tsv;
        @Option(names = "--out", required = true, description = "classifier folder to write")
        Path out;
        @Option(names = "--role", defaultValue = "perception",
                description = "which role the head will serve: perception or evaluation (default: ${DEFAULT-VALUE})")
        String role;
        @Option(names = "--seed", defaultValue = "1", description = "training seed (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--epochs", defaultValue = "60", description = "passes over the data (default: ${DEFAULT-VALUE})")
        int epochs;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Options.positive("--epochs", epochs);
            HeadRole r = role(role);
            List<GoEmotionsTsv.Example> data = GoEmotionsTsv.read(Options.existingFile("--goemotions", tsv));
            if (data.isEmpty()) {
                throw new InputException(tsv + ": no examples");
            }
            HeadTrainer.Config base = HeadTrainer.Config.defaults(seed);
            HeadTrainer.Config config = new HeadTrainer.Config(epochs, base.batchSize(), base.learningRate(), base.l2(), seed);
            Terminal t = new Terminal(spec);
            t.log("embedding " + data.size() + " sentences with MiniLM and training the " + r.label() + " head");
            List<String> texts = data.stream().map(GoEmotionsTsv.Example::text).toList();
            List<int[]> labels = data.stream()
                    .map(e -> e.labels().stream().mapToInt(l -> l.index()).toArray()).toList();
            EmbeddingEmotionClassifier c = Classifiers.train(r, texts, labels, MiniLmEmbedder.shared(), config,
                    "GoEmotions TSV " + tsv.getFileName());
            PerceptionMetrics onTrain = PerceptionMetrics.evaluate(c, data);
            PerceptionMetrics onHeldout = PerceptionMetrics.evaluate(c, GoEmotionsTsv.readResource(HELDOUT_RESOURCE));
            ObjectNode metrics = Json.object();
            metrics.set("training_file", onTrain.toJson());
            metrics.set("builtin_heldout", onHeldout.toJson());
            Classifiers.save(c, out, r, MiniLmEmbedder.shared(), config, "GoEmotions TSV " + tsv,
                    Provenance.sha256(tsv), data.size(), metrics);
            if (json) {
                ObjectNode o = Json.object();
                o.put("out", out.toString());
                o.put("role", r.label());
                o.put("examples", data.size());
                o.set("metrics", metrics);
                t.json(o);
            } else {
                t.result("wrote classifier folder " + out + "\n" + format("on the training file:", onTrain)
                        + format("on the built-in held-out sentences:", onHeldout));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "phrases", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"How recognisable the simulator's own phrase banks are: accuracy of a classifier head on the focal openers and closers and on the counterparty openers, each labelled with the emotion it was written for.",
                    "Low scores mean that emotion's expression is ambiguous in the simulator."})
    static final class Phrases implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--head", defaultValue = "perception",
                description = "perception or evaluation (default: ${DEFAULT-VALUE})")
        String head;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            EmbeddingEmotionClassifier c = Classifiers.builtin(role(head));
            ObjectNode o = Json.object();
            StringBuilder text = new StringBuilder();
            for (var entry : PhraseBankSentences.labelled().entrySet()) {
                PerceptionMetrics m = PerceptionMetrics.evaluate(c, entry.getValue());
                o.set(entry.getKey(), m.toJson());
                text.append(format(entry.getKey() + ":", m));
            }
            Terminal t = new Terminal(spec);
            if (json) {
                t.json(o);
            } else {
                t.result(text.toString());
            }
            return Main.EXIT_OK;
        }
    }
}
