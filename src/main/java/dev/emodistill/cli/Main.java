package dev.emodistill.cli;

/** Entry point of the {@code emodistill} command-line tool. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
