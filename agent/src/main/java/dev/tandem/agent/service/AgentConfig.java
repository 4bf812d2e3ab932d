package dev.tandem.agent.service;

import dev.tandem.agent.critical.ServiceBinding;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.contract.GroupRules;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything an agent needs to run, read from a properties file and command-line
 * overrides (same keys). Defaults follow ha-behaviour.md §4. {@link #parse} checks every
 * field and names each one that is wrong.
 *
 * <p>Keys: see {@link #KEYS}. Durations accept a unit: {@code 100ms}, {@code 15s}, {@code 30min}
 * (plain numbers are milliseconds).
 */
public record AgentConfig(
        String node,
        String peer,
        String peerAddress,
        String cluster,
        String group,
        String description,
        List<String> nodes,
        boolean haEnabled,
        String bindAddress,
        int servicePort,
        int adminPort,
        SrmParameters parameters,
        Map<CriticalService, String[]> bindings,
        long servicePollMs,
        Path dataDir,
        long userMoveDelayMs,
        UserAssignmentMode userAssignmentMode,
        int clientPort,
        int metricsPort,
        Path tlsDir,
        boolean insecure,
        String metricsBind,
        dev.tandem.agent.srm.FlapLimits flapLimits) {

    public static final int DEFAULT_SERVICE_PORT = 22001;
    public static final int DEFAULT_ADMIN_PORT = 20075;
    /** The XMPP client port; here the presence node's gRPC client port. */
    public static final int DEFAULT_CLIENT_PORT = 5222;
    /** metrics.port when the key is absent: no /metrics endpoint. */
    public static final int METRICS_OFF = -1;

    /** Every key with its meaning (the --help text of the agent lists them). */
    public static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> k = new java.util.LinkedHashMap<>();
        k.put("node.name", "this node's name (required)");
        k.put("peer.name", "the other node of the group (required)");
        k.put("peer.address", "host:port of the peer's service port (empty: set later, embedded use)");
        k.put("cluster", "cluster name (default cluster1)");
        k.put("group.name", "presence redundancy group name, <=128 of A-Z a-z 0-9 _ - (default prg1)");
        k.put("group.description", "<=128 characters, none of \" % & \\ < > (default empty)");
        k.put("group.nodes", "node1,node2 in configuration order (default: the two names sorted)");
        k.put("ha.enabled", "Enable High Availability (default true)");
        k.put("bind.address", "address the ports listen on (default 127.0.0.1; 0.0.0.0 = every address)");
        k.put("tls.dir", "directory of ca.crt, <node.name>.crt and <node.name>.key (tandem-agent init-pki; default pki)");
        k.put("insecure", "true = plaintext ports WITHOUT authentication (isolated tests only; default false)");
        k.put("metrics.bind", "address /metrics listens on (default 127.0.0.1)");
        k.put("service.port", "SRM-to-SRM port (default 22001; 0 = any free port)");
        k.put("admin.port", "admin RPC port (default 20075; 0 = any free port)");
        k.put("client.port", "the presence node's client port (default 5222; 0 = any free port)");
        k.put("metrics.port", "HTTP port of GET /metrics, Prometheus text format (default: off; 0 = any free port)");
        k.put("heartbeat.interval", "Keep Alive (Heartbeat) Interval (default 15s)");
        k.put("heartbeat.timeout", "Keep Alive (Heartbeat) Timeout (default 60s)");
        k.put("heartbeat.init-timeout", "Initialization Keep Alive (Heartbeat) Timeout (default 120s)");
        k.put("service.down-delay", "Critical Service Down Delay (default 90s)");
        k.put("fallback.automatic", "Enable Automatic Fallback (default false)");
        k.put("fallback.delay", "wait before an automatic fallback (default 30min)");
        k.put("xcp-auth.monitored", "Enable monitoring of XCP Authentication Service (default false)");
        k.put("relogin.lower", "Client Re-Login Lower Limit (default 120s)");
        k.put("relogin.upper", "Client Re-Login Upper Limit (default 537s)");
        k.put("service.<ID>", "binding of a critical service: emulated | tcp:HOST:PORT | http:URL | command:CMD");
        k.put("service.<ID>.start", "command that starts it (real bindings)");
        k.put("service.<ID>.stop", "command that stops it (real bindings)");
        k.put("service.poll", "how often services are checked (default 1s)");
        k.put("data.dir", "directory of the agent's database (default ./data/<node.name>)");
        k.put("users.move-delay", "extra time before each user move, to watch M2/M4 (default 0)");
        k.put("users.assignment-mode", "BALANCED | ACTIVE_STANDBY | NONE (default BALANCED)");
        k.put("flap.max-failovers", "automatic failovers of this node within flap.window that hold its automatic fallback"
                + " until an operator acts (default 3; 0 = never hold)");
        k.put("flap.window", "how far back flap.max-failovers counts (default 1h)");
        return java.util.Collections.unmodifiableMap(k);
    }

    /** Thrown for a configuration that cannot run; the message names every bad field. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(List<String> problems) {
            super("bad configuration: " + String.join("; ", problems));
        }
    }

    public static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException(List.of("config file " + file + ": " + e.getMessage()));
        }
        return p;
    }

    public static AgentConfig parse(Properties p) {
        List<String> problems = new ArrayList<>();
        PropertyReader r = new PropertyReader(p, problems);
        String node = r.name("node.name", null);
        String peer = r.name("peer.name", null);
        if (node != null && node.equals(peer)) {
            problems.add("peer.name: must differ from node.name ('" + node + "')");
        }
        String peerAddress = r.str("peer.address", "");
        if (!peerAddress.isEmpty() && !peerAddress.matches("[^:\\s]+:\\d{1,5}")) {
            problems.add("peer.address: '" + peerAddress + "' is not host:port");
        }
        String cluster = r.str("cluster", "cluster1");
        String group = r.str("group.name", "prg1");
        for (String g : GroupRules.nameProblems(group)) {
            problems.add("group.name: " + g);
        }
        String description = r.str("group.description", "");
        for (String g : GroupRules.descriptionProblems(description)) {
            problems.add("group.description: " + g);
        }
        List<String> nodes;
        String nodesText = r.str("group.nodes", "");
        if (nodesText.isEmpty()) {
            nodes = node == null || peer == null ? List.of() : List.of(node, peer).stream().sorted().toList();
        } else {
            nodes = List.of(nodesText.split("\\s*,\\s*"));
            if (nodes.size() != 2 || node == null || peer == null || !nodes.contains(node) || !nodes.contains(peer)) {
                problems.add("group.nodes: '" + nodesText + "' must list node.name and peer.name, in the order of the group");
            }
        }
        boolean ha = r.bool("ha.enabled", true);
        String bind = r.str("bind.address", "127.0.0.1");
        String tlsDir = r.str("tls.dir", "pki");
        boolean insecure = r.bool("insecure", false);
        String metricsBind = r.str("metrics.bind", "127.0.0.1");
        int servicePort = r.port("service.port", DEFAULT_SERVICE_PORT);
        int adminPort = r.port("admin.port", DEFAULT_ADMIN_PORT);
        if (servicePort != 0 && servicePort == adminPort) {
            problems.add("admin.port: " + adminPort + " is also the service.port");
        }
        int clientPort = r.port("client.port", DEFAULT_CLIENT_PORT);
        if (clientPort != 0 && (clientPort == servicePort || clientPort == adminPort)) {
            problems.add("client.port: " + clientPort + " is also the " + (clientPort == servicePort ? "service.port" : "admin.port"));
        }
        int metricsPort = r.port("metrics.port", METRICS_OFF);
        if (metricsPort > 0 && (metricsPort == servicePort || metricsPort == adminPort || metricsPort == clientPort)) {
            problems.add("metrics.port: " + metricsPort + " is already used by another port of this agent");
        }
        SrmParameters d = SrmParameters.defaults();
        SrmParameters params = new SrmParameters(
                r.duration("heartbeat.interval", d.heartbeatIntervalMs()),
                r.duration("heartbeat.timeout", d.heartbeatTimeoutMs()),
                r.duration("heartbeat.init-timeout", d.initializationHeartbeatTimeoutMs()),
                r.duration("service.down-delay", d.criticalServiceDownDelayMs()),
                r.bool("fallback.automatic", d.automaticFallbackEnabled()),
                r.duration("fallback.delay", d.automaticFallbackDelayMs()),
                r.bool("xcp-auth.monitored", d.xcpAuthenticationMonitored()),
                r.duration("relogin.lower", d.reloginLowerLimitMs()),
                r.duration("relogin.upper", d.reloginUpperLimitMs()));
        for (String pr : params.problems()) {
            problems.add("parameters: " + pr);
        }
        Map<CriticalService, String[]> bindings = new EnumMap<>(CriticalService.class);
        for (String key : p.stringPropertyNames()) {
            Matcher m = SERVICE_KEY.matcher(key);
            if (!m.matches() || m.group(1).equals("poll") || m.group(1).equals("down-delay") || m.group(1).equals("port")) {
                continue;
            }
            CriticalService s;
            try {
                s = CriticalService.parse(m.group(1));
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
                continue;
            }
            String spec = p.getProperty("service." + m.group(1), "emulated");
            String[] b = {spec, p.getProperty("service." + m.group(1) + ".start", ""),
                    p.getProperty("service." + m.group(1) + ".stop", "")};
            try {
                ServiceBinding.parse(b[0], b[1], b[2]);
                bindings.put(s, b);
            } catch (IllegalArgumentException e) {
                problems.add("service." + m.group(1) + ": " + e.getMessage());
            }
        }
        long poll = r.duration("service.poll", 1000);
        if (poll < 10) {
            problems.add("service.poll: " + poll + " ms is too short (at least 10 ms)");
        }
        String dir = r.str("data.dir", node == null ? "data" : "data/" + node);
        long moveDelay = r.duration("users.move-delay", 0);
        UserAssignmentMode mode = UserAssignmentMode.BALANCED;
        String modeText = r.str("users.assignment-mode", "BALANCED").toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            mode = UserAssignmentMode.valueOf(modeText);
            if (mode == UserAssignmentMode.UNRECOGNIZED || mode == UserAssignmentMode.USER_ASSIGNMENT_MODE_UNSPECIFIED) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            problems.add("users.assignment-mode: '" + modeText + "' is not BALANCED, ACTIVE_STANDBY or NONE");
        }
        dev.tandem.agent.srm.FlapLimits flap = dev.tandem.agent.srm.FlapLimits.DEFAULTS;
        try {
            flap = new dev.tandem.agent.srm.FlapLimits((int) Math.min(Integer.MAX_VALUE,
                    r.count("flap.max-failovers", dev.tandem.agent.srm.FlapLimits.DEFAULTS.maxFailovers())),
                    r.duration("flap.window", dev.tandem.agent.srm.FlapLimits.DEFAULTS.windowMs()));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new AgentConfig(node, peer, peerAddress, cluster, group, description, nodes, ha, bind, servicePort,
                adminPort, params, bindings, poll, Path.of(dir), moveDelay, mode, clientPort, metricsPort, Path.of(tlsDir),
                insecure, metricsBind, flap);
    }

    private static final Pattern SERVICE_KEY = Pattern.compile("service\\.([A-Za-z_]+)(\\.start|\\.stop)?");

    /** A builder over the same keys, for tests and embedded agents. */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final Properties p = new Properties();

        public Builder set(String key, Object value) {
            p.setProperty(key, String.valueOf(value));
            return this;
        }

        public Properties properties() {
            return p;
        }

        public AgentConfig build() {
            return parse(p);
        }
    }

    /** Reads fields and collects one problem per bad field. */
    private record PropertyReader(Properties p, List<String> problems) {
        String str(String key, String def) {
            String v = p.getProperty(key);
            return v == null ? def : v.trim();
        }

        String name(String key, String def) {
            String v = str(key, def);
            if (v == null || v.isEmpty()) {
                problems.add(key + ": required");
                return null;
            }
            if (!dev.tandem.contract.Identifiers.isNodeName(v)) {
                problems.add(key + ": " + dev.tandem.contract.Identifiers.quote(v) + " must be "
                        + dev.tandem.contract.Identifiers.NODE_NAME_RULE);
                return null;
            }
            return v;
        }

        boolean bool(String key, boolean def) {
            String v = str(key, null);
            if (v == null) {
                return def;
            }
            if (v.equalsIgnoreCase("true")) {
                return true;
            }
            if (v.equalsIgnoreCase("false")) {
                return false;
            }
            problems.add(key + ": '" + v + "' is not true or false");
            return def;
        }

        int port(String key, int def) {
            String v = str(key, null);
            if (v == null || (def < 0 && v.isEmpty())) {
                return def;
            }
            try {
                int n = Integer.parseInt(v);
                if (n < 0 || n > 65535) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                problems.add(key + ": '" + v + "' is not a port (0..65535)");
                return def;
            }
        }

        long count(String key, long def) {
            String v = str(key, null);
            if (v == null) {
                return def;
            }
            if (!v.matches("\\d{1,9}")) {
                problems.add(key + ": '" + v + "' is not a whole number");
                return def;
            }
            return Long.parseLong(v);
        }

        long duration(String key, long def) {
            String v = str(key, null);
            if (v == null) {
                return def;
            }
            Matcher m = Pattern.compile("(\\d{1,12})\\s*(ms|s|min|h)?").matcher(v);
            if (!m.matches()) {
                problems.add(key + ": '" + v + "' is not a duration (e.g. 500ms, 15s, 30min)");
                return def;
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            return switch (unit) {
                case "s" -> n * 1000;
                case "min" -> n * 60_000;
                case "h" -> n * 3_600_000;
                default -> n;
            };
        }
    }
}
