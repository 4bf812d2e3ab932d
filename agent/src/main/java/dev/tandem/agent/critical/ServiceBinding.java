package dev.tandem.agent.critical;

/** How one critical service is checked, started and stopped. */
public interface ServiceBinding {

    /** How it is bound, for the status: "emulated", "tcp: host:port", "http: url", "command: ...". */
    String describe();

    /** True when the service runs; throws (with a readable message) when it does not or the check fails. */
    boolean check() throws Exception;

    void start() throws Exception;

    void stop() throws Exception;

    /** Parses a binding of the configuration: {@code emulated}, {@code tcp:host:port}, {@code http:URL}, {@code command:CMD}. */
    static ServiceBinding parse(String spec, String startCommand, String stopCommand) {
        String s = spec == null ? "" : spec.trim();
        if (s.isEmpty() || s.equals("emulated")) {
            return new EmulatedService();
        }
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + s + "' is not a binding; use emulated, tcp:HOST:PORT, http:URL or command:CMD");
        }
        String kind = s.substring(0, colon).trim();
        String arg = s.substring(colon + 1).trim();
        Probe probe = switch (kind) {
            case "tcp" -> Probe.tcp(arg);
            case "http" -> Probe.http(arg);
            case "command" -> Probe.command(arg);
            default -> throw new IllegalArgumentException("unknown binding kind '" + kind
                    + "'; use emulated, tcp:HOST:PORT, http:URL or command:CMD");
        };
        return new ProbeBinding(probe, startCommand, stopCommand);
    }
}
