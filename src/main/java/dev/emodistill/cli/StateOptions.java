package dev.emodistill.cli;

import dev.emodistill.io.InputException;
import dev.emodistill.rl.StateSchema;
import picocli.CommandLine.Option;

import java.util.Locale;

/** The state-layout options of commands that build transitions from a corpus (DESIGN §7). */
final class StateOptions {
    @Option(names = "--domain-features", defaultValue = "on",
            description = "on or off: include the domain one-hot in states (off for cross-domain transfer; "
                    + "default: ${DEFAULT-VALUE})")
    String domainFeatures;

    @Option(names = "--text-features", defaultValue = "0",
            description = "components of the reduced MiniLM embedding of the counterparty's last message added to "
                    + "the state, 0 = off (default: ${DEFAULT-VALUE}; e.g. 16)")
    int textFeatures;

    StateSchema schema() {
        boolean domains = switch (domainFeatures.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new InputException("--domain-features must be on or off, got '" + domainFeatures + "'");
        };
        if (textFeatures < 0 || textFeatures > StateSchema.MAX_TEXT_FEATURES) {
            throw new InputException("--text-features must be 0.." + StateSchema.MAX_TEXT_FEATURES + ", got "
                    + textFeatures);
        }
        return StateSchema.of(domains, textFeatures);
    }
}
