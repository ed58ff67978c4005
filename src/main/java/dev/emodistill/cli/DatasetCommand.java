package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.Rewards;
import dev.emodistill.corpus.TransitionCounts;
import dev.emodistill.corpus.TransitionDataset;
import dev.emodistill.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code emodistill dataset}: export a corpus as RL transitions. */
@Command(name = "dataset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a corpus as offline-RL transitions for the emotion selector.",
                "One JSON header line (state schema, reward and its formula, source corpus and its sha256, counts), then "
                        + "one transition per line: s, a (emotion index 0-27), r, s2, done, timeout, episode_id, t. "
                        + "Uses judged.jsonl when the corpus has been judged. Inconsistent episodes are rejected with "
                        + "their id; error episodes are skipped and counted."})
final class DatasetCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--corpus", required = true, description = "corpus folder from 'emodistill sweep'")
    Path corpus;
    @Option(names = "--reward", defaultValue = Rewards.DEFAULT_NAME,
            description = "concession, net, time_weighted_net, terminal, judge, or a sum such as "
                    + "time_weighted_net+terminal (default: ${DEFAULT-VALUE})")
    String reward;
    @picocli.CommandLine.Mixin
    StateOptions state;
    @Option(names = "--out", required = true, description = "transitions file (.jsonl), written atomically")
    Path out;
    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Override
    public Integer call() {
        var rewardFunction = Rewards.byName(reward);
        CorpusDir dir = CorpusDir.at(corpus);
        List<CorpusEpisode> episodes = dir.readEpisodes();
        TransitionDataset data = TransitionDataset.build(episodes, rewardFunction, state.schema(), dir.source());
        data.write(out);
        TransitionCounts c = data.counts();
        Terminal t = new Terminal(spec);
        if (json) {
            ObjectNode o = Json.object();
            o.put("out", out.toString());
            o.put("reward", data.rewardName());
            o.put("state_dimension", data.stateSchema().dimension());
            o.put("transitions", c.transitions());
            o.put("episodes_used", c.episodesUsed());
            o.put("skipped_error", c.skippedError());
            o.put("skipped_no_emotion", c.skippedNoEmotion());
            o.put("source", dir.source().toString());
            t.json(o);
        } else {
            t.resultLine(String.format(Locale.ROOT, "wrote %d transitions from %d episodes (%d error and %d no-emotion "
                            + "episodes skipped), state dimension %d, reward %s, to %s", c.transitions(), c.episodesUsed(),
                    c.skippedError(), c.skippedNoEmotion(), data.stateSchema().dimension(), data.rewardName(), out));
        }
        return Main.EXIT_OK;
    }
}
