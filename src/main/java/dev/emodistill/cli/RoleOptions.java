package dev.emodistill.cli;

import picocli.CommandLine.Option;

/** Which voices of an episode run on a chat model (simulate, sweep, evaluate). */
final class RoleOptions {
    @Option(names = "--expresser", paramLabel = "template|llm", description = "the focal agent's words: the template "
            + "grammar (default) or a chat model under affective prompting (see --llm-model, --llm-offers)")
    String expresser;

    @Option(names = "--counterparty", paramLabel = "sim|llm", description = "the other side: the simulated persona "
            + "(default) or a chat model playing the persona, words and numbers")
    String counterparty;
}
