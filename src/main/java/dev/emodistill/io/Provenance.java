package dev.emodistill.io;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/** What made an artifact: tool name and version, plus content hashes of its inputs. */
public final class Provenance {
    public static final String TOOL = "emodistill";
    private static final String VERSION = loadVersion();

    private Provenance() {
    }

    private static String loadVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/dev/emodistill/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /** The project version this code was built as. */
    public static String codeVersion() {
        return VERSION;
    }

    /** {"tool": "emodistill", "version": ...} plus the command that made the artifact. */
    public static ObjectNode createdBy(String command) {
        ObjectNode o = Json.object();
        o.put("tool", TOOL);
        o.put("version", VERSION);
        o.put("command", command);
        return o;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
