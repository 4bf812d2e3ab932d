package dev.tandem.console.connection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the console presents to agents: a client certificate and key of the group CA and the
 * CA to trust (PEM files, as {@code tandem-agent init-pki} writes them), or plaintext for
 * agents run with --insecure. The certificate's role (viewer, operator, admin) decides what
 * the agents let this console do.
 */
public record Credentials(Path ca, Path certificate, Path key) {
    /** Plaintext: no TLS, no identity. */
    public static final Credentials INSECURE = new Credentials(null, null, null);

    public boolean insecure() {
        return ca == null;
    }

    /** {@code NAME.crt}, {@code NAME.key} and {@code ca.crt} in {@code pkiDir}. */
    public static Credentials fromPki(Path pkiDir, String name) {
        return new Credentials(pkiDir.resolve("ca.crt"), pkiDir.resolve(name + ".crt"), pkiDir.resolve(name + ".key"));
    }

    /** From a demo launcher's map (keys ca, cert, key); empty = plaintext. */
    public static Credentials fromMap(Map<String, String> m) {
        if (m.isEmpty()) {
            return INSECURE;
        }
        return new Credentials(Path.of(m.get("ca")), Path.of(m.get("cert")), Path.of(m.get("key")));
    }

    /** Why these credentials cannot be used (missing files), or null. */
    public String problem() {
        if (insecure()) {
            return null;
        }
        for (Path p : new Path[] {ca, certificate, key}) {
            if (!Files.isReadable(p)) {
                return "cannot read " + p + " (give --pki DIR --as NAME, or --insecure for agents run with --insecure)";
            }
        }
        return null;
    }
}
