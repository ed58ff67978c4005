package dev.emodistill.llm;

import java.util.List;
import java.util.Objects;

/**
 * Removes secrets from text before it is put in an exception, a log line or a file. Servers sometimes echo
 * the credential they rejected in their error body; the client quotes error bodies to explain failures, so
 * every quoted body goes through here first.
 */
public final class Redactor {
    /** What a secret is replaced with. */
    public static final String MASK = "[redacted]";

    private final List<String> secrets;

    public Redactor(List<String> secrets) {
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= 4).distinct().toList();
    }

    /** Redacts nothing. */
    public static Redactor none() {
        return new Redactor(List.of());
    }

    /** This redactor plus one more secret. */
    public Redactor with(String secret) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(secrets);
        all.add(secret);
        return new Redactor(all);
    }

    public String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, MASK);
        }
        return out;
    }
}
