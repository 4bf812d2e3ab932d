package dev.tandem.agent.security.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a group's PKI into a {@link PkiDirectory}: the CA (new, or the one already there),
 * a certificate per node and per admin client. Used by {@code tandem-agent init-pki}, and
 * with {@link #throwaway} by tests and the console's embedded demo.
 */
public final class PkiGenerator {
    /** Names of the clients a throwaway PKI holds, one per role. */
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";
    /** Host names every node certificate carries, so tools on the node itself can dial localhost. */
    public static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1");

    private final String group;
    private final Duration validity;
    private final Map<String, List<String>> nodes = new LinkedHashMap<>();
    private final Map<String, Role> clients = new LinkedHashMap<>();

    public PkiGenerator(String group, Duration validity) {
        this.group = group;
        this.validity = validity;
    }

    public PkiGenerator node(String name, List<String> extraHosts) {
        List<String> hosts = new ArrayList<>(LOCAL_HOSTS);
        extraHosts.stream().filter(h -> !hosts.contains(h)).forEach(hosts::add);
        nodes.put(name, hosts);
        return this;
    }

    public PkiGenerator client(String name, Role role) {
        clients.put(name, role);
        return this;
    }

    /**
     * Writes the credentials. An existing CA in the directory is reused unless {@code newCa};
     * an existing credential of a listed name is replaced only with {@code overwrite}.
     *
     * @return the names written
     */
    public List<String> writeTo(PkiDirectory dir, boolean newCa, boolean overwrite) throws IOException {
        List<String> clash = new ArrayList<>();
        for (String n : names()) {
            if (n.equals(PkiDirectory.CA)) {
                throw new IllegalArgumentException("'ca' is reserved for the group CA's files");
            }
            if (!overwrite && dir.has(n)) {
                clash.add(n);
            }
        }
        if (!clash.isEmpty()) {
            throw new IllegalArgumentException("credentials already exist for " + String.join(", ", clash)
                    + " in " + dir.dir() + " (--force replaces them)");
        }
        boolean reuse = !newCa && java.nio.file.Files.exists(dir.caCertificate())
                && java.nio.file.Files.exists(dir.privateKey(PkiDirectory.CA));
        CertificateAuthority ca;
        List<String> written = new ArrayList<>();
        if (reuse) {
            ca = dir.readCa(group);
        } else {
            ca = CertificateAuthority.create(group, validity.multipliedBy(2));
            dir.write(PkiDirectory.CA, ca.credential());
            written.add(PkiDirectory.CA);
        }
        for (var n : nodes.entrySet()) {
            dir.write(n.getKey(), ca.issueNode(n.getKey(), n.getValue(), validity));
            written.add(n.getKey());
        }
        for (var c : clients.entrySet()) {
            dir.write(c.getKey(), ca.issueClient(c.getKey(), c.getValue(), validity));
            written.add(c.getKey());
        }
        return written;
    }

    private List<String> names() {
        List<String> all = new ArrayList<>(nodes.keySet());
        all.addAll(clients.keySet());
        return all;
    }

    /**
     * A complete PKI for one pair, valid for a day, in {@code dir}: CA, both nodes, and one
     * client per role ({@link #ADMIN}, {@link #OPERATOR}, {@link #VIEWER}). For tests and demos only.
     */
    public static PkiDirectory throwaway(Path dir, String group, String... nodes) {
        PkiGenerator g = new PkiGenerator(group, Duration.ofDays(1));
        for (String n : nodes) {
            g.node(n, List.of());
        }
        g.client(ADMIN, Role.ADMIN).client(OPERATOR, Role.OPERATOR).client(VIEWER, Role.VIEWER);
        PkiDirectory d = new PkiDirectory(dir);
        try {
            g.writeTo(d, true, true);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write a throwaway PKI in " + dir, e);
        }
        return d;
    }
}
