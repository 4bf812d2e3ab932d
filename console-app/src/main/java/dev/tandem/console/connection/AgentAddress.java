package dev.tandem.console.connection;

/** An agent's admin API address, "host:port". */
public record AgentAddress(String host, int port) {

    public AgentAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
    }

    /** Parses "host:port" (IPv6 as "[::1]:20075"); the message says what is wrong. */
    public static AgentAddress parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.lastIndexOf(':');
        if (t.isEmpty()) {
            throw new IllegalArgumentException("enter an agent address as host:port, e.g. 127.0.0.1:20075");
        }
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + t + "' is not host:port (e.g. 127.0.0.1:20075)");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + t.substring(colon + 1) + "' is not a number");
        }
        return new AgentAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
