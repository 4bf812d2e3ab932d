package dev.tandem.agent.service;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs one node agent until SIGTERM/SIGINT (an orderly stop: the peer is told first).
 * Exit codes: 0 stopped normally, 2 bad command line or configuration, 1 failed to start.
 */
@Command(name = "tandem-agent", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = dev.tandem.agent.security.pki.InitPkiCommand.class,
        description = "Tandem node agent: the Server Recovery Manager of one presence node.",
        footer = {"", "Configuration keys (file or --set KEY=VALUE):"})
public final class AgentMain implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "properties file with the keys below")
    Path config;
    @Option(names = "--node", description = "node.name")
    String node;
    @Option(names = "--peer", description = "peer.name")
    String peer;
    @Option(names = "--peer-address", description = "peer.address (host:service-port of the peer)")
    String peerAddress;
    @Option(names = "--service-port", description = "service.port (default 22001)")
    Integer servicePort;
    @Option(names = "--admin-port", description = "admin.port (default 20075)")
    Integer adminPort;
    @Option(names = "--bind", description = "bind.address (default 127.0.0.1)")
    String bind;
    @Option(names = "--tls-dir", description = "tls.dir: ca.crt, <node>.crt, <node>.key (default pki; see init-pki)")
    Path tlsDir;
    @Option(names = "--insecure", description = "plaintext ports WITHOUT authentication: anyone reaching a port may fail "
            + "this node over (isolated tests only)")
    boolean insecure;
    @Option(names = "--data-dir", description = "data.dir")
    Path dataDir;
    @Option(names = "--group", description = "group.name")
    String group;
    @Option(names = {"-s", "--set"}, description = "any key, e.g. --set heartbeat.interval=5s (repeatable)")
    Map<String, String> sets = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Properties p = config == null ? new Properties() : AgentConfig.load(config);
        put(p, "node.name", node);
        put(p, "peer.name", peer);
        put(p, "peer.address", peerAddress);
        put(p, "service.port", servicePort);
        put(p, "admin.port", adminPort);
        put(p, "bind.address", bind);
        put(p, "tls.dir", tlsDir);
        if (insecure) {
            p.setProperty("insecure", "true");
        }
        put(p, "data.dir", dataDir);
        put(p, "group.name", group);
        sets.forEach(p::setProperty);
        AgentConfig cfg;
        try {
            cfg = AgentConfig.parse(p);
        } catch (AgentConfig.ConfigException e) {
            System.err.println("tandem-agent: " + e.getMessage());
            return 2;
        }
        Agent agent = new Agent(cfg);
        try {
            agent.start();
        } catch (Exception e) {
            System.err.println("tandem-agent: could not start " + cfg.node() + ": " + e.getMessage());
            return 1;
        }
        WallClockStepFile.startIfConfigured(agent.wallClock()); // a test hook, off unless asked for (daemon thread)
        Runtime.getRuntime().addShutdownHook(new Thread(agent::stop, "orderly-stop"));
        System.out.println("tandem-agent " + cfg.node() + " running: service port " + agent.servicePort()
                + ", admin port " + agent.adminPort());
        System.out.flush();
        agent.blockUntilShutdown();
        return 0;
    }

    private static void put(Properties p, String key, Object v) {
        if (v != null) {
            p.setProperty(key, v.toString());
        }
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new AgentMain());
        StringBuilder keys = new StringBuilder();
        AgentConfig.KEYS.forEach((k, v) -> keys.append(String.format("  %-24s %s%n", k, v)));
        cl.getCommandSpec().usageMessage().footer("", "Configuration keys (file or --set KEY=VALUE):", keys.toString().replace("%", "%%")); // picocli formats the footer
        int code = cl.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
