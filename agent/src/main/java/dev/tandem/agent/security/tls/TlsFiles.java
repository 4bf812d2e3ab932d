package dev.tandem.agent.security.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The three PEM files one party of a TLS connection needs: its certificate, its PKCS#8
 * private key, and the CA certificate it trusts (the group CA).
 */
public record TlsFiles(Path certificate, Path privateKey, Path trustedCa) {

    /** Fails naming every missing file, before a server or channel is built with them. */
    public TlsFiles check() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path p : List.of(certificate, privateKey, trustedCa)) {
            if (!Files.isReadable(p)) {
                missing.add(p.toString());
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException("TLS files not readable: " + String.join(", ", missing)
                    + " (create them with: tandem-agent init-pki)");
        }
        return this;
    }
}
