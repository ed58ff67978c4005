package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.corpus.CounterpartyTransitions;
import dev.emodistill.corpus.Rewards;
import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.corpus.TransitionDataset;
import dev.emodistill.domain.Domain;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.Role;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where an offline learner's data comes from: a transition file ({@code --dataset}) or a corpus folder
 * ({@code --corpus}, exported in memory with {@code --reward}: a focal-role corpus as {@code dataset} would, a
 * counterparty-role corpus as {@code counterparty-dataset} would, for a counterparty selector). Either way the scenario provenance of the corpus is
 * carried into the checkpoint, so {@code evaluate --scenarios test} can find the held-out scenarios later.
 */
final class TrainingInput {
    @Option(names = "--dataset", description = "transitions file from 'emodistill dataset'")
    Path dataset;
    @Option(names = "--corpus", description = "corpus folder (exported to transitions in memory; a counterparty-role "
            + "corpus trains a counterparty selector)")
    Path corpus;
    @Option(names = "--reward", defaultValue = Rewards.DEFAULT_NAME,
            description = "with --corpus: the reward (default: ${DEFAULT-VALUE})")
    String reward;
    /** Used with --corpus only (a dataset file carries its own state layout). */
    @picocli.CommandLine.Mixin
    StateOptions state;

    /** The data and what it came from. */
    record Loaded(TransitionDataset data, ObjectNode provenance, ScenarioProvenance scenarios, Domain domain) {
    }

    Loaded load() {
        if ((dataset == null) == (corpus == null)) {
            throw new InputException("give exactly one of --dataset FILE or --corpus DIR");
        }
        TransitionDataset data;
        CorpusDir dir;
        String datasetSha;
        if (corpus != null) {
            dir = CorpusDir.at(corpus);
            // A counterparty-role sweep trains the counterparty's selector: the same export as counterparty-dataset.
            data = dir.isCounterpartyRole()
                    ? CounterpartyTransitions.dataset(dir.readEpisodes(), Rewards.byName(reward),
                    state.schema().forRole(Role.COUNTERPARTY), dir.source())
                    : TransitionDataset.build(dir.readEpisodes(), Rewards.byName(reward), state.schema(), dir.source());
            datasetSha = null;
        } else {
            data = TransitionDataset.read(Options.existingFile("--dataset", dataset));
            datasetSha = Provenance.sha256(dataset);
            Path source = Path.of(data.sourcePath());
            dir = source.getParent() == null ? null : CorpusDir.at(source.getParent());
            if (dir != null && (!dir.hasManifest() || !Files.isRegularFile(source)
                    || !Provenance.sha256(source).equals(data.sourceSha256()))) {
                dir = null;
            }
        }
        ObjectNode p = Json.object();
        ObjectNode ds = p.putObject("dataset");
        ds.put("path", dataset == null ? null : dataset.toAbsolutePath().toString());
        ds.put("sha256", datasetSha);
        ds.put("source", data.sourcePath());
        ds.put("source_sha256", data.sourceSha256());
        ds.put("reward", data.rewardName());
        ds.put("reward_formula", data.rewardFormula());
        ds.put("transitions", data.transitions().size());
        ScenarioProvenance scenarios = null;
        Domain domain = null;
        if (dir != null) {
            scenarios = ScenarioProvenance.ofCorpus(dir);
            domain = scenarios.domain();
            p.put("domain", domain.id());
            p.set("scenarios", scenarios.toJson());
            p.put("corpus", dir.dir().toAbsolutePath().toString());
        }
        return new Loaded(data, p, scenarios, domain);
    }
}
