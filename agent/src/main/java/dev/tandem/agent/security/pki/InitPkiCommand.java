package dev.tandem.agent.security.pki;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem-agent init-pki}: creates the group CA, the node certificates and admin client
 * credentials as PEM files (docs/security.md). Exit codes: 0 written, 2 bad arguments or
 * existing files without --force, 1 could not write.
 */
@Command(name = "init-pki", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Creates a group CA, node certificates and admin client credentials (PEM files).",
                "Copy ca.crt and <node>.crt/.key to each node, and a client's .crt/.key to whoever uses it;",
                "keep ca.key offline. Run again with the same --dir to add or (with --force) renew credentials."})
public final class InitPkiCommand implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "directory for the PEM files (created if needed)")
    Path dir;
    @Option(names = "--group", defaultValue = "prg1", description = "group name written in the subjects (default ${DEFAULT-VALUE})")
    String group;
    @Option(names = "--node", description = "a node certificate for this node name (repeatable)")
    List<String> nodes = new ArrayList<>();
    @Option(names = "--host", description = "NODE=HOST[,HOST...]: extra DNS names or IP addresses for that node's certificate "
            + "(localhost and 127.0.0.1 are always included)")
    Map<String, String> hosts = new LinkedHashMap<>();
    @Option(names = "--client", description = "NAME=ROLE: an admin client credential, ROLE one of viewer, operator, admin "
            + "(repeatable; default when no --client and no --node is given besides nodes: admin=admin, operator=operator, viewer=viewer)")
    Map<String, String> clients = new LinkedHashMap<>();
    @Option(names = "--no-default-clients", description = "do not add the admin, operator and viewer clients")
    boolean noDefaultClients;
    @Option(names = "--days", defaultValue = "825", description = "validity of the certificates in days (CA: twice that; default ${DEFAULT-VALUE})")
    int days;
    @Option(names = "--new-ca", description = "create a new CA even if the directory has one (every credential must then be reissued)")
    boolean newCa;
    @Option(names = "--force", description = "replace existing credentials of the names given")
    boolean force;

    @Override
    public Integer call() {
        if (days < 1 || days > 36_500) {
            System.err.println("init-pki: --days must be 1..36500, got " + days);
            return 2;
        }
        PkiGenerator g = new PkiGenerator(group, Duration.ofDays(days));
        for (String n : nodes) {
            if (!n.matches("[A-Za-z0-9-]{1,63}")) {
                System.err.println("init-pki: node name '" + n + "' must be 1..63 of letters, digits or '-' (it is a DNS name in the certificate)");
                return 2;
            }
            g.node(n, List.of(hosts.getOrDefault(n, "").split("\\s*,\\s*")).stream().filter(h -> !h.isBlank()).toList());
        }
        for (String n : hosts.keySet()) {
            if (!nodes.contains(n)) {
                System.err.println("init-pki: --host names node '" + n + "', which is not given with --node");
                return 2;
            }
        }
        Map<String, String> all = new LinkedHashMap<>();
        if (!noDefaultClients && clients.isEmpty()) {
            all.put(PkiGenerator.ADMIN, "admin");
            all.put(PkiGenerator.OPERATOR, "operator");
            all.put(PkiGenerator.VIEWER, "viewer");
        }
        all.putAll(clients);
        for (var c : all.entrySet()) {
            var role = Role.fromOu(c.getValue()).filter(r -> r != Role.NODE);
            if (role.isEmpty() || !c.getKey().matches("[A-Za-z0-9_.@-]{1,64}")) {
                System.err.println("init-pki: --client " + c.getKey() + "=" + c.getValue()
                        + ": NAME is 1..64 of letters, digits, '_', '.', '@', '-'; ROLE is viewer, operator or admin");
                return 2;
            }
            g.client(c.getKey(), role.get());
        }
        try {
            List<String> written = g.writeTo(new PkiDirectory(dir), newCa, force);
            System.out.println("init-pki: wrote " + String.join(", ", written) + " in " + dir.toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("init-pki: " + e.getMessage());
            return 2;
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("init-pki: could not write in " + dir + ": " + e.getMessage());
            return 1;
        }
    }
}
