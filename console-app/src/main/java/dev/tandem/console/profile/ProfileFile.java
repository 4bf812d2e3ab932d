package dev.tandem.console.profile;

import dev.tandem.console.connection.AgentAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The profile file: one {@code key=value} per line, {@code #} comments, blank lines ignored.
 * Keys: {@code agent=host:port} (repeatable; a bare {@code host:port} line is an agent too, as in
 * earlier profiles), {@code pki=DIR}, {@code as=NAME}, {@code insecure=true|false},
 * {@code group=NAME}, {@code view=TAB} (overview, matrix, charts, actions-and-services,
 * configuration, users, alerts, history, command-log), {@code agents-shown=true|false},
 * {@code chart.window-ms=N} (10000..3600000), {@code chart.counters=A,B}, {@code chart.table=true|false}.
 * A line that is none of these is an error naming the file and line; nothing is applied then.
 */
public final class ProfileFile {
    public static final Set<String> VIEWS = Set.of("overview", "matrix", "charts", "actions-and-services",
            "configuration", "users", "alerts", "history", "command-log");

    private ProfileFile() {
    }

    public static Profile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read profile " + file + ": " + e.getMessage());
        }
        return parse(lines, file.toString());
    }

    static Profile parse(List<String> lines, String name) {
        Set<AgentAddress> agents = new LinkedHashSet<>();
        String pki = null;
        String as = null;
        Boolean insecure = null;
        String group = null;
        String view = null;
        Boolean agentsShown = null;
        Long window = null;
        List<String> counters = null;
        Boolean table = null;
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String where = name + " line " + (i + 1) + ": ";
            int eq = t.indexOf('=');
            String key = eq < 0 ? "agent" : t.substring(0, eq).strip();
            String value = eq < 0 ? t : t.substring(eq + 1).strip();
            try {
                switch (key) {
                    case "agent" -> agents.add(AgentAddress.parse(value));
                    case "pki" -> pki = value;
                    case "as" -> as = value;
                    case "insecure" -> insecure = bool(value);
                    case "group" -> group = value;
                    case "view" -> {
                        // a tab id; a view this build does not have (a newer console's) opens nothing
                        if (!value.matches("[a-z0-9-]{1,40}")) {
                            throw new IllegalArgumentException("view is a tab name such as " + String.join(", ",
                                    VIEWS.stream().sorted().toList()) + ", not '" + value + "'");
                        }
                        view = value;
                    }
                    case "agents-shown" -> agentsShown = bool(value);
                    case "chart.window-ms" -> {
                        long ms;
                        try {
                            ms = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("chart.window-ms must be a number of milliseconds");
                        }
                        if (ms < 10_000 || ms > 3_600_000) {
                            throw new IllegalArgumentException("chart.window-ms must be between 10000 and 3600000");
                        }
                        window = ms;
                    }
                    case "chart.counters" -> counters = value.isEmpty() ? List.of()
                            : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                    case "chart.table" -> table = bool(value);
                    default -> throw new IllegalArgumentException("unknown key '" + key + "'");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage());
            }
        }
        return new Profile(new ArrayList<>(agents), pki, as, insecure, group, view, agentsShown, window, counters, table);
    }

    private static boolean bool(String v) {
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("say true or false, not '" + v + "'");
    }

    /** The file's text; what {@link #parse} reads back to the same profile. */
    public static String format(Profile p) {
        StringBuilder b = new StringBuilder("# Tandem console profile (tandem-console --profile FILE)\n");
        if (p.insecure() != null && p.insecure()) {
            b.append("insecure=true\n");
        } else {
            if (p.pki() != null) {
                b.append("pki=").append(p.pki()).append('\n');
            }
            if (p.as() != null) {
                b.append("as=").append(p.as()).append('\n');
            }
        }
        p.agents().forEach(a -> b.append("agent=").append(a).append('\n'));
        if (p.group() != null) {
            b.append("group=").append(p.group()).append('\n');
        }
        if (p.view() != null) {
            b.append("view=").append(p.view()).append('\n');
        }
        if (p.agentsShown() != null) {
            b.append("agents-shown=").append(p.agentsShown()).append('\n');
        }
        if (p.chartWindowMs() != null) {
            b.append("chart.window-ms=").append(p.chartWindowMs()).append('\n');
        }
        if (p.chartCounters() != null) {
            b.append("chart.counters=").append(String.join(",", p.chartCounters())).append('\n');
        }
        if (p.chartTable() != null) {
            b.append("chart.table=").append(p.chartTable()).append('\n');
        }
        return b.toString();
    }
}
