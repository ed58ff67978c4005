package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.corpus.CounterpartyTransitions;
import dev.emodistill.corpus.Rewards;
import dev.emodistill.corpus.TransitionCounts;
import dev.emodistill.corpus.TransitionDataset;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.Role;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code emodistill counterparty-dataset}: export a counterparty-role corpus as the counterparty's transitions. */
@Command(name = "counterparty-dataset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Export a counterparty-role corpus (emodistill sweep --role counterparty) as offline-RL "
                + "transitions for a counterparty emotion selector (DESIGN §10).",
                "One transition per counterparty turn, built on the mirrored episode with the focal learner's formulas: "
                        + "the mirrored state (own = the counterparty, positions 1 - pos), the reward of the mirrored "
                        + "episode (terminal +2(1 - u) on a deal) and the emotion the counterparty showed. Same file "
                        + "format as 'emodistill dataset', with a state schema that says role 'counterparty': train on "
                        + "it with 'emodistill train selector --dataset FILE' (docs/tournament.md)."})
final class CounterpartyDatasetCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--corpus", required = true, description = "corpus folder from 'emodistill sweep --role counterparty'")
    Path corpus;
    @Option(names = "--reward", defaultValue = Rewards.DEFAULT_NAME,
            description = "concession, net, time_weighted_net, terminal, or a sum such as time_weighted_net+terminal, "
                    + "on the mirrored episode (default: ${DEFAULT-VALUE}; the judge scores focal turns only)")
    String reward;
    @CommandLine.Mixin
    StateOptions state;
    @Option(names = "--out", required = true, description = "transitions file (.jsonl), written atomically")
    Path out;
    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Override
    public Integer call() {
        var rewardFunction = Rewards.byName(reward);
        CorpusDir dir = CorpusDir.at(corpus);
        if (!dir.isCounterpartyRole()) {
            throw new InputException(corpus + " holds a focal-role sweep; counterparty transitions need a corpus from "
                    + "'emodistill sweep --role counterparty' (export a focal-role corpus with 'emodistill dataset')");
        }
        TransitionDataset data = CounterpartyTransitions.write(out, dir.readEpisodes(), rewardFunction,
                state.schema().forRole(Role.COUNTERPARTY), dir.source());
        TransitionCounts c = data.counts();
        Terminal t = new Terminal(spec);
        if (json) {
            ObjectNode o = Json.object();
            o.put("out", out.toString());
            o.put("role", Role.COUNTERPARTY.label());
            o.put("reward", data.rewardName());
            o.put("state_dimension", data.stateSchema().dimension());
            o.put("transitions", c.transitions());
            o.put("episodes_used", c.episodesUsed());
            o.put("skipped_error", c.skippedError());
            o.put("skipped_no_emotion", c.skippedNoEmotion());
            o.put("source", dir.source().toString());
            t.json(o);
        } else {
            t.resultLine(String.format(Locale.ROOT, "wrote %d counterparty transitions from %d episodes (%d error and "
                            + "%d no-emotion episodes skipped), state dimension %d, reward %s (mirrored), to %s",
                    c.transitions(), c.episodesUsed(), c.skippedError(), c.skippedNoEmotion(),
                    data.stateSchema().dimension(), data.rewardName(), out));
        }
        return Main.EXIT_OK;
    }
}
