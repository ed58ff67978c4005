package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.pipeline.StudyPlan;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each stage's command in a child Java process with this process's class path and JVM options (heap, stack,
 * the {@code ai.djl.*} threads and offline switch). Separate processes share no engine state, so training stages
 * can run side by side, which the in-process runner forbids (one gradient collector and one seeded random
 * generator per process); each running stage costs one JVM's memory instead. Debugger and instrumentation agents
 * are not passed on: a second process would fight over the debugger's port. Children still running when this JVM
 * shuts down are destroyed with it, so an interrupted run leaves no orphan writing into a stage folder that the next
 * run clears and starts again.
 */
final class ChildProcessCommands implements StudyPlan.Commands {
    /** Children of every runner in this JVM, for the one shutdown hook. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcessCommands::destroyRunning,
                "stage-processes-shutdown"));
    }

    private final List<String> launch;

    ChildProcessCommands() {
        this(javaBinary(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                System.getProperty("java.class.path"));
    }

    ChildProcessCommands(String java, List<String> jvmOptions, String classPath) {
        List<String> l = new ArrayList<>();
        l.add(java);
        for (String o : jvmOptions) {
            if (!o.startsWith("-agentlib:") && !o.startsWith("-javaagent:") && !o.startsWith("-Xrunjdwp")) {
                l.add(o);
            }
        }
        l.add("-cp");
        l.add(classPath);
        l.add(Main.class.getName());
        launch = List.copyOf(l);
    }

    /** Destroys the children still running (their stages then fail); returns how many there were. */
    static int destroyRunning() {
        int n = 0;
        for (Process p : RUNNING) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            n++;
        }
        return n;
    }

    /** The command line up to (and including) the main class; the stage's arguments follow it. */
    List<String> launch() {
        return launch;
    }

    @Override
    public JsonNode json(PrintWriter log, List<String> args) {
        List<String> cmd = new ArrayList<>(launch);
        cmd.addAll(args);
        String joined = String.join(" ", args);
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close(); // a stage reads no input
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a Java process for 'emodistill " + joined + "'", e);
        }
        RUNNING.add(p);
        Thread copier = new Thread(() -> copyLines(p.getErrorStream(), log), "stage-log");
        copier.setDaemon(true);
        copier.start();
        String out;
        int code;
        try (InputStream stdout = p.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
            code = p.waitFor();
            copier.join();
        } catch (IOException e) {
            p.destroyForcibly();
            throw new UncheckedIOException("reading the output of 'emodistill " + joined + "'", e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while 'emodistill " + joined + "' ran", e);
        } finally {
            RUNNING.remove(p);
        }
        return Nested.result(code, out, args);
    }

    private static void copyLines(InputStream in, PrintWriter log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                log.println(line);
            }
            log.flush();
        } catch (IOException e) {
            log.println("(stage log cut short: " + e.getMessage() + ")");
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
